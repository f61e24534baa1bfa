/** Syntax tree of a JavaScript regular expression, enough to translate it for ripgrep. */
export type RegexNode =
  | { type: 'alternation'; alternatives: RegexNode[][] }
  | { type: 'group'; kind: GroupKind; body: RegexNode }
  | { type: 'assertion'; kind: 'start' | 'end' | 'wordBoundary' | 'notWordBoundary' }
  /** One code point (u mode) or UTF-16 code unit (otherwise). */
  | { type: 'char'; value: number }
  | { type: 'any' }
  | { type: 'class'; negated: boolean; items: ClassItem[] }
  | ClassEscape
  | PropertyEscape
  | { type: 'backreference' }
  | { type: 'quantified'; body: RegexNode; min: number; max: number; lazy: boolean };

export type GroupKind = 'capture' | 'noncapture' | 'lookahead' | 'negativeLookahead' | 'lookbehind' | 'negativeLookbehind';

export interface ClassEscape {
  type: 'classEscape';
  kind: 'd' | 'D' | 'w' | 'W' | 's' | 'S';
}

export interface PropertyEscape {
  type: 'property';
  negated: boolean;
  /** As written between the braces, e.g. "L" or "Script=Greek". */
  name: string;
}

export type ClassItem = { type: 'char'; value: number } | { type: 'range'; from: number; to: number } | ClassEscape | PropertyEscape;

export const lookaroundKinds: readonly GroupKind[] = ['lookahead', 'negativeLookahead', 'lookbehind', 'negativeLookbehind'];

/** Whether a lookaround appears anywhere: such patterns can look past a line end, so text is searched line by line. */
export function hasLookaround(node: RegexNode): boolean {
  switch (node.type) {
    case 'alternation':
      return node.alternatives.some((sequence) => sequence.some(hasLookaround));
    case 'group':
      return lookaroundKinds.includes(node.kind) || hasLookaround(node.body);
    case 'quantified':
      return hasLookaround(node.body);
    default:
      return false;
  }
}
