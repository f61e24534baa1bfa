import * as path from 'node:path';
import type { CliCommand } from './cliCommand';
import { openWorkspace, parseCommandArgs, parseCount, workspaceOptions } from '../commandArgs';
import type { CliIo } from '../cliIo';
import { UsageError } from '../usageError';
import { askExitCode, askExitCodes, askExitCodesUsage } from '../ask/askExitCodes';
import { AskProgress } from '../ask/askProgress';
import { MissingEndpointError, secretRedactor } from '../ask/askSettings';
import { parseContextWindow, parseRunLimits, resolveFlagEndpoint, runLimitOptions } from '../ask/runLimitFlags';
import { loadAskPricing, unpricedModelsNotice } from '../ask/askPricing';
import { newRunLogPath } from '../ask/runLogFile';
import { escapeJsonControls, stripTerminalControls } from '../ask/terminalText';
import { runTotalsText } from '../../core/agentTools/runSummary';
import { askQuestion } from '../../core/engine/questionService';
import { contextMeterText } from '../../core/engine/contextMeterText';
import type { RunResult } from '../../core/engine/rlmEngine';
import { defaultRunLimits } from '../../core/engine/runLimits';
import { OpenAiCompatibleClient } from '../../core/llm/openAiCompatibleClient';
import { IndexedSymbolService } from '../../core/sandbox/indexedSymbolService';

const askOptions = {
  ...workspaceOptions,
  ...runLimitOptions,
  'max-rate-limit-wait': { type: 'string' },
} as const;

export const askCommand: CliCommand = {
  name: 'ask',
  summary: 'Answer a question about the code: a model explores the repo with code, sub-models and child explorers',
  usage: [
    'Usage: rlm ask "QUESTION" [--repo DIR] [--model M] [--sub-model M] [--base-url URL] [--max-depth N]',
    '               [--max-iterations N] [--max-sub-calls N] [--max-cost USD] [--max-tokens N] [--pricing FILE]',
    '               [--timeout S] [--context-window N] [--max-rate-limit-wait S] [--json]',
    '',
    'The root model writes JavaScript that runs in a sandbox over the repo (list, grep, read, symbols, trace),',
    'calls sub-models (llm, llmBatch, llmMap) and child explorers (rlm), and ends with an answer citing path:line.',
    'Progress goes to stderr, the answer to stdout. Each run is saved as JSON Lines under <repo>/.cache/rlm/runs/',
    '(the folder ignores itself in git); rlm replay FILE prints it again. Ctrl+C cancels the run and keeps the log.',
    '',
    'Endpoint (any OpenAI-compatible server: OpenAI, Azure, Ollama, LM Studio, vLLM, OpenRouter):',
    '  RLM_BASE_URL    base URL, e.g. http://localhost:11434/v1 (Ollama), http://localhost:1234/v1 (LM Studio);',
    '                  falls back to OPENAI_BASE_URL, then to https://api.openai.com/v1 when an API key is set',
    '  RLM_API_KEY     API key (falls back to OPENAI_API_KEY); local servers need none. Never printed or logged.',
    '  RLM_MODEL       root model;  RLM_SUB_MODEL  model for llm() sub-calls (default: the root model)',
    '',
    'Options:',
    '  --model M            root model (overrides RLM_MODEL)',
    '  --sub-model M        sub-call model (overrides RLM_SUB_MODEL)',
    '  --base-url URL       endpoint (overrides RLM_BASE_URL)',
    '  --max-depth N        deepest child explorer (default 1); at the limit rlm() becomes a plain sub-call',
    '  --max-iterations N   root-model turns per run (default 12)',
    '  --max-sub-calls N    sub-model calls across the whole run (default 64)',
    '  --max-cost USD       spending cap across the whole run (default 1); it cannot apply to a model without a',
    '                       price (local and custom models): then only --max-tokens bounds the run',
    '  --max-tokens N       input + output tokens across the whole run (default 1000000)',
    '  --pricing FILE       JSON prices in USD per million tokens over the built-in list, e.g.',
    '                       {"my-model": {"input": 0.5, "output": 1.5}}',
    '  --timeout S          wall-clock limit in seconds (default 600)',
    "  --context-window N   the models' context window in tokens (also RLM_CONTEXT_WINDOW); default: the endpoint's",
    "                       /v1/models metadata, else a table of common models, else 8192. Set it for Ollama's num_ctx.",
    '  --max-rate-limit-wait S  seconds one model call may wait when the endpoint rate-limits it (HTTP 429 with',
    '                       Retry-After; also RLM_MAX_RATE_LIMIT_WAIT; default 30). A longer wait is not waited: the',
    '                       run stops and says so. 0: never wait for a rate limit',
    '  --repo DIR           folder to explore (default: the current folder)',
    '  --json               print the result (answer, reason, totals, run log path) as JSON',
    '  -h, --help           show this help',
    '',
    ...askExitCodesUsage,
    '',
    'Example:',
    '  RLM_BASE_URL=http://localhost:11434/v1 RLM_MODEL=qwen2.5-coder:7b rlm ask "Where is the session created?"',
  ].join('\n'),

  async run(args, io) {
    const { values, positionals } = parseCommandArgs('ask', args, askOptions);
    if (positionals.length === 0)
      throw new UsageError('missing QUESTION. Usage: rlm ask "QUESTION"; see rlm help ask.');
    const question = positionals.join(' ');
    const limits = parseRunLimits('ask', values);
    const contextWindow = parseContextWindow('ask', values, io.env);
    const maxRateLimitWait = parseCount(
      'ask',
      'max-rate-limit-wait',
      values['max-rate-limit-wait'] ?? io.env.RLM_MAX_RATE_LIMIT_WAIT,
      0,
    );
    const retry = maxRateLimitWait === undefined ? {} : { retry: { maxRateLimitWaitMs: maxRateLimitWait * 1000 } };
    const pricing = loadAskPricing(values.pricing as string | undefined, io.cwd);
    const endpoint = resolveFlagEndpoint(values, io.env);
    if (endpoint instanceof MissingEndpointError) {
      io.stderr(`rlm ask: ${endpoint.message}\n`);
      return endpoint.exitCode;
    }
    const redact = secretRedactor(endpoint.apiKey);
    // Model output and endpoint errors reach the terminal without control sequences, then without the key.
    const clean = (text: string): string => redact(stripTerminalControls(text));
    const workspace = openWorkspace('ask', values.repo, io);
    const root = workspace.roots[0].fsPath;
    const cacheDir = path.join(root, '.cache', 'rlm');
    const logPath = newRunLogPath(cacheDir);
    const live = process.stderr.isTTY === true && io.env.TERM !== 'dumb';
    const progress = new AskProgress({ write: io.stderr, live, columns: process.stderr.columns || 100, redact });
    progress.note(`run log: ${path.relative(io.cwd, logPath) || logPath}`);
    const unpriced = unpricedModelsNotice(
      [endpoint.model, endpoint.subModel],
      pricing,
      limits.maxTokens ?? defaultRunLimits.maxTokens,
    );
    if (unpriced) progress.note(unpriced);
    const onRetry = (notice: { attempt: number; delayMs: number; reason: string; status?: number }): void =>
      progress.note(
        notice.status === 429
          ? `rate limited: the endpoint asks to wait ${(notice.delayMs / 1000).toFixed(1)} s; waiting (within --max-rate-limit-wait)`
          : `model call failed (${notice.reason}); retry ${notice.attempt} in ${(notice.delayMs / 1000).toFixed(1)} s`,
      );
    const client = (model: string): OpenAiCompatibleClient =>
      new OpenAiCompatibleClient(
        { baseUrl: endpoint.baseUrl, apiKey: endpoint.apiKey, model, contextWindow, pricing, ...retry },
        { onRetry },
      );
    let result: RunResult;
    let sinkFailed = false;
    try {
      result = await runCancellable(
        io,
        async (signal) => {
          const run = await askQuestion({
            question,
            workspace,
            // The placeholder key of local servers is no secret (secretRedactor leaves it alone too).
            clients: {
              root: client(endpoint.model),
              sub: client(endpoint.subModel),
              secrets: redact(endpoint.apiKey) === endpoint.apiKey ? [] : [endpoint.apiKey],
            },
            ...(workspace.roots.length === 1
              ? {
                  symbols: new IndexedSymbolService({
                    workspace,
                    cacheDir,
                    onIndexed: (stats, ms) => progress.note(`symbol index: ${stats.indexed} files ready in ${ms} ms`),
                  }),
                }
              : {}),
            runLog: logPath,
            sinks: [(event) => progress.apply(event)],
            onSinkError: (error) => {
              if (sinkFailed) return;
              sinkFailed = true;
              progress.note(
                `the run log or the progress line failed (${error instanceof Error ? error.message : String(error)}); the run goes on`,
              );
            },
            signal,
            limits,
          });
          // The run never started (e.g. the sandbox worker is missing): the command fails as any other error does.
          if (!run.result) throw run.outcome.kind === 'error' ? run.outcome.error : signal.reason;
          return run.result;
        },
        () => progress.note('cancelling… (Ctrl+C again quits at once)'),
      );
    } finally {
      // Also when the engine could not start (e.g. the sandbox worker is missing): no live line left behind.
      progress.finish();
    }
    return report(io, result, path.relative(io.cwd, logPath) || logPath, values.json === true, redact, clean);
  },
};

