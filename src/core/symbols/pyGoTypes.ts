import type { Node } from 'web-tree-sitter';

/** A declared type reduced to what receiver typing uses: the names a value of it has, and what iterating it gives. */
export interface DeclaredType {
  /** Simple or module-qualified type names (`Console`, `rich.Console`, `pkg.Node`), `|`-joined; '' when none. */
  type: string;
  /** Element type names of a container (`list[Node]`, `[]*Node`), for loop variables; '' when none. */
  elements: string;
}

const none: DeclaredType = { type: '', elements: '' };
const maxAnnotationChars = 200;
const maxChainChars = 120;
/** `Optional[X]`, `Union[A, B]`, wrappers whose arguments are what the value is. */
const pythonUnions: ReadonlySet<string> = new Set(['Optional', 'Union']);
const pythonWrappers: ReadonlySet<string> = new Set([
  'Annotated',
  'Final',
  'ClassVar',
  'Required',
  'NotRequired',
  'ReadOnly',
  'Type',
  'type',
]);
/** Containers whose first argument is what iterating them gives. */
const pythonContainers: ReadonlySet<string> = new Set([
  'List',
  'list',
  'Sequence',
  'MutableSequence',
  'Iterable',
  'Iterator',
  'Collection',
  'Set',
  'set',
  'FrozenSet',
  'frozenset',
  'AbstractSet',
  'MutableSet',
  'Deque',
  'deque',
  'Generator',
  'AsyncIterator',
  'AsyncIterable',
  'AsyncGenerator',
  'Dict',
  'dict',
  'Mapping',
  'MutableMapping',
  'OrderedDict',
  'DefaultDict',
  'defaultdict',
  'Tuple',
  'tuple',
  'KeysView',
  'ValuesView',
]);
const pythonNonTypes: ReadonlySet<string> = new Set(['None', 'Any', 'object', 'Self', '...']);

/** Names of a Python annotation, written as an expression or as a string: `Optional["Console"]`, `X | None`, `list[Node]`. */
export function pythonDeclaredType(text: string): DeclaredType {
  if (text.length > maxAnnotationChars) return none;
  const names: string[] = [];
  const elements: string[] = [];
  visitPython(text, names, elements, 0);
  return { type: [...new Set(names)].join('|'), elements: [...new Set(elements)].join('|') };
}

function visitPython(raw: string, names: string[], elements: string[], depth: number): void {
  if (depth > 6) return;
  const text = unquoteAnnotation(raw.trim());
  const union = splitTopLevel(text, '|');
  if (union.length > 1) {
    for (const part of union) visitPython(part, names, elements, depth + 1);
    return;
  }
  const match = /^([A-Za-z_][\w.]*)\s*(?:\[([^]*)\])?$/.exec(text);
  if (!match) return;
  const qualified = match[1];
  const base = qualified.slice(qualified.lastIndexOf('.') + 1);
  const args = match[2] === undefined ? [] : splitTopLevel(match[2], ',');
  if (pythonUnions.has(base) || pythonWrappers.has(base)) {
    for (const arg of base === 'Annotated' ? args.slice(0, 1) : args) visitPython(arg, names, elements, depth + 1);
    return;
  }
  if (pythonContainers.has(base)) {
    if (args.length) {
      const inner: string[] = [];
      visitPython(args[0], inner, [], depth + 1);
      elements.push(...inner);
    }
    return;
  }
  if (!pythonNonTypes.has(base)) names.push(qualified);
}

