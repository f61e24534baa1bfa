import type { Node } from 'web-tree-sitter';
import type { LanguageId } from './symbolTypes';

/** Wrappers whose comment above documents the declaration inside them. */
const wrapperTypes = new Set([
  'export_statement',
  'decorated_definition',
  'ambient_declaration',
  'lexical_declaration',
  'variable_declaration',
  'template_declaration',
  'declaration_list',
  'field_declaration',
]);
const maxDocChars = 600;

// Characters the last line of any comment in the language shows: the slash of a line comment or of a block comment's
// end (and the dashes of JavaScript's HTML-like comments), `#`, Ruby's `=end`.
const commentMarks: Record<LanguageId, RegExp> = {
  typescript: /[/-]/,
  tsx: /[/-]/,
  javascript: /[/-]/,
  python: /#/,
  go: /\//,
  rust: /\//,
  java: /\//,
  c: /\//,
  cpp: /\//,
  csharp: /\//,
  ruby: /[#=]/,
  php: /[/#]/,
};

/** The raw comment text right above a definition (adjacent lines only), or Python's docstring. */
export function docCommentFor(node: Node, language: LanguageId, source: string): string | undefined {
  if (language === 'python') {
    const docstring = pythonDocstring(node);
    if (docstring) return docstring;
  }
  // Each step up asks the tree once: a node's `parent` is a new call into tree-sitter every time it is read.
  let anchor = node;
  for (let parent = anchor.parent; parent && wrapperTypes.has(parent.type); parent = parent.parent) {
    if (parent.firstNamedChild?.type === 'comment' || parent.namedChildCount > 3) break;
    anchor = parent;
  }
  if (!commentMayEndAbove(source, anchor.startIndex, commentMarks[language])) return undefined;
  const lines: string[] = [];
  let expectedEndRow = anchor.startPosition.row;
  for (let sibling = anchor.previousNamedSibling; sibling; sibling = sibling.previousNamedSibling) {
    if (!sibling.type.includes('comment')) break;
    if (sibling.endPosition.row < expectedEndRow - 1) break;
    lines.unshift(sibling.text);
    expectedEndRow = sibling.startPosition.row;
  }
  return lines.length ? lines.join('\n') : undefined;
}

/**
 * Whether a comment could end on the line above `start` or before it on its line: the text there shows one of the
 * language's comment marks. Asking the tree for a node's previous sibling walks its parent's children from the first,
 * so a header of ten thousand `#define`s would walk them ten thousand times; the text answers first.
 */
function commentMayEndAbove(source: string, start: number, marks: RegExp): boolean {
  const lineBreak = source.lastIndexOf('\n', start - 1);
  const from = lineBreak < 0 ? 0 : source.lastIndexOf('\n', lineBreak - 1) + 1;
  // A C line comment continued by a trailing backslash ends on a line without its `//`.
  if (from >= 2 && /\\\r?$/.test(source.slice(Math.max(0, from - 3), from - 1))) return true;
  return marks.test(source.slice(from, start));
}

function pythonDocstring(node: Node): string | undefined {
  const body = node.childForFieldName('body');
  const first = body?.firstNamedChild;
  const str = first?.type === 'expression_statement' ? first.firstNamedChild : undefined;
  return str?.type === 'string' ? str.text : undefined;
}

/** Strips comment markers and quotes, keeps the words. */
export function cleanDocComment(raw: string): string {
  const text = raw
    .replace(/^("""|''')|("""|''')$/g, '')
    .split('\n')
    .map((line) =>
      line
        .replace(/^\s*(\/\*\*?|\*\/|\*|\/\/\/?|#|--)\s?/, '')
        .replace(/\s*\*\/\s*$/, '')
        .trimEnd(),
    )
    .join('\n')
    .trim();
  return text.length > maxDocChars ? `${text.slice(0, maxDocChars)}…` : text;
}
