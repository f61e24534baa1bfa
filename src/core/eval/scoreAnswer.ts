/**
 * Scores an answer against its expectation. The answer is model output: only its first `maxScoredChars` are
 * looked at, split into tokens in one pass, and a questions file's regex runs in RE2 (linear time).
 */
import { findCitations } from '../engine/citations';
import { compileSearchPattern } from '../workspace/regex/compileSearchPattern';
import type { Expectation, LineRange } from './evalTypes';

export interface Score {
  correct: boolean;
  score: number;
}

const maxScoredChars = 100_000;
/** A locate answer is right when one of its first few citations is in the definition: a list of every file is not. */
const locateCitations = 3;
/** F1 at or above this counts as a correct answer for callers, imports and ranges lists. */
const correctF1 = 0.5;
const maxPathChars = 300;

export function scoreAnswer(expect: Expectation, rawAnswer: string): Score {
  const answer = rawAnswer.slice(0, maxScoredChars);
  switch (expect.type) {
    case 'ranges':
      return expect.match === 'any'
        ? anyRange(expect.ranges, answer)
        : rangesF1(expect.ranges, expect.ignore ?? [], answer);
    case 'files':
      return filesF1(expect.files, expect.ignore ?? [], answer);
    case 'regex': {
      const hit = compileSearchPattern(expect.regex, { caseSensitive: false }).lineRegex.test(answer);
      return { correct: hit, score: hit ? 1 : 0 };
    }
    case 'strings': {
      const lower = answer.toLowerCase();
      const found = expect.strings.filter((s) => lower.includes(s.toLowerCase())).length;
      const score = expect.strings.length ? found / expect.strings.length : 0;
      return { correct: score === 1, score };
    }
  }
}

/** Distinct `file:line` citations in order (a range counts by its first line). */
function citedLines(answer: string): { file: string; line: number }[] {
  const seen = new Set<string>();
  const out: { file: string; line: number }[] = [];
  for (const c of findCitations(answer)) {
    const key = `${c.file}:${c.startLine}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ file: c.file, line: c.startLine });
  }
  return out;
}

function inRange(cite: { file: string; line: number }, range: LineRange): boolean {
  return samePath(cite.file, range.file) && cite.line >= range.startLine && cite.line <= range.endLine;
}

function anyRange(ranges: readonly LineRange[], answer: string): Score {
  const hit = citedLines(answer)
    .slice(0, locateCitations)
    .some((cite) => ranges.some((range) => inRange(cite, range)));
  return { correct: hit, score: hit ? 1 : 0 };
}

function rangesF1(ranges: readonly LineRange[], ignore: readonly LineRange[], answer: string): Score {
  const cites = citedLines(answer).filter((cite) => !ignore.some((range) => inRange(cite, range)));
  const precise = cites.filter((cite) => ranges.some((range) => inRange(cite, range))).length;
  const recalled = ranges.filter((range) => cites.some((cite) => inRange(cite, range))).length;
  return f1(precise, cites.length, recalled, ranges.length);
}

function filesF1(files: readonly string[], ignore: readonly string[], answer: string): Score {
  const named = namedFiles(answer).filter((file) => !ignore.some((other) => samePath(file, other)));
  const precise = named.filter((file) => files.some((expected) => samePath(file, expected))).length;
  const recalled = files.filter((expected) => named.some((file) => samePath(file, expected))).length;
  return f1(precise, named.length, recalled, files.length);
}

function f1(precise: number, cited: number, recalled: number, expected: number): Score {
  const precision = cited ? precise / cited : 0;
  const recall = expected ? recalled / expected : 0;
  const score = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { correct: score >= correctF1, score: Math.round(score * 1000) / 1000 };
}

/** Distinct path-like tokens (with a folder or a file extension), `:line` suffixes and `./` dropped. */
export function namedFiles(answer: string): string[] {
  const out = new Set<string>();
  for (const raw of answer.split(/[\s,;()[\]{}<>"'`*|]+/)) {
    if (raw.length === 0 || raw.length > maxPathChars) continue;
    const token = raw.replace(/^\.\//, '').replace(/(:\d+(?:[-:]\d+)?)?[.:]*$/, '');
    if (
      /^[\w@+~.-]+(\/[\w@+~.-]+)*$/.test(token) &&
      /\.[A-Za-z][A-Za-z0-9]{0,7}$/.test(token) &&
      (token.includes('/') || /^[\w-]{2,}\.[A-Za-z]/.test(token))
    )
      out.add(token);
  }
  return [...out];
}

/** Answers may cite a path with a leading `./`; otherwise paths compare as written. */
function samePath(a: string, b: string): boolean {
  return a.replace(/^\.\//, '') === b.replace(/^\.\//, '');
}
