// "RLM: Explain with RLM" as a person uses it: after tracing a function, the chat shows a short question with the traced
// subgraph attached as context they can expand, scrolled into sight, while the model receives the whole trace.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startScriptedModelProcess } from './lib/scriptedModelProcess.mjs';
import {
  expectVisible,
  frameWith,
  goToLine,
  openFileByName,
  openWorkbench,
  runCommandFromPalette,
} from './lib/workbench.mjs';

export const title = 'RLM: Explain with RLM asks a short question with the trace attached as expandable context';

const rules = [
  {
    name: 'explain',
    match: { anyMessage: { regex: "Explain areaReport's dependencies" } },
    reply: 'FINAL(areaReport sums the areas; see src/geometry/report.tsx:9.)',
  },
  { name: 'fallback', reply: 'FINAL(No scripted answer for this question.)' },
];

export async function run({ page, screenshot, url, workspaceFolder, userSettings }) {
  await page.setViewportSize({ width: 1280, height: 800 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-e2e-explain-'));
  const server = await startScriptedModelProcess(dir, rules);
  try {
    const folder = path.join(dir, 'explain-workspace');
    fs.cpSync(workspaceFolder, folder, { recursive: true });
    // Where the model traffic goes is a user setting: a folder's settings cannot point it anywhere.
    userSettings({
      'rlm.model.provider': 'openai-compatible',
      'rlm.model.baseUrl': server.baseUrl,
      'rlm.model.name': 'scripted-root',
    });
    await openWorkbench(page, `${url}?folder=${encodeURIComponent(folder)}`, 'explain-workspace');
    await expectVisible(
      page.locator('.part.activitybar .action-item a[aria-label^="RLM"]'),
      'the RLM icon in the activity bar',
      60_000,
    );
    await openFileByName(page, 'report.tsx');
    await goToLine(page, 9, 20);
    await runCommandFromPalette(page, 'RLM: Trace Dependencies');
    await expectVisible(
      page.locator('.part.sidebar .monaco-list-row', { hasText: 'areaReport' }),
      'areaReport in the Dependency Trace tree',
      60_000,
    );

    await runCommandFromPalette(page, 'RLM: Explain with RLM');
    const frame = await frameWith(page, 'article.turn', 'the Explain question in the chat', 60_000);
    const turn = frame.locator('article.turn').last();
    const question = await turn.locator('.question p').innerText();
    assert.match(
      question,
      /^Explain areaReport's dependencies \(\d+ symbols\)$/,
      `the chat shows a short question (got "${question.slice(0, 120)}")`,
    );
    const context = turn.locator('details.turn-context');
    await expectVisible(
      context.locator('summary', {
        hasText: /^\s*Dependency trace of areaReport: 0 callers, \d+ callees, \d+ imports?/,
      }),
      'the attached trace, folded under the question',
    );
    assert.equal(await context.evaluate((details) => details.open), false, 'the context starts folded');
    await expectVisible(turn.and(frame.locator('[data-status="answered"]')), 'the Explain turn answered', 30_000);
    const inSight = await turn.locator('.question').evaluate((element) => {
      const log = element.closest('.conversation').getBoundingClientRect();
      const box = element.getBoundingClientRect();
      return box.top >= log.top - 1 && box.bottom <= log.bottom + 1;
    });
    assert.ok(inSight, 'the question is scrolled into sight');
    await context.locator('summary').click();
    const text = await expectVisible(context.locator('pre'), 'the trace text once expanded');
    assert.match(await text.innerText(), /Callees \(\d+\):\n- largestSquare at src\/geometry\/report\.tsx:4/);

    const prompt =
      (await server.requests())
        .find((r) => r.rule === 'explain')
        ?.messages.map((m) => m.content)
        .join('\n') ?? '';
    assert.ok(
      prompt.includes('- largestSquare at src/geometry/report.tsx:4, called on line 10 (exact)'),
      'the model received the whole trace',
    );
    await screenshot('e2e-explain-with-rlm');
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
