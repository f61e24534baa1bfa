// The RLM sidebar at a 1280x800 window when the endpoint rate-limits: the chat asks before a wait longer than the user
// allows ("Wait N s" / "Stop", keyboard first), waits only after "Wait", and ends the run on "Stop" without another
// request. It also takes the README's pictures of the sidebar layout in the light and the dark theme.
/* global document -- the evaluate callbacks run in the browser */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startScriptedModelProcess } from './lib/scriptedModelProcess.mjs';
import { activeEditorTab, expectVisible, frameWith, openWorkbench } from './lib/workbench.mjs';

export const title =
  'the sidebar chat asks before a long rate-limit wait: Wait N s waits and answers, Stop ends the run; README pictures in light and dark';

export const timeoutMs = 240_000;

const questionBox = 'textarea[aria-label="Question about this workspace"]';
const tourQuestion = 'How is the loud greeting built?';
const tourAnswer = [
  'The loud greeting is built in two steps: `greet` formats the name at src/greeting.ts:4-6, and `greetLoudly` passes it',
  'to `shout` (src/util/shout.ts:2-4), which upper-cases it:',
  '',
  '```ts',
  'export function greetLoudly(name: string): string {',
  '  return shout(greet(name));',
  '}',
  '```',
  '',
  'The marker constant next to it is at src/greeting.ts:9.',
].join('\n');
const waitQuestion = 'Which files import shout?';
const stopQuestion = 'List every exported function';

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const asked = (question) => ({ lastUser: { regex: `Question: ${escapeRegex(question)}` } });
const rules = [
  { name: 'tour', match: asked(tourQuestion), reply: `FINAL(${tourAnswer})` },
  // Once: 3 s, past the 1 s the user allows, so the chat asks; after "Wait" the same request is answered.
  {
    name: 'wait-limited',
    match: asked(waitQuestion),
    status: 429,
    retryAfter: 3,
    errorMessage: 'Rate limit reached for requests',
    times: 1,
  },
  {
    name: 'wait-answer',
    match: asked(waitQuestion),
    reply: 'FINAL(Only src/greeting.ts imports shout: src/greeting.ts:1.)',
  },
  // Always an hour: the run must not wait it unasked, and after "Stop" must not ask the endpoint again.
  {
    name: 'stop-limited',
    match: asked(stopQuestion),
    status: 429,
    retryAfter: 3600,
    errorMessage: 'Rate limit reached for requests',
  },
  { name: 'fallback', reply: 'FINAL(No scripted answer for this question.)' },
];

function turn(frame, question) {
  return frame.locator('article.turn', { has: frame.locator('.question', { hasText: question }) });
}

async function ask(frame, question) {
  await frame.locator(questionBox).fill(question);
  await frame.locator(questionBox).press('Enter');
}

/** The text of the element that has the keyboard focus in the chat webview. */
const focusedText = (frame) => frame.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

