import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CliCommand } from './cliCommand';
import { openWorkspace, parseCommandArgs, parseCount, workspaceOptions } from '../commandArgs';
import type { CliIo } from '../cliIo';
import { UsageError } from '../usageError';
import { askExitCodes } from '../ask/askExitCodes';
import { MissingEndpointError, secretRedactor } from '../ask/askSettings';
import { parseContextWindow, parseRunLimits, resolveFlagEndpoint, runLimitOptions } from '../ask/runLimitFlags';
import { loadAskPricing } from '../ask/askPricing';
import { stripTerminalControls } from '../ask/terminalText';
import { defaultRunLimits } from '../../core/engine/runLimits';
import { OpenAiCompatibleClient } from '../../core/llm/openAiCompatibleClient';
import { conservativeTokens } from '../../core/llm/tokenEstimate';
import { IndexedSymbolService } from '../../core/sandbox/indexedSymbolService';
import { SymbolIndex } from '../../core/symbols/symbolIndex';
import { indexableFiles } from '../../core/symbols/workspaceFiles';
import { packWorkspace, type DirectContext } from '../../core/eval/directContext';
import { accuracyCostSvg, evalReportMarkdown } from '../../core/eval/evalReport';
import { evalOutput } from '../../core/eval/evalSummary';
import {
  evalModes,
  generatedKinds,
  type EvalMode,
  type EvalOutput,
  type EvalQuestion,
} from '../../core/eval/evalTypes';
import { generateQuestions } from '../../core/eval/generateQuestions';
import { parseQuestionsFile } from '../../core/eval/questionsFile';
import { directSystemPrompt } from '../../core/eval/runEvalQuestion';
import { runEval, type EvalProgress } from '../../core/eval/runEval';

const evalOptions = {
  ...workspaceOptions,
  questions: { type: 'string' },
  kinds: { type: 'string' },
  'questions-file': { type: 'string' },
  modes: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  report: { type: 'string' },
  ...runLimitOptions,
} as const;

type Values = Partial<Record<keyof typeof evalOptions, string | boolean | string[]>>;