/** Runs with Ctrl+C wired to an AbortSignal; a second Ctrl+C exits at once. */
async function runCancellable(
  io: CliIo,
  work: (signal: AbortSignal) => Promise<RunResult>,
  onCancel: () => void,
): Promise<RunResult> {
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(askExitCodes.cancelled);
    onCancel();
    controller.abort(new Error('cancelled with Ctrl+C'));
  };
  process.on('SIGINT', onSigint);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function report(
  io: CliIo,
  result: RunResult,
  logPath: string,
  json: boolean,
  redact: (text: string) => string,
  clean: (text: string) => string,
): number {
  const code = askExitCode(result);
  if (json) {
    const { runId, answer, reason, detail, errorKind, iterations, totals, durationMs, context } = result;
    io.stdout(
      escapeJsonControls(
        redact(
          `${JSON.stringify({ runId, answer, reason, detail, errorKind, iterations, totals, durationMs, context, runLog: logPath, exitCode: code }, null, 2)}\n`,
        ),
      ),
    );
    return code;
  }
  if (result.answer) io.stdout(`${clean(result.answer).trimEnd()}\n`);
  const meter = result.context ? `; ${contextMeterText(result.context)}` : '';
  const summary = `${runTotalsText(result)}${meter}`;
  if (result.reason === 'final') {
    io.stderr(`answered: ${summary}. Run log: ${logPath}\n`);
  } else if (result.reason === 'cancelled') {
    io.stderr(`rlm ask: cancelled (${summary}). Run log: ${logPath}\n`);
  } else if (result.reason === 'error') {
    io.stderr(`rlm ask: ${clean(result.detail ?? 'the run failed')}\nRun log: ${logPath}\n`);
  } else {
    const partial = result.answer ? 'the answer above is partial' : 'no answer was produced';
    io.stderr(
      `rlm ask: stopped at a limit: ${result.reason} (${clean(result.detail ?? '')}); ${partial}. Raise the limit (see rlm help ask). ${summary}. Run log: ${logPath}\n`,
    );
  }
  return code;
}
