// "RLM: Trace Dependencies" and "RLM: Show Dependency Graph" as a person uses them: cursor on a function, the tree of
// its callers and callees, the laid-out graph, a click on a node that opens its file at the line.
/* global document -- the waitForFunction callbacks run in the page */
import assert from 'node:assert/strict';
import {
  activeEditorTab,
  cursorPosition,
  expectVisible,
  frameWith,
  goToLine,
  openFileByName,
  openWorkbench,
  reloadWindow,
  runCommandFromPalette,
} from './lib/workbench.mjs';

export const title = 'RLM: Trace Dependencies shows callers and callees; the dependency graph opens a clicked node';

// test/fixtures/integration-workspace/src/geometry/report.tsx, line 9: export function areaReport(sides: number[]): string {
const rootLine = 9;

export async function run({ page, screenshot, url }) {
  await openWorkbench(page, url, 'integration-workspace');
  await expectVisible(
    page.locator('.part.activitybar .action-item a[aria-label^="RLM"]'),
    'the RLM icon in the activity bar',
    60_000,
  );
  await openFileByName(page, 'report.tsx');
  await goToLine(page, rootLine, 20);

  await runCommandFromPalette(page, 'RLM: Trace Dependencies');
  const rows = page.locator('.part.sidebar .monaco-list-row');
  // The first trace builds the symbol index (a progress notification) before the tree fills.
  await expectVisible(
    rows.filter({ hasText: 'areaReport' }),
    'areaReport as the root of the Dependency Trace tree',
    60_000,
  );
  // The sidebar's Chat view is open by default: fold it so the trace tree has the sidebar's height.
  const chatHeader = page.locator('.part.sidebar .pane-header', {
    has: page.locator('h3.title', { hasText: /^Chat$/i }),
  });
  if (
    (await (await expectVisible(chatHeader, 'the sidebar Chat view header')).getAttribute('aria-expanded')) === 'true'
  )
    await chatHeader.click();
  await expectVisible(rows.filter({ hasText: 'Callees' }), 'the Callees group');
  const callee = await expectVisible(
    rows.filter({ hasText: 'largestSquare' }),
    'largestSquare among the callees',
    30_000,
  );
  assert.match(
    await callee.innerText(),
    /src\/geometry\/report\.tsx:4 · exact/,
    'a callee row shows file:line and confidence',
  );
  await expectVisible(rows.filter({ hasText: 'formatArea' }), 'formatArea among the callees');
  await expectVisible(rows.filter({ hasText: 'Imports' }), 'the Imports group');
  await screenshot('e2e-trace-tree');

  await runCommandFromPalette(page, 'RLM: Show Dependency Graph');
  const graph = await frameWith(page, 'svg.graph g.node', "the dependency graph's nodes", 60_000);
  const nodes = graph.locator('svg.graph g.node');
  const count = await nodes.count();
  assert.ok(count >= 6, `the graph shows areaReport, its callees and theirs (2 hops), got ${count} nodes`);
  assert.match(
    (await graph.locator('g.node.root').textContent()) ?? '',
    /areaReport/,
    'the root node is highlighted as the root',
  );
  assert.ok((await graph.locator('path.edge').count()) >= count - 1, 'edges connect the nodes');
  await expectVisible(graph.getByText(/\d+ symbols, \d+ calls/), 'the graph summary line');
  await screenshot('e2e-trace-graph');

  // It opens fitted: the root and every node inside the canvas.
  const canvas = graph.locator('.canvas');
  const canvasBox = await canvas.boundingBox();
  const within = (box) =>
    box &&
    box.x >= canvasBox.x - 1 &&
    box.y >= canvasBox.y - 1 &&
    box.x + box.width <= canvasBox.x + canvasBox.width + 1 &&
    box.y + box.height <= canvasBox.y + canvasBox.height + 1;
  const rootBox = () => graph.locator('g.node.root').boundingBox();
  const allInView = async () =>
    (await Promise.all((await nodes.all()).map((node) => node.boundingBox()))).every(within);
  assert.ok(within(await rootBox()), 'the root node is in view when the graph opens');
  assert.ok(await allInView(), 'every node is in view when the graph opens (fitted)');

  // Zoom with the keyboard past the old 50% floor, with the wheel, then 0 fits again.
  const zoomLevel = async () => Number((await graph.locator('[aria-label="Zoom level"]').innerText()).replace('%', ''));
  await canvas.click({ position: { x: 3, y: 3 } });
  const fitted = await zoomLevel();
  await canvas.press('+');
  const zoomAbove = (level) =>
    graph.waitForFunction(
      (floor) => Number(document.querySelector('[aria-label="Zoom level"]').textContent.replace('%', '')) > floor,
      level,
      { timeout: 10_000 },
    );
  await zoomAbove(fitted);
  for (let i = 0; i < 8; i++) await canvas.press('-');
  const zoomedOut = await zoomLevel();
  assert.ok(zoomedOut < 50, `- zooms below 50% (got ${zoomedOut}%)`);
  await page.mouse.move(canvasBox.x + canvasBox.width / 2, canvasBox.y + canvasBox.height / 2);
  await page.mouse.wheel(0, -300);
  await zoomAbove(zoomedOut);
  await canvas.press('0');
  await expectVisible(
    graph.locator('[aria-label="Zoom level"]', { hasText: `${fitted}%` }),
    'the fitted zoom level again after 0',
  );

  // Drag on the background pans the graph by the distance moved.
  const before = await rootBox();
  await page.mouse.move(canvasBox.x + 6, canvasBox.y + canvasBox.height - 6);
  await page.mouse.down();
  await page.mouse.move(canvasBox.x + 66, canvasBox.y + canvasBox.height - 36, { steps: 5 });
  await page.mouse.up();
  const after = await rootBox();
  assert.ok(
    Math.abs(after.x - before.x - 60) < 2 && Math.abs(after.y - before.y + 30) < 2,
    `the root moved with the drag (${before.x},${before.y} → ${after.x},${after.y})`,
  );
  await graph.locator('button[aria-label="Fit to window"]').click();
  await graph.waitForFunction(
    () => {
      const box = document.querySelector('.canvas').getBoundingClientRect();
      return [...document.querySelectorAll('g.node')].every((node) => {
        const r = node.getBoundingClientRect();
        return r.left >= box.left - 1 && r.top >= box.top - 1 && r.right <= box.right + 1 && r.bottom <= box.bottom + 1;
      });
    },
    undefined,
    { timeout: 10_000 },
  );
  assert.ok(await allInView(), 'Fit brings every node back into view');
  await screenshot('e2e-trace-graph-fitted');

  // Depth 1: the host traces again and the page draws only the direct callees.
  await graph.locator('select[aria-label="Depth in hops"]').selectOption('1');
  await expectVisible(
    graph.getByText(/^5 symbols, 4 calls/),
    'the depth-1 graph: areaReport and its 4 direct callees',
    60_000,
  );
  assert.equal(await nodes.count(), 5, 'the page redrew the smaller graph');

  await graph.locator('g.node', { hasText: 'formatArea' }).first().click();
  await expectVisible(
    activeEditorTab(page).filter({ hasText: 'shapes.tsx' }),
    'shapes.tsx opened from the formatArea node',
  );
  await expectVisible(cursorPosition(page).filter({ hasText: /Ln 31, Col \d+/ }), "the cursor on formatArea's line 31");
  await screenshot('e2e-trace-graph-opened');

  // A reload brings back the graph tab at the depth picked and the traced symbol in the Dependency Trace view.
  await reloadWindow(page);
  const graphTab = await expectVisible(
    page.locator('.part.editor .tabs-container .tab', { hasText: 'Graph: areaReport' }),
    'the graph tab restored after the reload',
    60_000,
  );
  await graphTab.click();
  const restored = await frameWith(page, 'svg.graph g.node', "the restored graph's nodes", 60_000);
  await expectVisible(
    restored.getByText(/^5 symbols, 4 calls/),
    'the restored graph at the depth picked before (1)',
    60_000,
  );
  await expectVisible(
    page.locator('.part.sidebar .monaco-list-row', { hasText: 'areaReport' }),
    'areaReport still the root of the Dependency Trace view',
    60_000,
  );
  await screenshot('e2e-trace-graph-reloaded');
}
