/**
 * Runs one question in one mode and measures it. The one place `rlm eval` starts a run, so the engine's question
 * service can take its place in one edit.
 */
import { askQuestion } from '../engine/questionService';
import type { RunEventSink } from '../engine/runEvents';
import type { RunLimits } from '../engine/runLimits';
import type { LlmClient } from '../llm/llmClient';
import type { SandboxSymbolService } from '../sandbox/sandboxTypes';
import type { Workspace } from '../workspace/workspace';
import type { DirectContext } from './directContext';
import type { EvalMode, EvalQuestion, EvalResult } from './evalTypes';
import { scoreAnswer } from './scoreAnswer';

export interface EvalRunDependencies {
  rootClient: LlmClient;
  subClient: LlmClient;
  /** Scrubbed from every event and answer (an API key). */
  secrets?: readonly string[];
  workspace: Workspace;
  symbols?: SandboxSymbolService;
  /** The limits of an `rlm` run; `rlm-depth0` runs with no sub-calls and no child runs on top of them. */
  limits: Partial<RunLimits>;
  /** The packed workspace for `direct`, built once per evaluation. */
  directContext: () => Promise<DirectContext>;
  onEvent?: RunEventSink;
}

export const directSystemPrompt =
  'You answer questions about a codebase from its files, given below. Each line is prefixed with its number. Cite code as path:line.';

/** The result, and the engine's run id (absent for `direct`) so a viewer can open the run. */
export async function runEvalQuestion(
  question: EvalQuestion,
  mode: EvalMode,
  deps: EvalRunDependencies,
  signal: AbortSignal,
): Promise<{ result: EvalResult; runId?: string }> {
  const started = Date.now();
  if (mode === 'direct') {
    const context = await deps.directContext();
    const response = await deps.rootClient.complete({
      messages: [
        { role: 'system', content: directSystemPrompt },
        { role: 'user', content: `${context.text}\n\nQuestion: ${question.question}` },
      ],
      maxTokens: context.maxOutputTokens,
      signal,
    });
    return {
      result: measured(question, mode, response.text, {
        inputTokens: response.usage.inputTokens,
        outputTokens: response.usage.outputTokens,
        costUsd: response.costUsd ?? 0,
        durationMs: Date.now() - started,
        iterations: 1,
      }),
    };
  }
  const limits = mode === 'rlm-depth0' ? { ...deps.limits, maxDepth: 0, maxSubCalls: 0 } : deps.limits;
  const asked = await askQuestion({
    question: question.question,
    workspace: deps.workspace,
    ...(deps.symbols ? { symbols: deps.symbols } : {}),
    clients: { root: deps.rootClient, sub: deps.subClient, secrets: deps.secrets ?? [] },
    sinks: deps.onEvent ? [deps.onEvent] : [],
    limits,
    signal,
  });
  const run = asked.result;
  // The run never started (the sandbox or the models could not be set up): the evaluation cannot go on either.
  // Stopped before the engine started: the caller's own cancellation, as when it stops mid-run.
  if (!run) signal.throwIfAborted();
  if (!run)
    throw asked.outcome.kind === 'error' && asked.outcome.error !== undefined
      ? asked.outcome.error
      : new Error(asked.outcome.kind === 'error' ? asked.outcome.message : 'The run did not start.');
  if (run.reason === 'cancelled') signal.throwIfAborted();
  const { totals } = run;
  return {
    runId: run.runId,
    result: measured(question, mode, run.answer, {
      inputTokens: totals.inputTokens,
      outputTokens: totals.outputTokens,
      costUsd: totals.costUsd,
      durationMs: run.durationMs,
      iterations: run.iterations,
    }),
  };
}

/** What a run used, as the result records it. */
type Usage = Pick<EvalResult, 'inputTokens' | 'outputTokens' | 'costUsd' | 'durationMs' | 'iterations'>;

function measured(question: EvalQuestion, mode: EvalMode, answer: string, usage: Usage): EvalResult {
  const { correct, score } = scoreAnswer(question.expect, answer);
  return { questionId: question.id, mode, correct, score, answer, ...usage };
}
