// "RLM: Search Workspace" as a person uses it: palette, regex, pick a match, land on that line.
import assert from 'node:assert/strict';
import {
  activeEditorTab,
  openWorkbench,
  cursorPosition,
  expectVisible,
  quickInputBox,
  quickPickRows,
  runCommandFromPalette,
  waitForQuickInputTitled,
} from './lib/workbench.mjs';

export const title = 'RLM: Search Workspace finds a line and opens it';

// test/fixtures/integration-workspace/src/greeting.ts, line 9: export const fixtureMarker = 'needle-in-the-haystack';
const expectedRow = 'src/greeting.ts:9';

export async function run({ page, screenshot, url }) {
  await openWorkbench(page, url, 'integration-workspace');
  // The palette lists an extension's commands once the server has loaded it; its activity-bar icon says it has.
  await expectVisible(
    page.locator('.part.activitybar .action-item a[aria-label^="RLM"]'),
    'the RLM icon in the activity bar',
    60_000,
  );
  await runCommandFromPalette(page, 'RLM: Search Workspace');
  await waitForQuickInputTitled(page, 'RLM: Search Workspace');
  await quickInputBox(page).fill('needle-in-the-\\w+');
  await quickInputBox(page).press('Enter');

  const row = await expectVisible(
    quickPickRows(page, expectedRow),
    `the match ${expectedRow} in the quick pick`,
    30_000,
  );
  const rowText = await row.innerText();
  assert.match(rowText, /needle-in-the-haystack/, `the ${expectedRow} row shows the matching line`);
  assert.equal(await quickPickRows(page).count(), 1, 'exactly one match for the marker in the fixture workspace');
  await screenshot('e2e-search');

  await row.click();
  await expectVisible(activeEditorTab(page).filter({ hasText: 'greeting.ts' }), 'greeting.ts as the active editor tab');
  await expectVisible(
    cursorPosition(page).filter({ hasText: /Ln 9, Col \d+/ }),
    'the cursor on line 9 (status bar "Ln 9, Col …")',
  );
  await screenshot('e2e-search-opened');
}
