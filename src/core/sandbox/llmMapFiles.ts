/**
 * `llmMap` over whole files: a file longer than one sub-call's prompt is split into line-range chunks, each chunk
 * is answered, and the answers are combined per file (joined with their ranges, or merged by one more call).
 */
import { isLlmError } from '../llm/llmErrors';
import { resolveModelProfile } from '../llm/modelProfile';
import { conservativeTokens } from '../llm/tokenEstimate';
import { promptTokens } from '../engine/contextBudget';
import { definitionRanges, planChunks, readLines, type LineRange } from './fileChunks';
import { ReplArgumentError } from './replArguments';
import type { ReplHost } from './replFunctions';
import { isRunStoppingError, type SubCallOptions } from './sandboxTypes';

export type CombineMode = 'concat' | 'reduce';

export interface MapAnswer {
  file: string;
  answer: string;
  /** Sub-calls that read the file (1 when it fit one call; 0 when it could not be read). */
  chunks: number;
}

/** Runs `work` over items with the session's bounded concurrency, turning failures into answer text. */
export type FanOut = <T>(host: ReplHost, items: readonly T[], work: (item: T) => Promise<string>) => Promise<string[]>;

interface FilePlan {
  path: string;
  file: string;
  totalLines: number;
  ranges: LineRange[];
  /** Chunks added by splitting one the endpoint still found too long. */
  extraChunks: number;
  readError?: string;
}

/** Room left for the instruction, headers and the combine notes, besides file lines. */
const headerSlackTokens = 80;

export async function llmMapFiles(
  host: ReplHost,
  paths: readonly string[],
  task: string,
  options: SubCallOptions,
  combine: CombineMode,
  fanOut: FanOut,
): Promise<MapAnswer[]> {
  const budget = await (host.subCallPromptTokens?.(options) ??
    promptTokens(resolveModelProfile('unknown'), options.maxTokens ?? 4_096));
  const room = budget - conservativeTokens(task) - conservativeTokens(options.system ?? '') - headerSlackTokens;
  if (room < 100) {
    throw new ReplArgumentError(
      'llmMap',
      `the instruction leaves no room for file lines in the sub-model's ~${budget}-token prompt; shorten it or the system text.`,
    );
  }
  const plans = await planFiles(host, paths, room);
  const items = plans.flatMap((plan) => plan.ranges.map((range, index) => ({ plan, range, part: index + 1 })));
  const answers = await fanOut(host, items, (item) =>
    answerChunk(host, task, options, item.plan, item.range, item.part),
  );
  const byFile = plans.map((plan) =>
    items.map((item, i) => ({ item, answer: answers[i] })).filter(({ item }) => item.plan === plan),
  );
  const reduced = await fanOut(host, byFile, async (parts) => {
    const plan = parts[0]?.item.plan;
    if (!plan) return '';
    if (parts.length === 1) return parts[0].answer;
    const joined = parts
      .map(({ item, answer }) => `[lines ${item.range.startLine}-${item.range.endLine}]\n${answer}`)
      .join('\n\n');
    if (combine === 'concat') return joined;
    return host.subCall(
      `${task}\n\nThe file ${plan.file} (${plan.totalLines} lines) was too long for one call, so ${parts.length} calls each read a part. ` +
        `Their answers follow, each after the lines it covered. Combine them into one answer to the instruction for the whole file; keep the ${plan.file}:LINE citations.\n\n${joined}`,
      { ...options, label: `${plan.file}: combine ${parts.length} parts`, note: (line) => host.note(line) },
      host.signal,
    );
  });
  const split = plans.filter((plan) => plan.ranges.length + plan.extraChunks > 1);
  if (split.length > 0) {
    const listed = split
      .slice(0, 10)
      .map((p) => `${p.file} (${p.totalLines} lines) → ${p.ranges.length + p.extraChunks} chunks`)
      .join(', ');
    const how =
      combine === 'concat'
        ? 'answers joined with their [lines a-b] ranges'
        : 'answers combined by one more call per file';
    host.note(
      `[llmMap: ${split.length} file(s) did not fit one sub-call (~${budget} prompt tokens) and were read in chunks, ${how}: ${listed}${split.length > 10 ? ', …' : ''}]`,
    );
  }
  return plans.map((plan, i) => ({
    file: plan.path,
    answer: plan.readError ?? reduced[i],
    chunks: plan.readError ? 0 : plan.ranges.length + plan.extraChunks,
  }));
}

