// The RLM sidebar at a 1280x800 window, as a new user first meets it: the Chat view has the room (the other views start
// collapsed), an answer's code is highlighted in the theme's colours with Copy above it, a citation's range stays on one
// line, and a failed question's error is scrolled into sight.
/* global document, getComputedStyle -- the evaluate callbacks run in the browser */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startScriptedModelProcess } from './lib/scriptedModelProcess.mjs';
import { expectVisible, frameWith, openWorkbench } from './lib/workbench.mjs';

export const title =
  'the sidebar chat at 1280x800: room for the conversation, highlighted code, whole citations, errors in sight';

const questionBox = 'textarea[aria-label="Question about this workspace"]';
const codeQuestion = 'Show me the greeting code';
const failingQuestion = 'This one is refused';
const codeLines = Array.from({ length: 18 }, (_, i) => `  const part${i} = greet("step ${i}"); // step ${i}`);
const codeAnswer = [
  'The greeting is built in src/greeting.ts:9-13 and shouted by src/util/shout.ts:2-4, in these steps:',
  '',
  '```ts',
  'export function greetLoudly(name: string): string {',
  ...codeLines,
  '  return shout(greet(name));',
  '}',
  '```',
  '',
  'That is all.',
].join('\n');

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const asked = (question) => ({ lastUser: { regex: `Question: ${escapeRegex(question)}` } });
const rules = [
  { name: 'code', match: asked(codeQuestion), reply: `FINAL(${codeAnswer})` },
  { name: 'refused', match: asked(failingQuestion), status: 401, errorMessage: 'Incorrect API key provided.' },
  { name: 'fallback', reply: 'FINAL(No scripted answer for this question.)' },
];

function turn(frame, question) {
  return frame.locator('article.turn', { has: frame.locator('.question', { hasText: question }) });
}

async function ask(frame, question) {
  await frame.locator(questionBox).fill(question);
  await frame.locator(questionBox).press('Enter');
}

/** True when `inner` lies wholly inside `outer` (client rectangles of one frame). */
const inside = (inner, outer) => inner.top >= outer.top - 1 && inner.bottom <= outer.bottom + 1;

export async function run({ page, screenshot, url, workspaceFolder, userSettings }) {
  await page.setViewportSize({ width: 1280, height: 800 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-e2e-sidebar-'));
  const server = await startScriptedModelProcess(dir, rules);
  try {
    const folder = path.join(dir, 'sidebar-workspace');
    fs.cpSync(workspaceFolder, folder, { recursive: true });
    // Where the model traffic goes is a user setting: a folder's settings cannot point it anywhere.
    userSettings({
      'rlm.model.provider': 'openai-compatible',
      'rlm.model.baseUrl': server.baseUrl,
      'rlm.model.name': 'scripted-root',
    });
    await openWorkbench(page, `${url}?folder=${encodeURIComponent(folder)}`, 'sidebar-workspace');
    const rlmIcon = await expectVisible(
      page.locator('.part.activitybar .action-item a[aria-label^="RLM"]'),
      'the RLM icon in the activity bar',
      60_000,
    );
    await rlmIcon.click();

    // The Chat view is open and the three other views are folded to their headers.
    const header = (name) =>
      page.locator('.part.sidebar .pane-header', {
        has: page.locator('h3.title', { hasText: new RegExp(`^${name}$`, 'i') }),
      });
    await expectVisible(header('Chat'), 'the Chat view header');
    assert.equal(await header('Chat').getAttribute('aria-expanded'), 'true', 'the Chat view starts expanded');
    for (const name of ['Recursion Tree', 'Dependency Trace', 'Search']) {
      assert.equal(await header(name).getAttribute('aria-expanded'), 'false', `the ${name} view starts collapsed`);
    }
    const frame = await frameWith(page, questionBox, "the sidebar chat's question box", 60_000);
    await expectVisible(
      frame.locator('.model-label', { hasText: 'scripted-root' }),
      'the scripted model in the chat header',
    );
    const roomPx = await frame.locator('.conversation').evaluate((el) => el.clientHeight);
    assert.ok(roomPx >= 300, `the conversation gets at least 300 px of the 800 px window (got ${roomPx} px)`);

    // A code answer: highlighted with theme colours, Copy in a bar above the code, citations on one line each.
    await ask(frame, codeQuestion);
    const code = turn(frame, codeQuestion);
    await expectVisible(code.and(frame.locator('[data-status="answered"]')), 'the code answer marked answered', 30_000);
    const keyword = await expectVisible(
      code.locator('pre code .hljs-keyword'),
      'highlighted keywords in the code block (the highlighter loaded)',
    );
    const colours = await keyword.evaluate((el) => ({
      keyword: getComputedStyle(el).color,
      code: getComputedStyle(el.closest('code')).color,
    }));
    assert.notEqual(
      colours.keyword,
      colours.code,
      `keywords have their own theme colour (${colours.keyword} vs ${colours.code})`,
    );
    await expectVisible(
      code.locator('.code-bar .code-language', { hasText: 'ts' }),
      "the code block's language in its bar",
    );
    const overlap = await code
      .locator('.code-block')
      .first()
      .evaluate((block) => {
        const button = block.querySelector('button.copy-code').getBoundingClientRect();
        const pre = block.querySelector('pre').getBoundingClientRect();
        return button.bottom > pre.top + 0.5 && button.top < pre.bottom;
      });
    assert.equal(overlap, false, 'the Copy button sits above the code, not over it');
    const citations = await code.locator('a.citation').evaluateAll((links) =>
      links.map((a) => ({
        text: a.textContent,
        whiteSpace: getComputedStyle(a).whiteSpace,
        lines: a.getClientRects().length,
      })),
    );
    assert.ok(citations.length >= 2, `the answer's citations are links (got ${citations.length})`);
    for (const citation of citations) {
      assert.equal(citation.whiteSpace, 'nowrap', `${citation.text} does not wrap`);
      assert.equal(citation.lines, 1, `${citation.text} stays on one line`);
    }

    // Scrolled back to the top, a question that fails: its error comes into sight with its button.
    await frame.locator('.conversation').evaluate((el) => {
      el.scrollTop = 0;
    });
    await ask(frame, failingQuestion);
    const failed = turn(frame, failingQuestion);
    const error = await expectVisible(failed.locator('.error-block'), "the refused question's error", 30_000);
    await expectVisible(error.locator('button', { hasText: 'Set API key' }), 'Set API key offered in the error');
    // The scroll follows the painted frame: wait until the error's box lies inside the conversation's.
    await frame.waitForFunction(
      () => {
        const log = document.querySelector('.conversation').getBoundingClientRect();
        const block = [...document.querySelectorAll('.error-block')].pop()?.getBoundingClientRect();
        return block !== undefined && block.top >= log.top - 1 && block.bottom <= log.bottom + 1;
      },
      undefined,
      { timeout: 10_000 },
    );
    const boxes = await frame.evaluate(() => ({
      log: document.querySelector('.conversation').getBoundingClientRect().toJSON(),
      error: [...document.querySelectorAll('.error-block')].pop().getBoundingClientRect().toJSON(),
    }));
    assert.ok(inside(boxes.error, boxes.log), 'the error is in sight without scrolling');
    await screenshot('e2e-sidebar-chat-1280x800');
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
