// Chat panel figures in the real browser VS Code (code-server) with the packaged extension, against the scripted
// model server (a test tool, not a model): activation time as VS Code reports it, the webview bundle's size, and how
// long after the server writes a streamed chunk its text shows in the chat panel. Prints figures, asserts nothing.
// Usage: node bench/chatBench.mjs [--samples N]
/* global document, MutationObserver, window -- page.evaluate callbacks run in the browser */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer } from '../scripts/ensureCodeServer.mjs';
import { packageExtension } from '../scripts/package.mjs';
import { launchChromium } from '../scripts/lib/chromium.mjs';
import {
  codeServerDirs,
  installVsix,
  prepareCodeServerDirs,
  startCodeServer,
  writeUserSettings,
} from '../scripts/lib/codeServer.mjs';
import { freePort } from '../scripts/lib/processes.mjs';
import { startScriptedModelProcess } from '../test/e2e/lib/scriptedModelProcess.mjs';
import { expectVisible, frameWith, openWorkbench, runCommandFromPalette } from '../test/e2e/lib/workbench.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const samplesFlag = process.argv.indexOf('--samples');
const samples = samplesFlag >= 0 ? Number(process.argv[samplesFlag + 1]) : 5;
const questionBox = 'textarea[aria-label="Question about this workspace"]';
const chunkChars = 12;
const chunkDelayMs = 150;
// Plain words, so the rendered text equals the streamed text and each chunk's arrival can be told apart.
const answerWords =
  'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo';

const question = (i) => `Benchmark question number ${i}`;
const rules = Array.from({ length: samples }, (_, i) => ({
  name: `q${i}`,
  match: { lastUser: `Question: ${question(i)}` },
  reply: `FINAL(${answerWords} ${i})`,
  chunkChars,
  chunkDelayMs,
}));

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (ms) => `${ms.toFixed(1)} ms`;

async function main() {
  const layout = await ensureCodeServer();
  const { vsixPath } = await packageExtension({ quiet: true });
  const bundles = ['chat.js', 'chat.css'].map((name) => [
    name,
    fs.statSync(path.join(repoRoot, 'dist', 'webview', name)).size,
  ]);

  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-chat-bench-'));
  const dirs = codeServerDirs(stateDir);
  const model = await startScriptedModelProcess(stateDir, rules);
  const folder = path.join(stateDir, 'workspace');
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'integration-workspace'), folder, { recursive: true });
  let server;
  let browser;
  try {
    prepareCodeServerDirs(dirs);
    // The model endpoint is a user setting: a folder's settings cannot choose it.
    writeUserSettings(dirs, {
      'rlm.model.provider': 'openai-compatible',
      'rlm.model.baseUrl': model.baseUrl,
      'rlm.model.name': 'bench-root',
    });
    await installVsix(layout, dirs, vsixPath);
    const port = await freePort();
    ({ server } = await startCodeServer(layout, dirs, { port, folder }));
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await openWorkbench(page, `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`, 'workspace');
    await runCommandFromPalette(page, 'RLM: Open Chat');
    const frame = await frameWith(page, questionBox, 'the chat question box', 60_000);

    // Records, inside the webview, when each answer's text changes (epoch ms on the page's clock).
    await frame.evaluate(() => {
      window.__benchSeen = [];
      const observer = new MutationObserver(() => {
        for (const answer of document.querySelectorAll('article.turn .answer')) {
          const turn = answer.closest('article.turn');
          window.__benchSeen.push({
            at: performance.timeOrigin + performance.now(),
            question: turn.querySelector('.question')?.textContent ?? '',
            text: answer.textContent ?? '',
          });
        }
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    });

    for (let i = 0; i < samples; i++) {
      await frame.locator(questionBox).fill(question(i));
      await frame.locator(questionBox).press('Enter');
      const turn = frame.locator('article.turn', { has: frame.locator('.question', { hasText: question(i) }) });
      await expectVisible(turn.and(frame.locator('[data-status="answered"]')), `answer ${i}`, 60_000);
    }
    const seen = await frame.evaluate(() => window.__benchSeen);
    const requests = await model.requests();

    const firstToken = [];
    const everyChunk = [];
    for (let i = 0; i < samples; i++) {
      const request = requests.find((r) => r.rule === `q${i}`);
      const reply = `FINAL(${answerWords} ${i})`;
      const shownFor = seen.filter((s) => s.question.includes(question(i)));
      request.chunksSentAt.forEach((sentAt, k) => {
        // What the panel shows once chunk k is in: the reply so far without "FINAL(" (a final ")" is held back).
        const expected = reply
          .slice(0, chunkChars * (k + 1))
          .slice('FINAL('.length)
          .replace(/\)$/, '')
          .trim();
        if (!expected) return;
        const shown = shownFor.find((s) => s.text.replace(/\s+/g, ' ').trim().startsWith(expected));
        if (!shown) return;
        const latency = shown.at - sentAt;
        everyChunk.push(latency);
        if (firstToken.length === i) firstToken.push(latency);
      });
    }

    const activation = await activationTime(page);
    console.log('chat panel benchmark (code-server 1.100 in headless Chromium, scripted model server on loopback)');
    console.log(`  activation (VS Code's Running Extensions view): ${activation ?? 'not shown'}   target ≤ 150 ms`);
    for (const [name, bytes] of bundles)
      console.log(
        `  webview bundle dist/webview/${name}: ${(bytes / 1024).toFixed(1)} KB${name.endsWith('.js') ? '   target ≤ 400 KB' : ''}`,
      );
    console.log(
      `  first streamed token shown after the server sent it: median ${fmt(median(firstToken))}, max ${fmt(Math.max(...firstToken))} over ${firstToken.length} answers   target ≤ 50 ms`,
    );
    console.log(
      `  every streamed chunk: median ${fmt(median(everyChunk))}, max ${fmt(Math.max(...everyChunk))} over ${everyChunk.length} chunks`,
    );
    console.log(
      `  load average during the run: ${os
        .loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    await browser?.close();
    await server?.stop();
    await model.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

/** Reads our row of "Developer: Show Running Extensions": VS Code's own measure of code loading plus activate(). */
async function activationTime(page) {
  await runCommandFromPalette(page, 'Developer: Show Running Extensions');
  const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'RLM Explorer' });
  await expectVisible(row, 'RLM Explorer in Running Extensions', 30_000);
  const text = await row.innerText();
  return /(\d+)\s*ms/.exec(text)?.[0];
}

main().catch((error) => {
  console.error(`chat benchmark: ${error.message}`);
  process.exit(1);
});