/** Reads each file once to plan its chunks (lines are read again per chunk, so memory holds one file per call in flight). */
async function planFiles(host: ReplHost, paths: readonly string[], room: number): Promise<FilePlan[]> {
  const plans: FilePlan[] = [];
  const width = Math.max(1, host.limits.subCallConcurrency);
  for (let i = 0; i < paths.length; i += width) {
    plans.push(
      ...(await Promise.all(
        paths.slice(i, i + width).map(async (path): Promise<FilePlan> => {
          try {
            const whole = await readLines(host.workspace, path, undefined, host.signal);
            host.onFileTouched?.(whole.file);
            const fits = whole.lines.reduce((sum, line) => sum + conservativeTokens(line) + 1, 0) <= room;
            const definitions = fits ? [] : await definitionRanges(host.symbols, whole.file, host.signal);
            return {
              path,
              file: whole.file,
              totalLines: whole.totalLines,
              ranges: planChunks(whole.lines, room, definitions),
              extraChunks: 0,
            };
          } catch (error) {
            if (host.signal.aborted || isRunStoppingError(error)) throw error;
            return {
              path,
              file: path,
              totalLines: 0,
              ranges: [],
              extraChunks: 0,
              readError: `[llmMap: ${error instanceof Error ? error.message : String(error)}]`,
            };
          }
        }),
      )),
    );
  }
  return plans;
}

/** One chunk's answer; when the endpoint still finds it too long, its two halves are answered instead. */
async function answerChunk(
  host: ReplHost,
  task: string,
  options: SubCallOptions,
  plan: FilePlan,
  range: LineRange,
  part: number,
): Promise<string> {
  const ask = async (r: LineRange, retryOnOverflow: boolean): Promise<string> => {
    const read = await readLines(host.workspace, plan.path, r.endLine >= r.startLine ? r : undefined, host.signal);
    const parts = plan.ranges.length + plan.extraChunks;
    const where =
      parts > 1 ? `, part ${part} of ${parts}; other parts go to other calls, so answer from these lines only` : '';
    const prompt = `${task}\n\nFile ${read.file} (lines ${r.startLine}-${Math.max(r.endLine, 0)} of ${read.totalLines}${where}; each line is prefixed with its number; cite as ${read.file}:LINE):\n${read.lines.join('\n')}`;
    return host.subCall(
      prompt,
      {
        ...options,
        retryOnOverflow,
        label: `${read.file}:${r.startLine}-${Math.max(r.endLine, r.startLine)}`,
        note: (line) => host.note(line),
      },
      host.signal,
    );
  };
  try {
    return await ask(range, false);
  } catch (error) {
    const tooLong = isLlmError(error) && error.kind === 'context-length';
    if (!tooLong || range.endLine <= range.startLine) throw error;
    const middle = range.startLine + Math.floor((range.endLine - range.startLine) / 2);
    plan.extraChunks++;
    host.note(
      `[llmMap: lines ${range.startLine}-${range.endLine} of ${plan.file} were too long for the sub-model; answered in two halves]`,
    );
    const halves = [
      { startLine: range.startLine, endLine: middle },
      { startLine: middle + 1, endLine: range.endLine },
    ];
    const answers = [];
    for (const half of halves) answers.push(`[lines ${half.startLine}-${half.endLine}]\n${await ask(half, true)}`);
    return answers.join('\n\n');
  }
}
