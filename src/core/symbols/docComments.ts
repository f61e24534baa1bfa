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

/** The raw comment text right above a definition (adjacent lines only), or Python's docstring. */
export function docCommentFor(node: Node, language: LanguageId): string | undefined {
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
