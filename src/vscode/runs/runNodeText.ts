/**
 * How a recursion-tree node reads: its label, its one-line description and its detail document (markdown).
 * Plain functions (no VS Code), shared by the tree view and the detail document.
 */
import type { NodeUsage, RecursionNode } from '../../core/engine/recursionTree';
import type { RunState } from '../../core/engine/runState';
import type { RunSummary } from './runStore';

const kindTitles: Record<RecursionNode['kind'], string> = {
  run: 'Run',
  iteration: 'Iteration',
  'model-call': 'Model call',
  'code-cell': 'Code cell',
  'sub-call': 'Sub-call',
};

export function nodeTitle(node: RecursionNode): string {
  return node.kind === 'run' && node.depth > 0 ? 'Child run' : kindTitles[node.kind];
}

export function nodeLabel(node: RecursionNode): string {
  switch (node.kind) {
    case 'run':
      return node.depth === 0 ? node.label || '(no question)' : `Child run: ${node.label}`;
    case 'code-cell':
      return `Code: ${node.label}`;
    case 'sub-call':
      return `llm: ${node.label}`;
    default:
      return node.label;
  }
}

/** "1.2 s · 3,400 tok · $0.0021"; a running node's time counts up to `now`. */
export function nodeDescription(node: RecursionNode, now: number): string {
  const parts = [durationText((node.endedAt ?? now) - node.startedAt)];
  const tokens = node.total.inputTokens + node.total.outputTokens;
  if (tokens > 0) parts.push(`${tokens.toLocaleString('en-US')} tok`);
  const cost = usageCost(node.total);
  if (cost) parts.push(cost);
  return parts.join(' · ');
}

/** What a past run's row says before its steps are read from disk: the same line as a live run's, from its summary. */
export function pastRunDescription(
  summary: Pick<RunSummary, 'reason' | 'durationMs' | 'inputTokens' | 'outputTokens' | 'costUsd' | 'costComplete'>,
): string {
  const parts: string[] = [];
  if (summary.reason === undefined) parts.push('interrupted');
  else if (summary.reason !== 'final') parts.push(summary.reason);
  if (summary.durationMs !== undefined) parts.push(durationText(summary.durationMs));
  const tokens = summary.inputTokens + summary.outputTokens;
  if (tokens > 0) parts.push(`${tokens.toLocaleString('en-US')} tok`);
  parts.push(
    summary.costComplete
      ? `$${summary.costUsd.toFixed(4)}`
      : summary.costUsd > 0
        ? `≥ $${summary.costUsd.toFixed(4)}`
        : 'cost unknown',
  );
  return parts.join(' · ');
}

function durationText(ms: number): string {
  return ms < 1000 ? `${Math.max(0, Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** "$0.0021", "≥ $0.0021" when some calls had no price, "" when none had one. */
function usageCost(usage: NodeUsage): string {
  if (usage.pricedCalls === 0) return '';
  return `${usage.unpricedCalls > 0 ? '≥ ' : ''}$${usage.costUsd.toFixed(4)}`;
}

/** The detail document of a node: what was asked, the code, the output, the response, timings and usage. */
export function runNodeMarkdown(tree: RunState, node: RecursionNode, now: number): string {
  const d = node.detail;
  const lines: string[] = [`# ${nodeTitle(node)}: ${escapeMarkdown(node.label)}`, ''];
  // Only the model name can come from outside (an endpoint's model id); the other facts are ours.
  const fact = (name: string, value: string | number | undefined): void => {
    if (value !== undefined && value !== '')
      lines.push(`- **${name}:** ${name === 'Model' ? escapeMarkdown(String(value)) : value}`);
  };
  fact('State', node.state);
  fact('Model', d.model);
  fact('Iteration', d.iteration);
  fact('Started', new Date(node.startedAt).toISOString());
  fact(
    'Duration',
    `${durationText((node.endedAt ?? now) - node.startedAt)}${node.endedAt === undefined ? ' (running)' : ''}`,
  );
  fact('Depth', node.depth);
  const own = node.own.pricedCalls + node.own.unpricedCalls > 0 ? node.own : undefined;
  if (own)
    fact(
      'Usage',
      `${own.inputTokens} in + ${own.outputTokens} out tokens${d.estimatedUsage ? ' (estimated)' : ''}, ${usageCost(own) || 'cost unknown'}`,
    );
  if (tree.children(node.id).length > 0 || !own)
    fact(
      'Total (with steps below)',
      `${node.total.inputTokens} in + ${node.total.outputTokens} out tokens, ${usageCost(node.total) || 'no priced calls'}`,
    );
  fact('Stop reason', d.reason);
  fact('Cell stop', d.cellStop);
  fact('Context', d.contextNote);
  fact('Context meter', d.contextMeter);
  lines.push('');
  const section = (title: string, text: string | undefined, language = ''): void => {
    if (text === undefined) return;
    lines.push(`## ${title}`, '', fenced(text, language), '');
  };
  section('Question', d.question);
  section('Prompt', d.prompt);
  section('Code', d.code, 'js');
  section('Output', d.output);
  section('Error', d.error);
  if (d.limits?.length) section('Limits', d.limits.join('\n'));
  section(node.kind === 'run' ? 'Answer' : 'Response', d.response);
  const children = tree.children(node.id);
  if (children.length > 0) {
    lines.push('## Steps', '');
    for (const child of children)
      lines.push(`- ${escapeMarkdown(nodeLabel(child))} — ${child.state}, ${nodeDescription(child, now)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A code fence longer than any backtick run inside, so model output cannot close it early. */
export function fenced(text: string, language = ''): string {
  // A loop, not Math.max(...runs): an output can hold more backtick runs than a call takes arguments.
  let longest = 2;
  for (const match of text.matchAll(/`+/g)) longest = Math.max(longest, match[0].length);
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}
