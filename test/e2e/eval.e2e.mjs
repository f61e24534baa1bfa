// "RLM: Evaluate on this Workspace" as a person uses it: the command runs the generated questions in every mode
// against the scripted model server under a progress notification, the report opens in a webview with the chart
// and a row per question, and clicking a result selects its run in the Recursion Tree.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startScriptedModelProcess } from './lib/scriptedModelProcess.mjs';
import { expectVisible, frameWith, openWorkbench, runCommandFromPalette } from './lib/workbench.mjs';

export const title =
  'RLM: Evaluate on this Workspace opens a report with the accuracy chart, and a result opens its run in the Recursion Tree';

const rules = [
  {
    name: 'direct',
    match: { model: 'eval-root', system: 'You answer questions about a codebase' },
    reply: 'It is at src/greeting.ts:4.',
  },
  { name: 'engine', match: { model: 'eval-root' }, reply: 'FINAL(It is at src/greeting.ts:4.)' },
];

export async function run({ page, screenshot, url, workspaceFolder, userSettings }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-e2e-eval-'));
  const server = await startScriptedModelProcess(dir, rules);
  try {
    const folder = path.join(dir, 'eval-workspace');
    fs.cpSync(workspaceFolder, folder, { recursive: true });
    userSettings({
      'rlm.model.provider': 'openai-compatible',
      'rlm.model.baseUrl': server.baseUrl,
      'rlm.model.name': 'eval-root',
    });
    await openWorkbench(page, `${url}?folder=${encodeURIComponent(folder)}`, 'eval-workspace');
    await expectVisible(
      page.locator('.part.activitybar .action-item a[aria-label^="RLM"]'),
      'the RLM icon in the activity bar',
      60_000,
    );

    await runCommandFromPalette(page, 'RLM: Evaluate on this Workspace');
    await expectVisible(
      page.locator('.notifications-toasts', { hasText: 'RLM: Evaluating' }),
      "the evaluation's progress notification",
      30_000,
    );
    const report = await frameWith(page, 'table.questions', 'the evaluation report', 180_000);
    await expectVisible(report.locator('.chart svg circle'), 'the accuracy-against-cost chart');
    assert.equal(await report.locator('table.summary tbody tr').count(), 3, 'a summary row per mode');
    assert.ok((await report.locator('tr.question').count()) > 0, 'a row per question');
    await screenshot('e2e-eval-report');

    // A result opens its run: the Recursion Tree shows and selects the run's row.
    await report.locator('button.run').first().click();
    const tree = page.locator('.part.sidebar .pane', {
      has: page.locator('.pane-header', { hasText: 'Recursion Tree' }),
    });
    await expectVisible(
      tree.locator('.monaco-list-row.selected'),
      "the result's run selected in the Recursion Tree",
      30_000,
    );
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
