// "RLM: Open Chat" as a person uses it, against the scripted model server: a streamed answer with citations that open
// the cited line, Stop on a slow run, hostile markdown that runs nothing, and the conversation surviving a reload.
/* global window, document -- the page.evaluate callbacks run in the browser */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startScriptedModelProcess } from './lib/scriptedModelProcess.mjs';
import {
  activeEditorTab,
  cursorPosition,
  expectVisible,
  frameWith,
  openWorkbench,
  runCommandFromPalette,
} from './lib/workbench.mjs';

export const title =
  'RLM: Open Chat streams a cited answer, opens citations, stops a run, renders hostile markdown inertly, survives a reload';

// Workbench load, three runs and a reload: more than the runner's default 120 s on a busy machine (used once the runner reads it).
export const timeoutMs = 240_000;

const questionBox = 'textarea[aria-label="Question about this workspace"]';

const citedQuestion = 'Where is the fixture marker defined?';
const citedAnswer =
  'The marker is defined in src/greeting.ts:9, next to `greetLoudly`. It is shouted by `src/util/shout.ts:2-4` ' +
  '(see ./src/greeting.ts:11-13 for the caller).\n\n```ts\nexport const fixtureMarker = shout(greet(name));\n```\n\nThat is all.';
const slowQuestion = 'Take your time with this one';
const payloadQuestion = 'Show me the payloads';
// Each payload would set the flag if it ran; none may.
const payloadAnswer = [
  'Payloads: <script>window.__rlmPwned = "script"</script>',
  '<img src="x" onerror="window.__rlmPwned = \'img\'">',
  '[click me](javascript:window.__rlmPwned="link") and <a href="javascript:window.__rlmPwned=1">raw link</a>',
  '![remote](https://example.invalid/pixel.png) <svg onload="window.__rlmPwned=\'svg\'"></svg> end.',
].join('\n');

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const asked = (question) => ({ lastUser: { regex: `Question: ${escapeRegex(question)}` } });

const rules = [
  { name: 'cited', match: asked(citedQuestion), reply: `FINAL(${citedAnswer})`, chunkDelayMs: 100, chunkChars: 10 },
  { name: 'slow', match: asked(slowQuestion), reply: 'FINAL(Too late.)', delayMs: 90_000 },
  { name: 'payload', match: asked(payloadQuestion), reply: `FINAL(${payloadAnswer})` },
  { name: 'fallback', reply: 'FINAL(No scripted answer for this question.)' },
];

/** A copy of the fixture workspace with .vscode/settings.json; the model (a user setting) is the scripted server. */
function prepareWorkspace(dir, workspaceFolder, baseUrl, userSettings) {
  const folder = path.join(dir, 'chat-workspace');
  fs.cpSync(workspaceFolder, folder, { recursive: true });
  const settingsFile = path.join(folder, '.vscode', 'settings.json');
  const writeSettings = (extra = {}) => {
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(settingsFile, `${JSON.stringify(extra, null, 2)}\n`);
  };
  userSettings({
    'rlm.model.provider': 'openai-compatible',
    'rlm.model.baseUrl': baseUrl,
    'rlm.model.name': 'scripted-root',
  });
  writeSettings();
  return { folder, writeSettings };
}

/** The chat webview's frame (it nests two deep and is replaced on reload). */
function chatFrame(page) {
  return frameWith(page, questionBox, "the chat panel's question box", 30_000);
}

async function ask(page, question) {
  const frame = await chatFrame(page);
  await frame.locator(questionBox).fill(question);
  await frame.locator(questionBox).press('Enter');
  return frame;
}

/** The turn asked with `question`, located by its question text. */
function turn(frame, question) {
  return frame.locator('article.turn', { has: frame.locator('.question', { hasText: question }) });
}

async function switchTheme(page, writeSettings, theme, bodyClass) {
  writeSettings({ 'workbench.colorTheme': theme });
  await expectVisible(page.locator(`.monaco-workbench.${bodyClass}`), `the workbench in ${theme}`, 20_000);
}

