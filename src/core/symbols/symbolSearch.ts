import type { DefinitionKind } from './symbolTypes';

/** How well a query matches a name: exact beats case-insensitive beats camel-case humps beats substring. */
export function matchScore(query: string, name: string): number {
  if (name === query) return 100;
  const lowerQuery = query.toLowerCase();
  const lowerName = name.toLowerCase();
  if (lowerName === lowerQuery) return 90;
  if (camelHumps(query, name)) return 70 - Math.min(20, name.length - query.length);
  if (lowerName.startsWith(lowerQuery)) return 60 - Math.min(20, name.length - query.length);
  if (lowerName.includes(lowerQuery)) return 40 - Math.min(20, name.length - query.length);
  return 0;
}

/**
 * A cheap test that `matchScore(query, name)` is 0 for certain: every ASCII letter and digit of the query must
 * appear in the name in order, ignoring case (true of all four kinds of match). Scanning a million names with
 * it takes milliseconds; `matchScore` allocates per name. Names with non-ASCII characters are never ruled out
 * (their lower case can turn into ASCII letters).
 */
export function mayMatch(queryKey: string, name: string): boolean {
  let q = 0;
  for (let i = 0; i < name.length && q < queryKey.length; i++) {
    let c = name.charCodeAt(i);
    if (c >= 128) return true;
    if (c >= 65 && c <= 90) c += 32;
    if (c === queryKey.charCodeAt(q)) q++;
  }
  return q === queryKey.length;
}

/** The query's ASCII letters and digits, lower-cased, for `mayMatch`. */
export function matchKey(query: string): string {
  return query.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * A piece of text every name that `matchScore(query, name)` scores above 0 contains, lower-cased: the longest
 * camel-hump piece of the query (an exact, prefix or substring match contains all of the query, so that piece too).
 * Empty when the query has no letters or digits.
 */
export function requiredPiece(query: string): string {
  let longest = '';
  for (const chunk of query.match(humpPieces) ?? []) {
    const piece = chunk.replace(/^_+/, '').toLowerCase();
    if (piece.length > longest.length) longest = piece;
  }
  return longest;
}

const humpPieces = /[A-Z]?[a-z0-9]+|[A-Z]|_+[a-z0-9]+/g;

/** `gSN` / `getSN` / `GSN` match `getSymbolName`: each query chunk starts a word of the name, in order. */
function camelHumps(query: string, name: string): boolean {
  const chunks = query.match(humpPieces);
  const words = name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+|_+[a-z0-9]+/g);
  if (!chunks || !words || (chunks.length < 2 && query.length > 1 && !/^[A-Z]+$/.test(query))) return false;
  const pieces = /^[A-Z]+$/.test(query) ? query.split('') : chunks;
  let w = 0;
  for (const piece of pieces) {
    const p = piece.replace(/^_+/, '').toLowerCase();
    while (w < words.length && !words[w].replace(/^_+/, '').toLowerCase().startsWith(p)) w++;
    if (w === words.length) return false;
    w++;
  }
  return true;
}

export interface FindOptions {
  kind?: DefinitionKind | DefinitionKind[];
  /** Default 50. */
  limit?: number;
  /** Only exact (case-sensitive) name or qualified-name matches. */
  exact?: boolean;
}