export const evalCommand: CliCommand = {
  name: 'eval',
  summary: 'Measure this engine against plain prompting on your own repo: accuracy, tokens and cost per mode',
  usage: [
    'Usage: rlm eval [--repo DIR] [--questions N] [--kinds K,...] [--questions-file FILE] [--modes M,...] [--seed S]',
    '                [--out FILE.json] [--report FILE.md] [endpoint and limit flags of rlm ask] [--json]',
    '',
    "Generates questions with checkable answers from the repo's symbol index (deterministic for a seed), asks",
    'each in every mode, scores the answers and prints a table per mode. Ctrl+C stops and keeps what finished.',
    '',
    'Questions:',
    '  --questions N          how many to generate (default 9)',
    '  --kinds K,...          locate (find a function from its masked description: right when a cited path:line',
    '                         is inside it), callers (who calls X: F1 over cited definitions), imports (which files',
    '                         import M: F1 over named files); default all three',
    '  --questions-file FILE  your own questions instead, JSON Lines: {"question": "...", "expect": E} where E is',
    '                         a regex, a list of "path:line"/"path:start-end" ranges, or a list of strings the',
    '                         answer must contain. Bad lines are reported with their number; the rest run.',
    '  --seed S               picks the generated questions (default 1)',
    '',
    'Modes (--modes, default rlm,rlm-depth0,direct):',
    '  rlm          this engine at the configured depth',
    '  rlm-depth0   the REPL alone: no sub-calls, no child explorers',
    "  direct       the repo's files pasted into one prompt up to the model's context window (the rest left out",
    '               and the prompt says so), then the question',
    '',
    'Output:',
    '  --out FILE.json        questions, results and the per-mode summary as JSON',
    '  --report FILE.md       a markdown report with the table, and FILE.svg: accuracy against cost per mode',
    '  --json                 print the JSON on stdout instead of the table',
    '',
    'Endpoint and limits: as rlm ask (RLM_BASE_URL, RLM_MODEL, RLM_SUB_MODEL, --max-iterations, --max-cost, ...);',
    'the limits apply to each question. See rlm help ask.',
    '',
    'Example:',
    '  RLM_BASE_URL=http://localhost:11434/v1 RLM_MODEL=qwen2.5-coder:7b rlm eval --questions 12 --report eval.md',
  ].join('\n'),

  async run(args, io) {
    const { values, positionals } = parseCommandArgs('eval', args, evalOptions);
    if (positionals.length > 0)
      throw new UsageError(
        `rlm eval takes no question ("${positionals[0]}"); give --questions N or --questions-file FILE. See rlm help eval.`,
      );
    const modes = parseList('modes', values.modes, evalModes, evalModes);
    const kinds = parseList('kinds', values.kinds, generatedKinds, generatedKinds);
    const count = parseCount('eval', 'questions', values.questions, 1) ?? 9;
    const seed = parseCount('eval', 'seed', values.seed, 0) ?? 1;
    const limits = parseRunLimits('eval', values);
    const contextWindow = parseContextWindow('eval', values, io.env);
    const pricing = loadAskPricing(values.pricing as string | undefined, io.cwd);
    const endpoint = resolveFlagEndpoint(values, io.env);
    if (endpoint instanceof MissingEndpointError) {
      io.stderr(`rlm eval: ${endpoint.message}\n`);
      return endpoint.exitCode;
    }
    const redact = secretRedactor(endpoint.apiKey);
    const workspace = openWorkspace('eval', values.repo, io);
    if (workspace.roots.length !== 1)
      throw new UsageError('rlm eval works on one folder; give one --repo. See rlm help eval.');
    const root = workspace.roots[0].fsPath;
    const cacheDir = path.join(root, '.cache', 'rlm');

    const notes: string[] = [];
    let questions: EvalQuestion[];
    let source: string;
    const questionsFile = values['questions-file'] as string | undefined;
    if (questionsFile) {
      const file = path.resolve(io.cwd, questionsFile);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new UsageError(
          `--questions-file ${questionsFile}: cannot read it (${error instanceof Error ? error.message : String(error)}). Give a JSON Lines file. See rlm help eval.`,
        );
      }
      const parsed = parseQuestionsFile(text);
      for (const bad of parsed.errors) {
        const line = `${questionsFile}:${bad.line}: this line ${bad.message} It was skipped.`;
        io.stderr(`rlm eval: ${line}\n`);
        notes.push(line);
      }
      if (parsed.questions.length === 0) {
        io.stderr(`rlm eval: ${questionsFile} has no usable question; fix the lines above.\n`);
        return askExitCodes.usage;
      }
      questions = parsed.questions;
      source = `from ${questionsFile}`;
    } else {
      io.stderr('building the symbol index…\n');
      const files = await indexableFiles(workspace);
      const index = new SymbolIndex({ root, cacheDir });
      try {
        await index.build(files);
        questions = generateQuestions(index, files, { count, kinds, seed });
      } finally {
        index.dispose();
      }
      if (questions.length === 0) {
        io.stderr(
          `rlm eval: the symbol index of ${root} gave no ${kinds.join('/')} question (no functions with docs or calls, no resolved callers or imports). Try other --kinds, or give --questions-file.\n`,
        );
        return askExitCodes.failed;
      }
      source = `generated from the symbol index (seed ${seed}, kinds ${kinds.join(', ')})`;
      if (questions.length < count)
        notes.push(`Only ${questions.length} of the ${count} questions asked for could be generated from this repo.`);
    }

    const clientConfig = { baseUrl: endpoint.baseUrl, apiKey: endpoint.apiKey, contextWindow, pricing };
    const rootClient = new OpenAiCompatibleClient({ ...clientConfig, model: endpoint.model });
    const subClient = new OpenAiCompatibleClient({ ...clientConfig, model: endpoint.subModel });
    let direct: Promise<DirectContext> | undefined;
    const directContext = (): Promise<DirectContext> => {
      direct ??= (async () => {
        const window = (await rootClient.modelProfile()).contextWindow;
        const reservedTokens =
          Math.max(...questions.map((q) => conservativeTokens(q.question))) + conservativeTokens(directSystemPrompt);
        const packed = await packWorkspace(workspace, {
          contextWindow: window,
          maxTokensPerCall: limits.maxTokensPerCall ?? defaultRunLimits.maxTokensPerCall,
          reservedTokens,
        });
        const line =
          packed.omittedFiles > 0
            ? `direct mode: ${packed.includedFiles} of ${packed.totalFiles} files fit the ${window}-token context window; ${packed.omittedFiles} were left out (truncated, and the prompt says so).`
            : `direct mode: all ${packed.totalFiles} files fit the ${window}-token context window.`;
        io.stderr(`${line}\n`);
        notes.push(line);
        return packed;
      })();
      return direct;
    };

    const progress = new EvalProgressLine(io, process.stderr.isTTY === true && io.env.TERM !== 'dumb');
    const controller = new AbortController();
    const onSigint = (): void => {
      if (controller.signal.aborted) process.exit(askExitCodes.cancelled);
      progress.note('cancelling: the results so far are kept (Ctrl+C again quits at once)');
      controller.abort(new Error('cancelled with Ctrl+C'));
    };
    process.on('SIGINT', onSigint);
    let run;
    try {
      run = await runEval(
        questions,
        {
          rootClient,
          subClient,
          workspace,
          symbols: new IndexedSymbolService({ workspace, cacheDir }),
          limits,
          directContext,
        },
        { modes, signal: controller.signal, onProgress: (p) => progress.show(p) },
      );
    } finally {
      process.off('SIGINT', onSigint);
      progress.finish();
    }
    if (run.cancelled)
      notes.push(
        `Cancelled: ${run.results.length} of ${questions.length * modes.length} runs finished; the figures cover those only.`,
      );
    const output = evalOutput(questions, run.results, modes);
    writeOutputs(io, values, output, { source, notes }, redact);
    if (values.json === true) io.stdout(`${redact(JSON.stringify(output, null, 2))}\n`);
    else io.stdout(stripTerminalControls(summaryTable(output)));
    if (run.cancelled) {
      io.stderr(`rlm eval: cancelled; kept ${run.results.length} result(s).\n`);
      return askExitCodes.cancelled;
    }
    return 0;
  },
};

