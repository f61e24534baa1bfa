/**
 * The records of an evaluation: questions with checkable answers, one result per question and mode, and the
 * per-mode summary. The `--out` JSON is exactly these shapes.
 */

/** `rlm`: the engine at the configured depth; `rlm-depth0`: the REPL without sub-calls; `direct`: files pasted into one prompt. */
export type EvalMode = 'rlm' | 'rlm-depth0' | 'direct';
export const evalModes: readonly EvalMode[] = ['rlm', 'rlm-depth0', 'direct'];

/** Generated kinds, and `custom` for a questions file's lines. */
export type QuestionKind = 'locate' | 'callers' | 'imports' | 'custom';
export const generatedKinds: readonly Exclude<QuestionKind, 'custom'>[] = ['locate', 'callers', 'imports'];

/** A span of lines in a file, 1-based and inclusive. */
export interface LineRange {
  file: string;
  startLine: number;
  endLine: number;
}

/**
 * What a right answer contains. `ranges`: cited `file:line`s inside these spans (`match: 'any'` — one hit is right;
 * `'f1'` — F1 over the spans hit and the citations made). `files`: F1 over the workspace files the answer names
 * (`ignore`: files or spans the question itself names, not counted either way).
 * `regex`: the answer matches it (RE2). `strings`: the answer contains each (case-insensitive).
 */
export type Expectation =
  | { type: 'ranges'; match: 'any' | 'f1'; ranges: LineRange[]; ignore?: LineRange[] }
  | { type: 'files'; files: string[]; ignore?: string[] }
  | { type: 'regex'; regex: string }
  | { type: 'strings'; strings: string[] };

export interface EvalQuestion {
  id: string;
  kind: QuestionKind;
  question: string;
  expect: Expectation;
}

export interface EvalResult {
  questionId: string;
  mode: EvalMode;
  correct: boolean;
  /** 0..1: 1 or 0 for locate, regex and ranges-any; F1 for callers and imports; the share of strings found. */
  score: number;
  answer: string;
  inputTokens: number;
  outputTokens: number;
  /** Known cost in USD; a model without a price adds nothing (see the report's note). */
  costUsd: number;
  durationMs: number;
  iterations: number;
}

export interface ModeSummary {
  accuracy: number;
  meanScore: number;
  meanInputTokens: number;
  meanOutputTokens: number;
  costUsd: number;
  p50DurationMs: number;
}

export interface EvalOutput {
  questions: EvalQuestion[];
  results: EvalResult[];
  summary: Partial<Record<EvalMode, ModeSummary>>;
}
