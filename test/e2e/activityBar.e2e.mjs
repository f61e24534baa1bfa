// The RLM view container in the activity bar, with its search webview answering a query.
import { expectVisible, frameWith, openWorkbench } from './lib/workbench.mjs';

export const title = 'the RLM activity-bar view shows the search panel and finds a match';

export async function run({ page, screenshot, url }) {
  await openWorkbench(page, url, 'integration-workspace');
  const rlmIcon = page.locator('.part.activitybar .action-item a[aria-label^="RLM"]');
  await (await expectVisible(rlmIcon, 'the RLM icon in the activity bar')).click();
  await expectVisible(page.locator('.part.sidebar .composite.title', { hasText: /RLM/i }), 'the RLM side bar');
  // The Search view starts folded so the Chat has the room: a person opens it by its header.
  const searchHeader = page.locator('.part.sidebar .pane-header', {
    has: page.locator('h3.title', { hasText: /^Search$/i }),
  });
  if ((await (await expectVisible(searchHeader, 'the Search view header')).getAttribute('aria-expanded')) !== 'true')
    await searchHeader.click();

  const patternInput = 'input[aria-label="Regular expression"]';
  const webview = await frameWith(page, patternInput, "the search panel's pattern box");
  await webview.locator(patternInput).fill('needle-in-the-\\w+');
  await webview.locator(patternInput).press('Enter');
  await expectVisible(webview.getByText('greeting.ts').first(), "greeting.ts among the search panel's results", 30_000);
  await expectVisible(webview.getByText('needle-in-the-haystack').first(), 'the matching line in the search panel');
  await screenshot('e2e-activity-bar');
}