function writeOutputs(
  io: CliIo,
  values: Values,
  output: EvalOutput,
  notes: { source: string; notes: string[] },
  redact: (text: string) => string,
): void {
  if (typeof values.out === 'string') {
    const file = path.resolve(io.cwd, values.out);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${redact(JSON.stringify(output, null, 2))}\n`);
    io.stderr(`results: ${path.relative(io.cwd, file) || file}\n`);
  }
  if (typeof values.report === 'string') {
    const file = path.resolve(io.cwd, values.report);
    const svg = `${file.replace(/\.md$/i, '')}.svg`;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(svg, accuracyCostSvg(output.summary));
    writeFileSync(file, redact(evalReportMarkdown(output, { ...notes, svgFile: path.basename(svg) })));
    io.stderr(`report: ${path.relative(io.cwd, file) || file} (chart: ${path.basename(svg)})\n`);
  }
}

function summaryTable(output: EvalOutput): string {
  const rows = (Object.keys(output.summary) as EvalMode[]).map((mode) => {
    const s = output.summary[mode]!;
    return `${mode.padEnd(11)} ${`${Math.round(s.accuracy * 100)}%`.padStart(8)} ${s.meanScore.toFixed(2).padStart(6)} ${String(Math.round(s.meanInputTokens)).padStart(9)} ${String(Math.round(s.meanOutputTokens)).padStart(9)} ${`$${s.costUsd.toFixed(4)}`.padStart(10)} ${`${(s.p50DurationMs / 1000).toFixed(1)} s`.padStart(9)}`;
  });
  return [
    `${'mode'.padEnd(11)} ${'accuracy'.padStart(8)} ${'score'.padStart(6)} ${'in tok/q'.padStart(9)} ${'out tok/q'.padStart(9)} ${'cost'.padStart(10)} ${'p50'.padStart(9)}`,
    ...rows,
    '',
  ].join('\n');
}

/** "question 3/9 · rlm · 2/5 correct so far (40%)", redrawn in place on a terminal, a line each otherwise. */
class EvalProgressLine {
  private shown = false;
  constructor(
    private readonly io: CliIo,
    private readonly live: boolean,
  ) {}

  show(p: EvalProgress): void {
    const accuracy = p.done
      ? ` · ${p.correct}/${p.done} correct so far (${Math.round((p.correct / p.done) * 100)}%)`
      : '';
    const line = `question ${p.question}/${p.questions} · ${p.mode}${accuracy}`;
    if (this.live) {
      this.io.stderr(`\r\x1b[K${line}`);
      this.shown = true;
    } else this.io.stderr(`${line}\n`);
  }

  note(text: string): void {
    this.finish();
    this.io.stderr(`${text}\n`);
  }

  finish(): void {
    if (this.shown) this.io.stderr('\r\x1b[K');
    this.shown = false;
  }
}

function parseList<T extends string>(flag: string, value: unknown, allowed: readonly T[], fallback: readonly T[]): T[] {
  if (value === undefined) return [...fallback];
  const items = String(value)
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const unknown = items.filter((item) => !allowed.includes(item as T));
  if (items.length === 0 || unknown.length > 0) {
    throw new UsageError(
      `--${flag} takes a comma-separated list of ${allowed.join(', ')}${unknown.length ? `; "${unknown[0]}" is not one` : ''}. See rlm help eval.`,
    );
  }
  return [...new Set(items as T[])];
}