export async function run({ page, screenshot, url, workspaceFolder, userSettings }) {
  await page.setViewportSize({ width: 1280, height: 800 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-e2e-ratelimit-'));
  const server = await startScriptedModelProcess(dir, rules);
  try {
    const folder = path.join(dir, 'ratelimit-workspace');
    fs.cpSync(workspaceFolder, folder, { recursive: true });
    const settingsFile = path.join(folder, '.vscode', 'settings.json');
    const theme = async (name, bodyClass) => {
      fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
      fs.writeFileSync(settingsFile, `${JSON.stringify({ 'workbench.colorTheme': name }, null, 2)}\n`);
      await expectVisible(page.locator(`.monaco-workbench.${bodyClass}`), `the workbench in ${name}`, 20_000);
    };
    userSettings({
      'rlm.model.provider': 'openai-compatible',
      'rlm.model.baseUrl': server.baseUrl,
      'rlm.model.name': 'scripted-root',
      'rlm.model.maxRateLimitWaitSeconds': 1,
    });
    await openWorkbench(page, `${url}?folder=${encodeURIComponent(folder)}`, 'ratelimit-workspace');
    const rlmIcon = await expectVisible(
      page.locator('.part.activitybar .action-item a[aria-label^="RLM"]'),
      'the RLM icon in the activity bar',
      60_000,
    );
    await rlmIcon.click();
    const frame = await frameWith(page, questionBox, "the sidebar chat's question box", 60_000);
    await expectVisible(
      frame.locator('.model-label', { hasText: 'scripted-root' }),
      'the scripted model in the chat header',
    );

    // The README's pictures: the sidebar as a new user meets it, the chat with room and the other views folded.
    await ask(frame, tourQuestion);
    const tour = turn(frame, tourQuestion);
    await expectVisible(tour.and(frame.locator('[data-status="answered"]')), 'the tour question answered', 30_000);
    await expectVisible(tour.locator('pre code .hljs-keyword'), 'the highlighted code of the answer');
    // A person clicks the first citation: the cited file opens beside the chat at that line.
    await tour.locator('a.citation').first().click();
    await expectVisible(
      activeEditorTab(page).filter({ hasText: 'greeting.ts' }),
      'greeting.ts opened from the citation',
    );
    await page.mouse.move(1100, 16); // no tooltip of the activity bar over the picture
    await theme('Default Light Modern', 'vs');
    await screenshot('readme-sidebar-chat-light');
    await theme('Default Dark Modern', 'vs-dark');
    await screenshot('readme-sidebar-chat-dark');

    // 1. A rate limit that asks for 3 s, past the 1 s allowed: the chat asks, the run waits for the answer.
    await ask(frame, waitQuestion);
    const waiting = turn(frame, waitQuestion);
    const question = await expectVisible(
      waiting.locator('.rate-limit-ask [role="alert"]'),
      'the rate-limit question in the running turn',
      30_000,
    );
    assert.match(await question.innerText(), /asks to wait 3 s, longer than the 1 s you allow without asking/);
    await expectVisible(waiting.locator('.rate-limit-ask button', { hasText: 'Wait 3 s' }), 'the Wait 3 s button');
    await frame.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Wait 3 s', undefined, {
      timeout: 10_000,
    });
    await screenshot('e2e-rate-limit-ask-dark');
    assert.equal(
      (await server.requests()).filter((r) => r.rule === 'wait-answer').length,
      0,
      'nothing was sent again before the answer',
    );
    // Keyboard: Enter on the focused Wait button.
    await page.keyboard.press('Enter');
    await expectVisible(
      waiting.and(frame.locator('[data-status="answered"]')),
      'the rate-limited question answered after the wait',
      30_000,
    );
    assert.match(await waiting.locator('.answer').innerText(), /Only src\/greeting\.ts imports shout/);
    const sent = await server.requests();
    const limited = sent.find((r) => r.rule === 'wait-limited');
    const answered = sent.find((r) => r.rule === 'wait-answer');
    assert.ok(limited && answered, 'the request was rate-limited once and then answered');
    assert.ok(
      answered.receivedAt - limited.receivedAt >= 2_990,
      `the retry came after the 3 s wait (${Math.round(answered.receivedAt - limited.receivedAt)} ms)`,
    );

    // 2. An hour's wait: Stop (reached with Tab, pressed with Enter) ends the run, and the endpoint is not asked again.
    await ask(frame, stopQuestion);
    const stopped = turn(frame, stopQuestion);
    await expectVisible(
      stopped.locator('.rate-limit-ask button', { hasText: 'Wait 3600 s' }),
      'the Wait 3600 s button',
      30_000,
    );
    await frame.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Wait 3600 s', undefined, {
      timeout: 10_000,
    });
    await page.keyboard.press('Tab');
    assert.equal(await focusedText(frame), 'Stop', 'Tab moves from Wait to Stop');
    await page.keyboard.press('Enter');
    await expectVisible(stopped.and(frame.locator('[data-status="stopped"]')), 'the rate-limited run stopped', 15_000);
    assert.match(await stopped.locator('.turn-status').innerText(), /Stopped by you/);
    assert.equal(await stopped.locator('.rate-limit-ask').count(), 0, 'the question is gone once answered');
    assert.equal(
      (await server.requests()).filter((r) => r.rule === 'stop-limited').length,
      1,
      'after Stop the endpoint was not asked again',
    );
    await screenshot('e2e-rate-limit-stopped-dark');
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
