import type { Edit, Parser, Point, Tree } from 'web-tree-sitter';
// A require-style import, as in grammarLoader: esbuild then bundles the CommonJS build.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import treeSitter = require('web-tree-sitter');

interface Entry {
  /** The text the tree was parsed from (after any blanking the language applies). */
  text: string;
  tree: Tree;
  parser: Parser;
}

/**
 * The syntax trees of the last few files a worker parsed, each with the text it came from. When a file is parsed
 * again (saved after an edit), its old tree is told what changed and tree-sitter re-parses only around the change:
 * on a 300 KB C file that is a few milliseconds instead of the tens a full parse takes. The update worker keeps
 * one; a build parses each file once and keeps none.
 */
export class SyntaxTreeCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = 8) {}

  /** Parses `text` for `file`, from the file's previous tree when the same parser made it. The cache owns the tree. */
  parse(parser: Parser, file: string, text: string): Tree | null {
    const previous = this.entries.get(file);
    this.entries.delete(file);
    let tree: Tree | null;
    try {
      if (previous && previous.parser === parser) {
        previous.tree.edit(textEdit(previous.text, text));
        tree = parser.parse(text, previous.tree);
      } else {
        tree = parser.parse(text);
      }
    } finally {
      previous?.tree.delete();
    }
    if (!tree) return null;
    this.entries.set(file, { text, tree, parser });
    // Least recently parsed first: the map keeps insertion order and a parsed file is re-inserted.
    for (const [old, entry] of this.entries) {
      if (this.entries.size <= this.capacity) break;
      entry.tree.delete();
      this.entries.delete(old);
    }
    return tree;
  }
}

/** The single edit that turns `before` into `after`: what lies between their common prefix and common suffix. */
export function textEdit(before: string, after: string): Edit {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = after.length;
  while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return new treeSitter.Edit({
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition: pointAt(before, start),
    oldEndPosition: pointAt(before, oldEnd),
    newEndPosition: pointAt(after, newEnd),
  });
}

/** Row and column of a string index, in the UTF-16 code units web-tree-sitter counts in. */
function pointAt(text: string, index: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < index; at = text.indexOf('\n', at + 1)) {
    row++;
    lineStart = at + 1;
  }
  return { row, column: index - lineStart };
}
