// The Recursion Tree and the run timeline as a person uses them: a question asked in the chat (scripted model server)
// fans out parallel sub-calls and a child run; the tree shows the nesting with costs, a clicked step opens its
// details, and the timeline tab draws the parallel sub-calls side by side.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startScriptedModelProcess } from './lib/scriptedModelProcess.mjs';
import {
  activeEditorTab,
  expectVisible,
  frameWith,
  openWorkbench,
  reloadWindow,
  runCommandFromPalette,
} from './lib/workbench.mjs';

export const title =
  'RLM: Recursion Tree shows a run’s nesting and costs, opens step details, and the timeline draws parallel sub-calls side by side';

const questionBox = 'textarea[aria-label="Question about this workspace"]';
const question = 'How is the greeting shouted?';
const js = (code) => `Let me look.\n\`\`\`js\n${code}\n\`\`\``;

const rules = [
  {
    name: 'child',
    match: { model: 'tree-root', lastUser: 'What does shout do?' },
    reply: 'FINAL(It upper-cases: src/util/shout.ts:2)',
  },
  {
    name: 'root-1',
    match: { model: 'tree-root', lastUser: { regex: 'Question: How is the greeting shouted' } },
    reply: js(
      'const s = llmMap(["src/greeting.ts", "src/util/shout.ts", "src/server.go"], "One line.")\nprint(s.length + " summaries")',
    ),
  },
  {
    name: 'root-2',
    match: { model: 'tree-root', lastUser: '3 summaries' },
    reply: js('print(rlm("What does shout do?"))'),
  },
  {
    name: 'root-3',
    match: { model: 'tree-root', lastUser: 'upper-cases' },
    reply: 'FINAL(`shout` upper-cases it: src/util/shout.ts:2.)',
  },
  { name: 'sub', match: { model: 'tree-sub' }, delayMs: 800, reply: 'a one-line summary' },
  { name: 'fallback', reply: 'FINAL(No scripted answer.)' },
];

/** A copy of the fixture workspace; the user settings point the root and sub model at the scripted server. */
function prepareWorkspace(dir, workspaceFolder, baseUrl, userSettings) {
  const folder = path.join(dir, 'tree-workspace');
  fs.cpSync(workspaceFolder, folder, { recursive: true });
  fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
  userSettings({
    'rlm.model.provider': 'openai-compatible',
    'rlm.model.baseUrl': baseUrl,
    'rlm.model.name': 'tree-root',
    'rlm.model.subModel': 'tree-sub',
  });
  fs.writeFileSync(
    path.join(folder, '.vscode', 'settings.json'),
    JSON.stringify({ 'rlm.limits.maxDepth': 1 }, null, 2),
  );
  return folder;
}

/** Folds the sidebar's Chat view (the chat is open as a tab too), so the Recursion Tree gets the sidebar's height. */
async function foldSidebarChat(page) {
  const pane = (name) =>
    page.locator('.part.sidebar .pane-header', { has: page.locator('h3.title', { hasText: name }) });
  await expectVisible(pane(/^Recursion Tree$/i), 'the Recursion Tree view in the sidebar', 30_000);
  const chat = await expectVisible(pane(/^Chat$/i), 'the sidebar Chat view header');
  if ((await chat.getAttribute('aria-expanded')) === 'true') await chat.click();
  await expectVisible(
    page.locator('.part.sidebar .pane-header[aria-expanded="false"]', {
      has: page.locator('h3.title', { hasText: /^Chat$/i }),
    }),
    'the sidebar Chat view folded',
  );
}

/** Clicks a tree row's twistie when the row is collapsed. */
async function expand(row) {
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
}

