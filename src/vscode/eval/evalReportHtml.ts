/**
 * The evaluation report's page: the per-mode table, the accuracy-against-cost chart and a row per question whose
 * runs open in the Recursion Tree. Everything from the run (questions, answers, modes) is escaped; the page's only
 * script is nonce'd and only posts `{type: 'openRun', runId}`.
 */
import { accuracyCostSvg, escapeXml } from '../../core/eval/evalReport';
import { webviewPageStart } from '../searchPanel/webviewHtml';
import { resultKey } from '../../core/eval/runEval';
import type { EvalMode, EvalOutput } from '../../core/eval/evalTypes';

export interface EvalReportPage {
  output: EvalOutput;
  /** `questionId/mode` → the engine's run id. */
  runIds: ReadonlyMap<string, string>;
  notes: readonly string[];
}

export function evalReportHtml(page: EvalReportPage, nonce: string, cspSource: string): string {
  const { output } = page;
  const modes = Object.keys(output.summary) as EvalMode[];
  const summaryRows = modes.map((mode) => {
    const s = output.summary[mode]!;
    return `<tr><td>${escapeXml(mode)}</td><td>${Math.round(s.accuracy * 100)}%</td><td>${s.meanScore.toFixed(2)}</td><td>${Math.round(s.meanInputTokens)}</td><td>${Math.round(s.meanOutputTokens)}</td><td>$${s.costUsd.toFixed(4)}</td><td>${(s.p50DurationMs / 1000).toFixed(1)} s</td></tr>`;
  });
  const questionRows = output.questions.map((q) => {
    const cells = modes.map((mode) => {
      const r = output.results.find((result) => result.questionId === q.id && result.mode === mode);
      if (!r) return '<td>—</td>';
      const runId = page.runIds.get(resultKey(q.id, mode));
      const mark = `${r.correct ? '✓' : '✗'} ${r.score.toFixed(2)}`;
      const title = escapeXml(r.answer.slice(0, 500));
      return runId
        ? `<td><button class="run" data-run-id="${escapeXml(runId)}" title="${title}">${mark}</button></td>`
        : `<td title="${title}">${mark}</td>`;
    });
    return `<tr class="question" data-question-id="${escapeXml(q.id)}"><td><b>${escapeXml(q.id)}</b> ${escapeXml(q.question.split('\n')[0].slice(0, 160))}</td><td>${escapeXml(q.kind)}</td>${cells.join('')}</tr>`;
  });
  return `${webviewPageStart([
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ])}
<title>RLM Evaluation</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 16px 16px; }
table { border-collapse: collapse; margin: 8px 0 16px; }
th, td { border-bottom: 1px solid var(--vscode-panel-border, #8884); padding: 4px 10px; text-align: left; vertical-align: top; }
.chart { color: var(--vscode-foreground); }
.chart svg { color: var(--vscode-foreground) !important; }
button.run { background: none; border: none; color: var(--vscode-textLink-foreground); cursor: pointer; padding: 0; font: inherit; }
button.run:hover, button.run:focus { text-decoration: underline; }
.notes { color: var(--vscode-descriptionForeground); }
</style>
</head>
<body>
<h1>RLM evaluation</h1>
<p>${output.questions.length} question(s), ${output.results.length} result(s). Click a result to open its run in the Recursion Tree.</p>
<table class="summary"><thead><tr><th>Mode</th><th>Accuracy</th><th>Mean score</th><th>Mean input tokens</th><th>Mean output tokens</th><th>Cost</th><th>p50 duration</th></tr></thead>
<tbody>${summaryRows.join('\n')}</tbody></table>
<div class="chart">${accuracyCostSvg(output.summary)}</div>
${page.notes.length ? `<ul class="notes">${page.notes.map((note) => `<li>${escapeXml(note)}</li>`).join('')}</ul>` : ''}
<h2>Questions</h2>
<table class="questions"><thead><tr><th>Question</th><th>Kind</th>${modes.map((mode) => `<th>${escapeXml(mode)}</th>`).join('')}</tr></thead>
<tbody>${questionRows.join('\n')}</tbody></table>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button.run') : null;
  if (button) vscode.postMessage({ type: 'openRun', runId: button.getAttribute('data-run-id') });
});
vscode.postMessage({ type: 'ready' });
</script>
</body>
</html>`;
}

const runIdPattern = /^[\w.-]{1,64}$/;

/** The page's messages, checked where they enter the host. */
export function parseEvalReportMessage(
  raw: unknown,
): { type: 'openRun'; runId: string } | { type: 'ready' } | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const message = raw as { type?: unknown; runId?: unknown };
  if (message.type === 'ready') return { type: 'ready' };
  if (message.type === 'openRun' && typeof message.runId === 'string' && runIdPattern.test(message.runId))
    return { type: 'openRun', runId: message.runId };
  return undefined;
}