function unquoteAnnotation(text: string): string {
  return text.length >= 2 && /^(["']).*\1$/s.test(text) ? text.slice(1, -1).trim() : text;
}

/** Splits at `separator` outside brackets and quotes. */
function splitTopLevel(text: string, separator: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (c === separator && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}

/** Names of a Go type node: pointers, generics and parentheses see through; slices, arrays, maps and channels give elements. */
export function goDeclaredType(node: Node | null | undefined): DeclaredType {
  if (!node) return none;
  switch (node.type) {
    case 'type_identifier':
      return { type: node.text, elements: '' };
    case 'qualified_type': {
      const pkg = node.childForFieldName('package');
      const name = node.childForFieldName('name');
      return pkg && name ? { type: `${pkg.text}.${name.text}`, elements: '' } : none;
    }
    case 'pointer_type':
    case 'parenthesized_type':
      return goDeclaredType(node.namedChildren[node.namedChildren.length - 1]);
    case 'generic_type':
      return goDeclaredType(node.childForFieldName('type'));
    case 'slice_type':
    case 'array_type':
    case 'implicit_length_array_type':
      return { type: '', elements: goDeclaredType(node.childForFieldName('element')).type };
    case 'map_type':
    case 'channel_type':
      return { type: '', elements: goDeclaredType(node.childForFieldName('value')).type };
    default:
      return none;
  }
}

/** The first declared result of a Go function (`(*Node, error)` gives `Node`). */
export function goReturnType(fn: Node): string {
  const result = fn.childForFieldName('result');
  if (!result) return '';
  if (result.type !== 'parameter_list') return goDeclaredType(result).type;
  const first = result.namedChildren.find((c) => c.type === 'parameter_declaration');
  return goDeclaredType(first?.childForFieldName('type')).type;
}

/** The declared return type of a Python function (`-> Console`, `-> "Optional[Console]"`). */
export function pythonReturnType(fn: Node): string {
  const annotation = fn.childForFieldName('return_type');
  return annotation ? pythonDeclaredType(annotation.text).type : '';
}

/**
 * A Python or Go expression as a receiver chain (`self.a.b()`, `pkg.NewT()`), call arguments dropped;
 * undefined for anything else (subscripts, literals, operators).
 */
export function chainText(node: Node | null | undefined): string | undefined {
  const text = chainOf(node, 0);
  return text && text.length <= maxChainChars ? text : undefined;
}

function chainOf(node: Node | null | undefined, depth: number): string | undefined {
  if (!node || depth > 12) return undefined;
  switch (node.type) {
    case 'identifier':
    case 'field_identifier':
    case 'package_identifier':
    case 'type_identifier':
      return node.text;
    case 'call': {
      const inner = chainOf(node.childForFieldName('function'), depth + 1);
      return inner && `${inner}()`;
    }
    case 'call_expression': {
      const inner = chainOf(node.childForFieldName('function'), depth + 1);
      return inner && `${inner}()`;
    }
    case 'attribute': {
      const object = chainOf(node.childForFieldName('object'), depth + 1);
      const attribute = node.childForFieldName('attribute');
      return object && attribute ? `${object}.${attribute.text}` : undefined;
    }
    case 'selector_expression': {
      const operand = chainOf(node.childForFieldName('operand'), depth + 1);
      const field = node.childForFieldName('field');
      return operand && field ? `${operand}.${field.text}` : undefined;
    }
    case 'parenthesized_expression':
    case 'await':
      return chainOf(node.namedChildren[node.namedChildren.length - 1], depth + 1);
    default:
      return undefined;
  }
}

/** What a Go initialiser makes: `T{}`, `&T{}`, `new(T)`, `x.(T)` give T; calls and selectors give their chain. */
export function goInitialiser(value: Node): { type: string } | { value: string } | undefined {
  let node: Node | null = value;
  if (node.type === 'unary_expression' && node.childForFieldName('operator')?.text === '&')
    node = node.childForFieldName('operand');
  if (!node) return undefined;
  if (node.type === 'composite_literal') {
    const type = goDeclaredType(node.childForFieldName('type')).type;
    return type ? { type } : undefined;
  }
  if (node.type === 'type_assertion_expression') {
    const type = goDeclaredType(node.childForFieldName('type')).type;
    return type ? { type } : undefined;
  }
  if (node.type === 'call_expression' && node.childForFieldName('function')?.text === 'new') {
    const type = goDeclaredType(node.childForFieldName('arguments')?.namedChildren[0]).type;
    return type ? { type } : undefined;
  }
  const chain = chainText(node);
  return chain ? { value: chain } : undefined;
}

/** Go's package name for an import path: the last element, major-version suffixes and `go-`/`-go` affixes dropped. */
export function goPackageName(importPath: string): string {
  const parts = importPath.split('/').filter(Boolean);
  let last = parts[parts.length - 1] ?? importPath;
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  return last
    .replace(/\.v\d+$/, '')
    .replace(/^go-/, '')
    .replace(/[-.]go$/, '')
    .replace(/-/g, '_');
}

const pythonScopes: ReadonlySet<string> = new Set(['function_definition', 'lambda', 'module']);
const goFunctions: ReadonlySet<string> = new Set(['function_declaration', 'method_declaration', 'func_literal']);
const goBodiless: ReadonlySet<string> = new Set(['function_type', 'method_elem', 'method_spec', 'interface_type']);
const goScopes: ReadonlySet<string> = new Set([
  ...goFunctions,
  'block',
  'source_file',
  'for_statement',
  'if_statement',
  'expression_switch_statement',
  'type_switch_statement',
  'select_statement',
  'communication_case',
  'expression_case',
  'type_case',
  'default_case',
]);

/**
 * Lines where a Python or Go local is visible: Python's whole function (or module), Go's innermost block.
 * Undefined for names that declare no local: Python class attributes, parameters of Go function types.
 */
export function pyGoVisibleLines(name: Node, language: string): { startLine: number; endLine: number } | undefined {
  let node: Node | null = name.parent;
  if (language === 'python') {
    while (node && !pythonScopes.has(node.type)) {
      if (node.type === 'class_definition') return undefined;
      node = node.parent;
    }
  } else if (name.parent?.type === 'parameter_declaration' || name.parent?.type === 'variadic_parameter_declaration') {
    while (node && !goFunctions.has(node.type)) {
      if (goBodiless.has(node.type)) return undefined;
      node = node.parent;
    }
  } else {
    while (node && !goScopes.has(node.type)) node = node.parent;
  }
  return node ? { startLine: node.startPosition.row + 1, endLine: node.endPosition.row + 1 } : undefined;
}

const goDeclarations: ReadonlySet<string> = new Set(['short_var_declaration', 'var_declaration']);

/**
 * Lines where a Python or Go function-level local shadows a same-named function: undefined at module level (there
 * the name is the definition itself). A Go variable is in scope after its declaration, so `diff := diff(a, b)` still
 * calls the package's `diff`.
 */
export function pyGoLocalLines(name: Node, language: string): { startLine: number; endLine: number } | undefined {
  const lines = pyGoVisibleLines(name, language);
  if (!lines) return undefined;
  let node: Node | null = name.parent;
  let declaration: Node | undefined;
  while (node && node.type !== 'function_definition' && node.type !== 'lambda' && !goFunctions.has(node.type)) {
    if (node.type === 'module' || node.type === 'source_file') return undefined;
    if (!declaration && goDeclarations.has(node.type)) declaration = node;
    node = node.parent;
  }
  if (!node) return undefined;
  if (!declaration) return lines;
  const after = declaration.endPosition.row + 2;
  return after <= lines.endLine ? { startLine: after, endLine: lines.endLine } : undefined;
}
