/**
 * A team's own questions, one JSON object a line: `{"question": "...", "expect": ...}` where `expect` is a regex
 * (a string, RE2 syntax), a list of `path:line` / `path:start-end` ranges, or a list of strings the answer must
 * contain. A bad line is reported with its number; the good lines still run.
 */
import { compileSearchPattern } from '../workspace/regex/compileSearchPattern';
import type { EvalQuestion, Expectation, LineRange } from './evalTypes';

interface QuestionsFileLineError {
  line: number;
  message: string;
}

export interface ParsedQuestionsFile {
  questions: EvalQuestion[];
  errors: QuestionsFileLineError[];
}

const maxQuestionChars = 20_000;
const maxExpectItems = 200;
const rangePattern = /^(.+?):(\d+)(?:-(\d+))?$/;

export function parseQuestionsFile(text: string): ParsedQuestionsFile {
  const questions: EvalQuestion[] = [];
  const errors: QuestionsFileLineError[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    try {
      const { question, expect, id } = readLine(raw);
      questions.push({ id: id ?? `custom-${line}`, kind: 'custom', question, expect });
    } catch (error) {
      errors.push({ line, message: error instanceof Error ? error.message : String(error) });
    }
  });
  const ids = new Set<string>();
  for (const q of questions) {
    if (ids.has(q.id)) q.id = `${q.id}-${questions.indexOf(q) + 1}`;
    ids.add(q.id);
  }
  return { questions, errors };
}

function readLine(raw: string): { question: string; expect: Expectation; id?: string } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error(
      'is not JSON; write one object a line, e.g. {"question": "Where is X?", "expect": ["src/x.ts:10-20"]}.',
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('is not a JSON object; give {"question": ..., "expect": ...}.');
  const record = value as Record<string, unknown>;
  if (typeof record.question !== 'string' || record.question.trim() === '')
    throw new Error('has no "question" (a non-empty string).');
  if (record.question.length > maxQuestionChars)
    throw new Error(`has a question of ${record.question.length} characters; keep it under ${maxQuestionChars}.`);
  if (record.id !== undefined && (typeof record.id !== 'string' || !/^[\w.-]{1,64}$/.test(record.id)))
    throw new Error('has an "id" that is not 1-64 letters, digits, ".", "_" or "-".');
  return {
    question: record.question,
    expect: readExpect(record.expect),
    ...(typeof record.id === 'string' ? { id: record.id } : {}),
  };
}

function readExpect(expect: unknown): Expectation {
  if (typeof expect === 'string') {
    try {
      compileSearchPattern(expect);
    } catch (error) {
      throw new Error(
        `has an "expect" regex that does not compile: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return { type: 'regex', regex: expect };
  }
  if (
    !Array.isArray(expect) ||
    expect.length === 0 ||
    expect.length > maxExpectItems ||
    !expect.every((item) => typeof item === 'string' && item !== '')
  ) {
    throw new Error(
      `has no usable "expect": give a regex string, or a list of 1-${maxExpectItems} "path:line" ranges or strings.`,
    );
  }
  const items = expect as string[];
  const ranges = items.map(readRange);
  if (ranges.every((range): range is LineRange => range !== undefined)) return { type: 'ranges', match: 'f1', ranges };
  return { type: 'strings', strings: items };
}

function readRange(item: string): LineRange | undefined {
  const m = item.length <= 1_000 ? rangePattern.exec(item) : null;
  if (!m || !/[/.]/.test(m[1])) return undefined;
  const startLine = Number(m[2]);
  const endLine = m[3] === undefined ? startLine : Number(m[3]);
  return startLine >= 1 && endLine >= startLine ? { file: m[1], startLine, endLine } : undefined;
}