export async function run({ page, screenshot, url, workspaceFolder, userSettings }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-e2e-tree-'));
  const server = await startScriptedModelProcess(dir, rules);
  try {
    const folder = prepareWorkspace(dir, workspaceFolder, server.baseUrl, userSettings);
    await openWorkbench(page, `${url}?folder=${encodeURIComponent(folder)}`, 'tree-workspace');
    await expectVisible(
      page.locator('.part.activitybar .action-item a[aria-label^="RLM"]'),
      'the RLM icon in the activity bar',
      60_000,
    );

    // 1. A question in the chat runs the engine; its events feed the tree.
    await runCommandFromPalette(page, 'RLM: Open Chat');
    const chat = await frameWith(page, questionBox, "the chat panel's question box", 30_000);
    await chat.locator(questionBox).fill(question);
    await chat.locator(questionBox).press('Enter');
    await expectVisible(chat.locator('article.turn[data-status="answered"]'), 'the turn answered', 60_000);

    // 2. The tree: the run with its cost, iterations, the cell with three sub-calls, the child run under its cell.
    await runCommandFromPalette(page, 'RLM: Show Recursion Tree');
    await foldSidebarChat(page);
    const tree = page.locator('.part.sidebar .pane', {
      has: page.locator('.pane-header', { hasText: 'Recursion Tree' }),
    });
    const rows = tree.locator('.monaco-list-row');
    const runRow = await expectVisible(rows.filter({ hasText: question }), 'the run in the Recursion Tree', 30_000);
    assert.match(await runRow.innerText(), /[\d,]+ tok/, 'the run row shows its tokens');
    await expand(runRow);
    const iteration1 = await expectVisible(rows.filter({ hasText: 'Iteration 1' }), 'Iteration 1');
    await expand(iteration1);
    const cell = await expectVisible(rows.filter({ hasText: 'Code: const s = llmMap(' }), 'the llmMap code cell');
    await expand(cell);
    await expectVisible(rows.filter({ hasText: 'llm: ' }), 'the sub-calls under the cell');
    assert.equal(await rows.filter({ hasText: 'llm: ' }).count(), 3, 'three sub-calls under the cell');
    assert.match(
      await runRow.innerText(),
      /cost unknown|\$\d/,
      'the run row shows its cost (the scripted models have no price)',
    );
    // The sidebar is shared with other views and the list renders visible rows only: fold the first iteration.
    await iteration1.locator('.monaco-tl-twistie').click();
    await expand(await expectVisible(rows.filter({ hasText: 'Iteration 2' }), 'Iteration 2'));
    const rlmCell = await expectVisible(rows.filter({ hasText: 'Code: print(rlm(' }), 'the rlm() code cell');
    await expand(rlmCell);
    await expectVisible(
      rows.filter({ hasText: 'Child run: What does shout do?' }),
      'the child run nested under the cell that spawned it',
    );
    await screenshot('e2e-recursion-tree');

    // 3. Clicking a step opens its details.
    await rlmCell.click();
    await expectVisible(activeEditorTab(page).filter({ hasText: 'Code cell' }), "the code cell's detail document");
    await expectVisible(
      page.locator('.part.editor .view-lines', { hasText: 'It upper-cases' }),
      "the cell's output (the child run's answer) in its details",
    );
    await screenshot('e2e-recursion-tree-details');

    // 4. The timeline: the three parallel sub-calls overlap in time, so they sit in three lanes.
    await runCommandFromPalette(page, 'RLM: Open Run Timeline');
    const timeline = await frameWith(
      page,
      '.rlm-timeline-bar[data-kind="sub-call"]',
      'the sub-call bars of the timeline',
      30_000,
    );
    const subBars = timeline.locator('.rlm-timeline-bar[data-kind="sub-call"]');
    assert.equal(await subBars.count(), 3);
    const boxes = [];
    for (let i = 0; i < 3; i++) boxes.push(await subBars.nth(i).boundingBox());
    assert.equal(new Set(boxes.map((b) => Math.round(b.y))).size, 3, 'each parallel sub-call has its own lane');
    const overlapStart = Math.max(...boxes.map((b) => b.x));
    const overlapEnd = Math.min(...boxes.map((b) => b.x + b.width));
    assert.ok(overlapStart < overlapEnd, 'the parallel sub-calls overlap in time (side by side)');
    assert.ok(
      (await timeline.locator('.rlm-timeline-bar[data-kind="child-run"]').count()) === 1,
      'the child run has a bar',
    );
    await subBars.first().hover();
    await expectVisible(
      timeline.locator('.rlm-timeline-tooltip', { hasText: 'Sub-call' }),
      'the hover tooltip of a sub-call bar',
    );
    await screenshot('e2e-run-timeline');

    // 5. Clicking a bar selects its node in the tree.
    await subBars.first().click();
    await expectVisible(
      rows.filter({ hasText: 'llm: ' }).and(tree.locator('.monaco-list-row.selected')),
      'the clicked sub-call selected in the tree',
    );

    // 6. A reload brings back the timeline tab and the step's detail tab with its text, and the run's row keeps
    // duration · tokens · cost.
    const tabs = page.locator('.part.editor .tabs-container .tab');
    await expectVisible(tabs.filter({ hasText: 'Code cell' }), "the code cell's detail tab before the reload");
    await reloadWindow(page);
    await expectVisible(tabs.filter({ hasText: /^Timeline: / }), 'the timeline tab restored after the reload', 60_000);
    await tabs.filter({ hasText: /^Timeline: / }).click();
    const restoredTimeline = await frameWith(
      page,
      '.rlm-timeline-bar[data-kind="sub-call"]',
      "the restored timeline's sub-call bars",
      60_000,
    );
    assert.equal(
      await restoredTimeline.locator('.rlm-timeline-bar[data-kind="sub-call"]').count(),
      3,
      'the restored timeline shows the same run',
    );
    const detailTab = await expectVisible(
      tabs.filter({ hasText: 'Code cell' }),
      "the step's detail tab restored after the reload",
      60_000,
    );
    await detailTab.click();
    await expectVisible(
      page.locator('.part.editor .view-lines', { hasText: 'It upper-cases' }),
      "the restored detail tab showing the cell's output again",
      60_000,
    );
    await screenshot('e2e-step-detail-reloaded');
    await runCommandFromPalette(page, 'RLM: Show Recursion Tree');
    await foldSidebarChat(page);
    const restoredRun = await expectVisible(
      rows.filter({ hasText: question }),
      'the run in the Recursion Tree after the reload',
      30_000,
    );
    const description = await restoredRun.locator('.label-description').innerText();
    assert.match(
      description,
      /^\d+(\.\d)? m?s · [\d,]+ tok · (cost unknown|\$\d)/,
      `the restored run row reads duration · tokens · cost (got "${description}")`,
    );
    await screenshot('e2e-recursion-tree-reloaded');
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
