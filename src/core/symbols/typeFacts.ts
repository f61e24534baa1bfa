import type { Node } from 'web-tree-sitter';
import type { ParameterType, TypedBinding } from './symbolTypes';

/** Nodes whose body bounds where a local name is visible. */
const blockTypes: ReadonlySet<string> = new Set([
  'statement_block',
  'arrow_function',
  'function_expression',
  'function_declaration',
  'generator_function_declaration',
  'method_definition',
  'program',
  'for_statement',
  'for_in_statement',
  'catch_clause',
]);
const functionTypes: ReadonlySet<string> = new Set([
  'arrow_function',
  'function_expression',
  'function_declaration',
  'generator_function_declaration',
  'method_definition',
  'generator_function',
]);
/** Declarations without a body: their parameters are visible nowhere else. */
const bodilessTypes: ReadonlySet<string> = new Set([
  'function_signature',
  'method_signature',
  'abstract_method_signature',
  'call_signature',
  'construct_signature',
]);
/** Expression wrappers that do not change which object a value is (for initialiser types). */
const transparentTypes: ReadonlySet<string> = new Set([
  'await_expression',
  'non_null_expression',
  'parenthesized_expression',
]);
const maxValueChars = 120;

/** Whitespace removed except where it separates two words (`new Foo()` stays readable and parseable). */
export function compactExpression(text: string): string {
  return text.replace(/\s+/g, (space: string, offset: number, whole: string) =>
    /[\w$]/.test(whole[offset - 1] ?? '') && /[\w$#]/.test(whole[offset + space.length] ?? '') ? ' ' : '',
  );
}

/** Simple names of a type annotation: generics stripped, union and intersection members listed, `|`-joined; '' when none. */
export function typeNames(node: Node | null | undefined): string {
  const out: string[] = [];
  const visit = (n: Node | null | undefined): void => {
    if (!n) return;
    switch (n.type) {
      case 'type_annotation':
      case 'parenthesized_type':
      case 'readonly_type':
        visit(n.firstNamedChild);
        break;
      case 'union_type':
      case 'intersection_type':
        for (const child of n.namedChildren) visit(child);
        break;
      case 'generic_type':
        visit(n.childForFieldName('name'));
        break;
      case 'type_identifier':
        out.push(n.text);
        break;
      case 'nested_type_identifier':
        visit(n.childForFieldName('name'));
        break;
      default:
        break;
    }
  };
  visit(node);
  return [...new Set(out)].join('|');
}

/** Declared parameter and return types of a function-like declaration (the function node itself or a declarator holding one). */
export function signatureTypes(node: Node): { parameters?: ParameterType[]; returns?: string } {
  const fn =
    functionTypes.has(node.type) || node.childForFieldName('parameters') ? node : node.childForFieldName('value');
  if (!fn) return {};
  const parameters = fn.childForFieldName('parameters');
  const returns = typeNames(fn.childForFieldName('return_type'));
  const params = parameters ? parameterTypes(parameters) : [];
  return {
    ...(params.some((p) => p.type || p.callback) ? { parameters: params } : {}),
    ...(returns ? { returns } : {}),
  };
}

function parameterTypes(list: Node): ParameterType[] {
  const out: ParameterType[] = [];
  for (const param of list.namedChildren) {
    if (param.type !== 'required_parameter' && param.type !== 'optional_parameter') continue;
    // TypeScript's `this:` pseudo-parameter takes no argument position.
    if (param.childForFieldName('pattern')?.type === 'this') continue;
    const annotation = param.childForFieldName('type');
    const fnType = functionTypeOf(annotation?.firstNamedChild);
    const callbackParams = fnType?.childForFieldName('parameters');
    if (callbackParams) {
      const thisParam = callbackParams.namedChildren.find((p) => p.childForFieldName('pattern')?.type === 'this');
      const callbackThis = thisParam ? typeNames(thisParam.childForFieldName('type')) : '';
      out.push({
        type: '',
        callback: parameterTypes(callbackParams).map((p) => p.type),
        ...(callbackThis ? { callbackThis } : {}),
      });
    } else {
      out.push({ type: typeNames(annotation) });
    }
  }
  return out;
}

/** `(a: X) => Y`, also inside parentheses or a union with undefined. */
function functionTypeOf(node: Node | null | undefined): Node | undefined {
  if (!node) return undefined;
  if (node.type === 'function_type') return node;
  if (node.type === 'parenthesized_type') return functionTypeOf(node.firstNamedChild);
  if (node.type === 'union_type') {
    for (const child of node.namedChildren) {
      const found = functionTypeOf(child);
      if (found) return found;
    }
  }
  return undefined;
}

/** Lines of the innermost block or function around a node: where a local declared there is visible. */
export function visibleLines(node: Node): { startLine: number; endLine: number } {
  let block: Node | null = node.parent;
  // A parameter is visible in its function, not in the block around the function.
  if (block?.type === 'formal_parameters' || node.parent?.parent?.type === 'formal_parameters') {
    while (block && !functionTypes.has(block.type) && !bodilessTypes.has(block.type)) block = block.parent;
  } else {
    while (block && !blockTypes.has(block.type)) block = block.parent;
  }
  const span = block ?? node;
  return { startLine: span.startPosition.row + 1, endLine: span.endPosition.row + 1 };
}

/**
 * Lines where a parameter or variable declared inside a function is visible; undefined at module level (there the
 * name is the definition itself) and for parameters of signatures without a body.
 */
export function localLines(node: Node): { startLine: number; endLine: number } | undefined {
  for (let up: Node | null = node.parent; up; up = up.parent) {
    if (bodilessTypes.has(up.type) || up.type === 'function_type' || up.type === 'program') return undefined;
    if (functionTypes.has(up.type)) return visibleLines(node);
  }
  return undefined;
}

/** True when a parameter belongs to a function type (`(a: X) => Y`), which declares no local. */
export function inFunctionType(param: Node): boolean {
  return param.parent?.type === 'formal_parameters' && param.parent.parent?.type === 'function_type';
}

/** The initialiser of a name, reduced to what decides its type: `new X()` gives X, `x as X` gives X, else the expression text. */
export function initialiserType(value: Node): { type: string } | { value: string } | undefined {
  let node: Node | null = value;
  while (node && transparentTypes.has(node.type)) node = node.firstNamedChild;
  if (!node) return undefined;
  if (node.type === 'new_expression') {
    const ctor = node.childForFieldName('constructor');
    const name = ctor?.type === 'member_expression' ? ctor.childForFieldName('property') : ctor;
    return name && (name.type === 'identifier' || name.type === 'property_identifier')
      ? { type: name.text }
      : undefined;
  }
  if (node.type === 'as_expression' || node.type === 'satisfies_expression') {
    const type = typeNames(node.namedChildren[1]);
    return type ? { type } : undefined;
  }
  if (node.type !== 'call_expression' && node.type !== 'member_expression' && node.type !== 'identifier')
    return undefined;
  const text = compactExpression(node.text);
  return text.length > maxValueChars ? undefined : { value: text };
}

/** Bindings for the untyped parameters of a callback passed as an argument: their types come from the callee's declaration. */
export function callbackBindings(fn: Node): Array<Omit<TypedBinding, 'scope'> & { start: number }> {
  const args = fn.parent;
  const call = args?.parent;
  if (
    !args ||
    !call ||
    args.type !== 'arguments' ||
    (call.type !== 'call_expression' && call.type !== 'new_expression')
  )
    return [];
  const callee = call.childForFieldName(call.type === 'new_expression' ? 'constructor' : 'function');
  if (!callee || callee.text.length > maxValueChars) return [];
  const argument = args.namedChildren.findIndex((n) => n.id === fn.id);
  const single = fn.childForFieldName('parameter');
  const params = single ? [single] : (fn.childForFieldName('parameters')?.namedChildren ?? []);
  const out: Array<Omit<TypedBinding, 'scope'> & { start: number }> = [];
  const slot = { callee: compactExpression(callee.text), construct: call.type === 'new_expression', argument };
  const lines = { startLine: fn.startPosition.row + 1, endLine: fn.endPosition.row + 1 };
  // A `function` callback (not an arrow) gets its `this` from the callee, unless it declares one.
  const declaresThis = params.some((p) => p.childForFieldName('pattern')?.type === 'this');
  if (fn.type === 'function_expression' && !declaresThis) {
    out.push({
      name: 'this',
      type: '',
      field: false,
      ...lines,
      callback: { ...slot, parameter: -1 },
      start: fn.startIndex,
    });
  }
  params
    .filter((p) => p.childForFieldName('pattern')?.type !== 'this')
    .forEach((param, parameter) => {
      const pattern = param.type === 'identifier' ? param : param.childForFieldName('pattern');
      if (!pattern || pattern.type !== 'identifier' || param.childForFieldName('type')) return;
      out.push({
        name: pattern.text,
        type: '',
        field: false,
        ...lines,
        callback: { ...slot, parameter },
        start: pattern.startIndex,
      });
    });
  return out;
}
