// What a person does in the browser VS Code, as Playwright steps that wait for the UI rather than sleeping.
import { AssertionError } from 'node:assert';

const quickInput = '.quick-input-widget';

/** Waits until `locator` is visible; on timeout fails with `what` and the text that is there instead. */
export async function expectVisible(locator, what, timeout = 20_000) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
    return locator.first();
  } catch (error) {
    if (error?.name !== 'TimeoutError') throw error;
    throw new AssertionError({ message: `Expected to see ${what} within ${timeout} ms, but it did not appear.` });
  }
}

/** Loads the workbench and waits until the explorer shows the opened folder. */
export async function openWorkbench(page, url, folderName) {
  await page.goto(url);
  await expectVisible(page.locator('.monaco-workbench'), 'the VS Code workbench', 60_000);
  await expectVisible(page.locator('.part.statusbar'), 'the status bar', 60_000);
  if (folderName) {
    await expectVisible(
      page.locator('.explorer-folders-view .monaco-list-row'),
      `the explorer listing ${folderName}`,
      60_000,
    );
  }
}

/** F1, retried: right after load the workbench may not have keyboard focus yet. */
async function openCommandPalette(page) {
  const widget = page.locator(quickInput);
  for (let attempt = 0; attempt < 5; attempt++) {
    await page.keyboard.press('F1');
    try {
      await widget.waitFor({ state: 'visible', timeout: 3000 });
      return;
    } catch {
      await page
        .locator('.part.statusbar')
        .click({ position: { x: 5, y: 5 } })
        .catch(() => {});
    }
  }
  throw new AssertionError({ message: 'F1 did not open the command palette.' });
}

/** The text box of the open quick input (command palette, input box or quick pick). */
export function quickInputBox(page) {
  return page.locator(`${quickInput} .quick-input-box input`);
}

/** Rows of the open quick pick, optionally those whose text matches `hasText`. */
export function quickPickRows(page, hasText) {
  return page.locator(`${quickInput} .quick-input-list .monaco-list-row`, hasText ? { hasText } : undefined);
}

/**
 * Runs a command from the palette by its full title ("RLM: Search Workspace"), as a person types it.
 * The palette lists the commands known when it opens, and an extension's arrive once the remote extension
 * host has scanned it: if the command is not there yet, close the palette and try again.
 */
export async function runCommandFromPalette(page, title, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  const focusedRow = page.locator(`${quickInput} .monaco-list-row.focused`, { hasText: title });
  for (;;) {
    await openCommandPalette(page);
    await quickInputBox(page).fill(`>${title}`);
    try {
      // Enter runs the focused row: wait until that row is the command we typed.
      await focusedRow.waitFor({ state: 'visible', timeout: 5000 });
      break;
    } catch {
      if (Date.now() > deadline) {
        throw new AssertionError({
          message: `Expected "${title}" in the command palette within ${timeout} ms; it is not listed.`,
        });
      }
      await page.keyboard.press('Escape');
    }
  }
  await quickInputBox(page).press('Enter');
}

/** Waits for an input box or quick pick with `title`, as opened by a command. */
export async function waitForQuickInputTitled(page, title) {
  return expectVisible(
    page.locator(`${quickInput} .quick-input-title`, { hasText: title }),
    `a quick input titled "${title}"`,
  );
}

/** The tab of the active editor. */
export function activeEditorTab(page) {
  return page.locator('.part.editor .tabs-container .tab.active');
}

/** The "Ln X, Col Y" status bar item of the active editor. */
export function cursorPosition(page) {
  return page.locator('.part.statusbar [id="status.editor.selection"]');
}

/** Finds the frame (webviews nest two deep) holding `selector`; polls until it appears. */
export async function frameWith(page, selector, what, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (frame.isDetached()) continue;
      const count = await frame
        .locator(selector)
        .count()
        .catch(() => 0);
      if (count > 0) return frame;
    }
    await page.waitForTimeout(200);
  }
  throw new AssertionError({ message: `Expected to see ${what} (${selector}) in a webview within ${timeout} ms.` });
}

/** Opens a workspace file through Quick Open (Ctrl+P), as a person types its name; waits for its tab. */
export async function openFileByName(page, fileName) {
  const widget = page.locator(quickInput);
  for (let attempt = 0; attempt < 5; attempt++) {
    await page.keyboard.press('Control+P');
    try {
      await widget.waitFor({ state: 'visible', timeout: 3000 });
      break;
    } catch {
      await page
        .locator('.part.statusbar')
        .click({ position: { x: 5, y: 5 } })
        .catch(() => {});
    }
  }
  await quickInputBox(page).fill(fileName);
  await expectVisible(
    page.locator(`${quickInput} .monaco-list-row.focused`, { hasText: fileName }),
    `${fileName} in Quick Open`,
  );
  await quickInputBox(page).press('Enter');
  await expectVisible(activeEditorTab(page).filter({ hasText: fileName }), `${fileName} as the active editor tab`);
}

/** Moves the active editor's cursor with Go to Line (`:line:column` in Quick Open) and waits for the status bar to say so. */
export async function goToLine(page, line, column) {
  await page.keyboard.press('Control+G');
  await expectVisible(page.locator(quickInput), 'the Go to Line box');
  await quickInputBox(page).fill(`:${line}:${column}`);
  // Enter acts on the picker's row, which follows the typed text a moment later.
  await expectVisible(
    page.locator(`${quickInput} .monaco-list-row`, { hasText: `line ${line} and character ${column}` }),
    `Go to line ${line}`,
  );
  await quickInputBox(page).press('Enter');
  await expectVisible(
    cursorPosition(page).filter({ hasText: `Ln ${line}, Col ${column}` }),
    `the cursor at Ln ${line}, Col ${column}`,
  );
}

/**
 * Developer: Reload Window, as a person reloads VS Code: unlike a browser reload it shuts the workbench down first, so
 * the open editors are saved and restored. Waits for the new workbench.
 */
export async function reloadWindow(page) {
  const navigated = page.waitForEvent('framenavigated', {
    predicate: (frame) => frame === page.mainFrame(),
    timeout: 60_000,
  });
  await runCommandFromPalette(page, 'Developer: Reload Window');
  await navigated;
  await expectVisible(page.locator('.monaco-workbench'), 'the workbench after the reload', 60_000);
  await expectVisible(page.locator('.part.statusbar'), 'the status bar after the reload', 60_000);
}