export async function run({ page, screenshot, url, workspaceFolder, userSettings }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-e2e-chat-'));
  const server = await startScriptedModelProcess(dir, rules);
  try {
    const { folder, writeSettings } = prepareWorkspace(dir, workspaceFolder, server.baseUrl, userSettings);
    const workspaceUrl = `${url}?folder=${encodeURIComponent(folder)}`;
    await openWorkbench(page, workspaceUrl, 'chat-workspace');
    await expectVisible(
      page.locator('.part.activitybar .action-item a[aria-label^="RLM"]'),
      'the RLM icon in the activity bar',
      60_000,
    );
    await runCommandFromPalette(page, 'RLM: Open Chat');
    let frame = await chatFrame(page);
    await expectVisible(
      frame.locator('.model-label', { hasText: 'scripted-root' }),
      'the scripted model in the chat header',
    );
    await expectVisible(frame.locator('.empty-state'), 'the empty conversation with example questions');
    await switchTheme(page, writeSettings, 'Default Light Modern', 'vs');
    await screenshot('e2e-chat-empty-light');

    // 1. The answer streams: a running turn shows part of the answer before the turn ends.
    frame = await ask(page, citedQuestion);
    const cited = turn(frame, citedQuestion);
    await expectVisible(cited.locator('.progress'), 'the progress strip of the running turn');
    await expectVisible(
      cited.and(frame.locator('[data-status="running"]')).locator('.answer'),
      'part of the answer while the turn runs',
      30_000,
    );
    const partial = await cited.locator('.answer').innerText();
    assert.equal(await frame.locator('button.send').isDisabled(), true, 'Send is disabled while a turn runs');
    await expectVisible(cited.and(frame.locator('[data-status="answered"]')), 'the turn marked answered', 30_000);
    const full = await cited.locator('.answer').innerText();
    assert.ok(
      partial.length < full.length && full.includes('That is all.'),
      `the answer grew from "${partial}" to the whole text`,
    );
    assert.match(await cited.locator('.turn-status').innerText(), /Answered/);

    // 2. Citations are keyboard-focusable links; clicking one opens the file at that line.
    const citations = cited.locator('a.citation');
    assert.deepEqual(
      await citations.evaluateAll((links) =>
        links.map((a) => `${a.dataset.file}:${a.dataset.startLine}-${a.dataset.endLine}`),
      ),
      ['src/greeting.ts:9-9', 'src/util/shout.ts:2-4', 'src/greeting.ts:11-13'],
    );
    await screenshot('e2e-chat-answer-light');
    await citations.first().click();
    await expectVisible(
      activeEditorTab(page).filter({ hasText: 'greeting.ts' }),
      'greeting.ts as the active editor tab',
    );
    await expectVisible(
      cursorPosition(page).filter({ hasText: /Ln 9, Col \d+/ }),
      'the cursor on line 9 (status bar "Ln 9, Col …")',
    );
    // The file may open over the chat tab; a person brings the chat back the same way they opened it.
    await runCommandFromPalette(page, 'RLM: Open Chat');
    // The chat shown again has its conversation back before it takes a question (its webview may have been rebuilt).
    const shownAgain = await chatFrame(page);
    await expectVisible(
      turn(shownAgain, citedQuestion).and(shownAgain.locator('[data-status="answered"]')),
      'the answered turn in the chat shown again',
    );

    // 3. A slow run is stopped with Stop and says so.
    frame = await ask(page, slowQuestion);
    const slow = turn(frame, slowQuestion);
    const stop = await expectVisible(
      slow.locator('.progress button[aria-label="Stop this run"]'),
      'the Stop button of the slow run',
    );
    await stop.click();
    await expectVisible(slow.and(frame.locator('[data-status="stopped"]')), 'the slow turn marked stopped', 15_000);
    const stoppedLine = await slow.locator('.turn-status').innerText();
    assert.match(
      stoppedLine,
      /^\s*Stopped by you( · |$)/,
      `the status line says who stopped the run (got "${stoppedLine}")`,
    );
    assert.equal(stoppedLine.match(/stopped/gi)?.length, 1, `"stopped" is said once (got "${stoppedLine}")`);
    assert.equal(await frame.locator('button.send').isDisabled(), true, 'Send stays disabled with an empty question');
    await frame.locator(questionBox).fill('typed after stop');
    assert.equal(await frame.locator('button.send').isDisabled(), false, 'Send is enabled again once nothing runs');

    // 4. Hostile markdown renders as inert text.
    frame = await ask(page, payloadQuestion);
    const payload = turn(frame, payloadQuestion);
    await expectVisible(
      payload.and(frame.locator('[data-status="answered"]')),
      'the payload turn marked answered',
      30_000,
    );
    await expectVisible(payload.locator('.answer', { hasText: 'end.' }), 'the whole payload answer');
    const clickable = payload.locator('.answer a');
    for (let i = 0; i < (await clickable.count()); i++) await clickable.nth(i).click();
    await payload.locator('.answer', { hasText: 'click me' }).click();
    const inert = await frame.evaluate(() => ({
      flag: window.__rlmPwned,
      scripts: document.querySelectorAll('.answer script').length,
      handlers: [...document.querySelectorAll('.answer *')].filter((el) =>
        [...el.attributes].some((a) => a.name.startsWith('on')),
      ).length,
      scriptLinks: [...document.querySelectorAll('.answer a')].filter((a) =>
        /^\s*javascript:/i.test(a.getAttribute('href') ?? ''),
      ).length,
      images: document.querySelectorAll('.answer img').length,
    }));
    assert.deepEqual(
      inert,
      { flag: undefined, scripts: 0, handlers: 0, scriptLinks: 0, images: 0 },
      'no payload ran or survived sanitizing',
    );
    assert.equal(
      await page.evaluate(() => window.__rlmPwned),
      undefined,
      'the workbench window was not touched either',
    );

    await switchTheme(page, writeSettings, 'Default Dark Modern', 'vs-dark');
    await cited.scrollIntoViewIfNeeded();
    await screenshot('e2e-chat-dark');

    // 5. After a reload the conversation is still there (the host persists it).
    await page.reload();
    await expectVisible(page.locator('.monaco-workbench'), 'the workbench after the reload', 60_000);
    await runCommandFromPalette(page, 'RLM: Open Chat');
    frame = await chatFrame(page);
    for (const [question, status] of [
      [citedQuestion, 'answered'],
      [slowQuestion, 'stopped'],
      [payloadQuestion, 'answered'],
    ]) {
      await expectVisible(
        turn(frame, question).and(frame.locator(`[data-status="${status}"]`)),
        `"${question}" (${status}) after the reload`,
        30_000,
      );
    }
    assert.match(await turn(frame, citedQuestion).locator('.answer').innerText(), /That is all\./);
    assert.equal(await frame.locator('.empty-state').count(), 0, 'no empty state once there is a conversation');
    await screenshot('e2e-chat-reloaded-dark');
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
