/**
 * The evaluation as people read it: a markdown report with the per-mode table, and an SVG scatter of accuracy
 * against cost (against tokens when no model had a price). All text in the SVG is escaped.
 */
import type { EvalMode, EvalOutput, ModeSummary } from './evalTypes';

export interface ReportNotes {
  /** Where the questions came from, e.g. "8 generated from the symbol index (seed 1)". */
  source: string;
  /** Lines worth knowing: direct-mode truncation, skipped questions-file lines, a cancelled run. */
  notes: readonly string[];
  /** The SVG file's name next to the report, for the image link. */
  svgFile?: string;
}

const modeColors: Record<EvalMode, string> = { rlm: '#3b82f6', 'rlm-depth0': '#a855f7', direct: '#f97316' };

export function evalReportMarkdown(output: EvalOutput, notes: ReportNotes): string {
  const modes = Object.keys(output.summary) as EvalMode[];
  const lines = [
    '# RLM evaluation',
    '',
    `${output.questions.length} question(s), ${notes.source}; ${output.results.length} result(s).`,
    '',
    '| Mode | Accuracy | Mean score | Mean input tokens | Mean output tokens | Cost (USD) | p50 duration |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...modes.map((mode) => {
      const s = output.summary[mode] as ModeSummary;
      return `| ${mode} | ${percent(s.accuracy)} | ${s.meanScore.toFixed(2)} | ${Math.round(s.meanInputTokens)} | ${Math.round(s.meanOutputTokens)} | ${s.costUsd.toFixed(4)} | ${(s.p50DurationMs / 1000).toFixed(1)} s |`;
    }),
    '',
    ...(notes.svgFile ? [`![Accuracy against cost per mode](${notes.svgFile})`, ''] : []),
    ...notes.notes.map((note) => `- ${escapeMarkdown(note)}`),
    ...(notes.notes.length ? [''] : []),
    '## Questions',
    '',
    `| Question | Kind | ${modes.join(' | ')} |`,
    `| --- | --- | ${modes.map(() => '---').join(' | ')} |`,
    ...output.questions.map((q) => {
      const cells = modes.map((mode) => {
        const r = output.results.find((result) => result.questionId === q.id && result.mode === mode);
        return r ? `${r.correct ? '✓' : '✗'} ${r.score.toFixed(2)}` : '—';
      });
      return `| ${escapeMarkdown(q.id)}: ${escapeMarkdown(firstLine(q.question))} | ${q.kind} | ${cells.join(' | ')} |`;
    }),
    '',
  ];
  return lines.join('\n');
}

/** A scatter of each mode: accuracy (0-100%) up, cost (or tokens per question) across. */
export function accuracyCostSvg(summary: EvalOutput['summary']): string {
  const modes = Object.keys(summary) as EvalMode[];
  const priced = modes.some((mode) => (summary[mode]?.costUsd ?? 0) > 0);
  const xOf = (s: ModeSummary): number => (priced ? s.costUsd : s.meanInputTokens + s.meanOutputTokens);
  const xLabel = priced ? 'cost (USD, all questions)' : 'tokens per question (no model had a price)';
  const width = 480;
  const height = 320;
  const left = 60;
  const right = 110; // room for the labels of the rightmost points
  const top = 20;
  const bottom = 50;
  const maxX = Math.max(...modes.map((mode) => xOf(summary[mode] as ModeSummary)), 0) || 1;
  const px = (x: number): number => left + (x / maxX) * (width - left - right);
  const py = (accuracy: number): number => top + (1 - accuracy) * (height - top - bottom);
  const axis = [
    `<line x1="${left}" y1="${py(0)}" x2="${width - right}" y2="${py(0)}" stroke="currentColor" stroke-opacity="0.5"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${py(0)}" stroke="currentColor" stroke-opacity="0.5"/>`,
    ...[0, 0.5, 1].map(
      (a) =>
        `<text x="${left - 6}" y="${py(a) + 4}" text-anchor="end" font-size="11" fill="currentColor">${a * 100}%</text>`,
    ),
    `<text x="${left}" y="${height - 28}" font-size="11" fill="currentColor">0</text>`,
    `<text x="${width - right}" y="${height - 28}" text-anchor="end" font-size="11" fill="currentColor">${escapeXml(priced ? `$${maxX.toFixed(4)}` : String(Math.round(maxX)))}</text>`,
    `<text x="${(left + width - right) / 2}" y="${height - 10}" text-anchor="middle" font-size="12" fill="currentColor">${escapeXml(xLabel)}</text>`,
    `<text x="14" y="${(top + py(0)) / 2}" text-anchor="middle" font-size="12" fill="currentColor" transform="rotate(-90 14 ${(top + py(0)) / 2})">accuracy</text>`,
  ];
  const placed: { x: number; y: number }[] = [];
  const points = modes.map((mode) => {
    const s = summary[mode] as ModeSummary;
    const x = px(xOf(s));
    const y = py(s.accuracy);
    // Modes that land on the same spot get their labels stacked, not drawn over each other.
    const below = placed.filter((p) => Math.abs(p.x - x) < 12 && Math.abs(p.y - y) < 12).length;
    placed.push({ x, y });
    const labelY = y + 4 + below * 14;
    return (
      `<g><circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="6" fill="${modeColors[mode] ?? '#888'}"><title>${escapeXml(`${mode}: ${percent(s.accuracy)}, ${priced ? `$${s.costUsd.toFixed(4)}` : `${Math.round(xOf(s))} tokens`}`)}</title></circle>` +
      `<text x="${(x + 9).toFixed(1)}" y="${labelY.toFixed(1)}" font-size="12" fill="currentColor">${escapeXml(mode)}</text></g>`
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Accuracy against cost per mode">`,
    ...axis,
    ...points,
    '</svg>',
    '',
  ].join('\n');
}

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0];
  return line.length > 100 ? `${line.slice(0, 99)}…` : line;
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}
