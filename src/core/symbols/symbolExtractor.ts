import type { Node, QueryCapture, QueryMatch } from 'web-tree-sitter';
import type { LoadedGrammar } from './grammarLoader';
import { blankCompilerAnnotations } from './cAnnotations';
import type { SyntaxTreeCache } from './syntaxTreeCache';
import { cleanDocComment, docCommentFor } from './docComments';
import {
  chainText,
  goDeclaredType,
  goInitialiser,
  goPackageName,
  goReturnType,
  pyGoLocalLines,
  pyGoVisibleLines,
  pythonDeclaredType,
  pythonReturnType,
} from './pyGoTypes';
import {
  callbackBindings,
  compactExpression,
  inFunctionType,
  initialiserType,
  localLines,
  signatureTypes,
  typeNames,
  visibleLines,
} from './typeFacts';
import type {
  Definition,
  DefinitionKind,
  FileSymbols,
  ImportRecord,
  Reference,
  ReferenceKind,
  TypedBinding,
} from './symbolTypes';
import { definitionKinds } from './symbolTypes';

const definitionKindSet: ReadonlySet<string> = new Set<DefinitionKind>(definitionKinds);
const referenceKinds: ReadonlySet<string> = new Set<ReferenceKind>(['call', 'new', 'type', 'read']);
/** Python decorators that make a method a property (or its setter): reading or assigning the attribute runs it. */
const propertyDecorators = /^(?:(?:functools\.)?(?:property|cached_property)|[A-Za-z_]\w*\.(?:setter|getter|deleter))$/;
/** Kinds whose members get qualified by their name; variables and fields only hold values. */
const memberlessKinds: ReadonlySet<DefinitionKind> = new Set(['property', 'field', 'variable', 'constant', 'macro']);
const containerKinds: ReadonlySet<string> = new Set([
  ...definitionKinds.filter((kind) => !memberlessKinds.has(kind)),
  'impl',
]);
/** A function declared directly in one of these is a method. */
const typeContainerKinds: ReadonlySet<string> = new Set(['class', 'interface', 'struct', 'trait', 'impl', 'enum']);
const namespaceKinds: ReadonlySet<string> = new Set(['namespace', 'module']);
const constructorNames: ReadonlySet<string> = new Set(['constructor', '__init__', '__construct', 'initialize']);
const typedLanguages: ReadonlySet<string> = new Set(['typescript', 'tsx']);
const functionKinds: ReadonlySet<string> = new Set(['function', 'method', 'constructor']);
const maxSignatureChars = 200;
const maxReceiverChars = 80;

/**
 * A binding before its enclosing definition is known. `local` marks a function-level local (a parameter,
 * `fn := func() {…}`, `const C = …`), typed or not, from where it takes effect: kept only when the file calls (or
 * `new`s) that name bare, where it shadows same-named definitions elsewhere.
 */
type PendingBinding = Omit<TypedBinding, 'scope'> & {
  start: number;
  enclosing: number;
  local?: boolean;
  /** A Python `global` declaration: `start`..`enclosing` is the function it is made in (removed before the result). */
  global?: boolean;
  /** Position in match order, set once added (removed before the result). */
  order?: number;
};

/** A local's name node, kept until the file's bare calls are known, and its place in match order. */
interface PendingLocal {
  node: Node;
  order: number;
}

interface RawDefinition {
  def: Definition;
  start: number;
  end: number;
  nameStart: number;
  /** Set for Go methods and Rust impl blocks: the type the member belongs to. */
  ownerType?: string;
  /** Scopes (Rust impl) qualify members but are not definitions themselves. */
  scopeOnly: boolean;
  /**
   * An arrow or function that is an object-literal property (`{ value: () => f() }`): listed, but what it calls and
   * declares belongs to the definition around the object, as the language services count it.
   */
  transparent?: boolean;
  /** Position in the file's definitions, once qualified; -1 for a scope-only entry. */
  index: number;
}

/**
 * Parses one file and extracts its definitions, references and imports with the language's query. With `trees`,
 * the file's previous tree (if it has one) is re-parsed incrementally, and the new one is kept there.
 */
export function extractSymbols(
  grammar: LoadedGrammar,
  file: string,
  source: string,
  trees?: SyntaxTreeCache,
): FileSymbols {
  // Positions stay the same, so lines, columns and node text still point into the file as written.
  const text = grammar.language === 'c' ? blankCompilerAnnotations(source) : source;
  const tree = trees ? trees.parse(grammar.parser, file, text) : grammar.parser.parse(text);
  if (!tree) throw new Error(`tree-sitter returned no tree for ${file}`);
  try {
    const root = tree.rootNode;
    const raw: RawDefinition[] = [];
    const rawByName = new Map<number, RawDefinition>();
    const references: Reference[] = [];
    /** Where each reference's name starts, in the order of `references`. */
    const referenceStarts: number[] = [];
    const seenReferences = new Set<number>();
    const imports = new Map<string, ImportRecord>();
    const bases: Array<{ nameStart: number; base: string }> = [];
    const bindings: PendingBinding[] = [];
    const locals: PendingLocal[] = [];
    /** Match order, which breaks ties between bindings at one position (the order they were always kept in). */
    let order = 0;
    for (const match of grammar.query.matches(root)) {
      const kindCapture = match.captures.find((c) => categoryOf(c.name) !== undefined);
      const name = capture(match, 'name');
      if (!kindCapture) {
        // A local is looked at once the file's bare calls are known: most are never called bare, and placing one
        // walks up the tree.
        const local = capture(match, 'binding.local');
        if (local) {
          locals.push({ node: local, order: order++ });
          continue;
        }
        const before = bindings.length;
        const added =
          grammar.language === 'python' || grammar.language === 'go'
            ? addPyGoBindings(bindings, match, grammar.language)
            : addBindings(bindings, match);
        for (let i = before; i < bindings.length; i++) bindings[i].order = order++;
        if (added) continue;
        const base = capture(match, 'base');
        if (name && base) bases.push({ nameStart: name.startIndex, base: baseName(base) });
        continue;
      }
      const [category, kind] = categoryOf(kindCapture.name) as Category;
      if (category === 'definition' || category === 'scope') {
        if (!name || rawByName.has(name.startIndex)) continue;
        if (category === 'definition' && !definitionKindSet.has(kind)) continue;
        const entry = makeDefinition(
          kindCapture.node,
          name,
          kind as DefinitionKind,
          category === 'scope',
          match,
          source,
          grammar,
        );
        raw.push(entry);
        rawByName.set(name.startIndex, entry);
      } else if (category === 'reference') {
        if (!name || !referenceKinds.has(kind) || seenReferences.has(name.startIndex)) continue;
        if (kind === 'read' && !isPlainRead(name)) continue;
        seenReferences.add(name.startIndex);
        const receiver = capture(match, 'receiver');
        const text = unquote(name.text);
        const line = name.startPosition.row + 1;
        const column = name.startPosition.column;
        const referenceKind = kind as ReferenceKind;
        references.push(
          receiver
            ? { name: text, kind: referenceKind, line, column, receiver: receiverText(receiver), enclosing: -1 }
            : { name: text, kind: referenceKind, line, column, enclosing: -1 },
        );
        referenceStarts.push(name.startIndex);
      } else {
        addImport(imports, kindCapture, match, grammar.language);
      }
    }
    for (const { nameStart, base } of bases) {
      const target = rawByName.get(nameStart);
      if (target && !target.def.bases?.includes(base)) (target.def.bases ??= []).push(base);
    }
    const definitions = qualify(raw);
    const spans = raw.filter((r) => !r.scopeOnly && !r.transparent);
    // A definition's own name is not a reference. The rest, by position (as the patterns may match out of order),
    // each with the innermost definition around it.
    const live: number[] = [];
    for (let i = 0; i < references.length; i++) if (!rawByName.has(referenceStarts[i])) live.push(i);
    if (!ascending(live, referenceStarts)) live.sort((a, b) => referenceStarts[a] - referenceStarts[b]);
    const around = enclosingAt(
      spans,
      live.map((i) => referenceStarts[i]),
    );
    const liveReferences = live.map((i, k) => {
      references[i].enclosing = around[k];
      return references[i];
    });
    addCalledLocals(bindings, locals, liveReferences, grammar.language);
    keepCalledLocals(bindings, liveReferences, rawByName);
    bindings.sort((a, b) => a.start - b.start || (a.order ?? 0) - (b.order ?? 0));
    enclosingAt(
      spans,
      bindings.map((b) => b.start),
    ).forEach((enclosing, k) => (bindings[k].enclosing = enclosing));
    // Python imports inside a function bind names in that function only.
    if (grammar.language === 'python') {
      const importScopes = [...imports]
        .map(([key, record]) => ({ record, start: Number(key.split(':')[0]) }))
        .sort((a, b) => a.start - b.start);
      enclosingAt(
        spans,
        importScopes.map((i) => i.start),
      ).forEach((enclosing, k) => {
        if (enclosing >= 0) importScopes[k].record.scope = enclosing;
      });
    }
    return {
      file,
      language: grammar.language,
      definitions,
      references: liveReferences,
      imports: [...imports.values()],
      ...(bindings.length
        ? {
            bindings: bindings.map(
              ({ start: _start, enclosing, local: _local, global: _global, order: _order, ...b }) => ({
                ...b,
                scope: enclosing,
              }),
            ),
          }
        : {}),
      hasSyntaxErrors: root.hasError,
    };
  } finally {
    if (!trees) tree.delete();
  }
}

/** Python and Go typed bindings: annotations and declared types, initialisers, `self.x` and struct fields, loop variables. */
function addPyGoBindings(bindings: PendingBinding[], match: QueryMatch, language: string): boolean {
  const global = capture(match, 'binding.global');
  if (global) {
    // `global _cache` then `_cache = f`: assignments in that function bind the module's name, not a local.
    let scope = global.parent;
    while (scope && scope.type !== 'function_definition') scope = scope.parent;
    if (scope)
      bindings.push({
        name: global.text,
        type: '',
        field: false,
        start: scope.startIndex,
        enclosing: scope.endIndex,
        global: true,
      });
    return true;
  }
  const field = capture(match, 'binding.field');
  const name = capture(match, 'binding.name') ?? field;
  const typeNode = capture(match, 'binding.type');
  const valueNode = capture(match, 'binding.value');
  const iterated = capture(match, 'binding.iterates');
  if (!name || (!typeNode && !valueNode && !iterated)) return false;
  if (language === 'python' && valueNode && !typeNode) {
    // `a or b`, `X() if c else y`: each branch is a candidate; the first one that gives a type is used.
    for (const value of pythonInitialisers(valueNode)) pushPyGo(bindings, name, field, { type: '', value }, language);
    return true;
  }
  let facts: { type: string; elements?: string; value?: string; iterates?: boolean } | undefined;
  if (typeNode) {
    const declared = language === 'python' ? pythonDeclaredType(typeNode.text) : goDeclaredType(typeNode);
    facts = { type: declared.type, ...(declared.elements ? { elements: declared.elements } : {}) };
  } else if (iterated) {
    const value = chainText(iterated);
    facts = value ? { type: '', value, iterates: true } : undefined;
  } else if (valueNode) {
    const made = goInitialiser(valueNode);
    facts = made && ('type' in made ? { type: made.type } : { type: '', value: made.value });
  }
  if (facts) pushPyGo(bindings, name, field, facts, language);
  return true;
}

function pushPyGo(
  bindings: PendingBinding[],
  name: Node,
  field: Node | undefined,
  facts: { type: string; elements?: string; value?: string; iterates?: boolean },
  language: string,
): void {
  if (!facts.type && !facts.elements && facts.value === undefined) return;
  // Fields carry the line of their assignment, where an initialiser such as `self.x = x` is read.
  const lines = field
    ? { startLine: name.startPosition.row + 1, endLine: name.startPosition.row + 1 }
    : pyGoVisibleLines(name, language);
  if (!lines) return;
  bindings.push({
    name: name.text,
    ...facts,
    field: field !== undefined,
    ...lines,
    start: name.startIndex,
    enclosing: -1,
  });
}

/** The locals (parameters, variables) whose name the file calls or `new`s bare, from where each takes effect. */
function addCalledLocals(
  bindings: PendingBinding[],
  locals: readonly PendingLocal[],
  references: readonly Reference[],
  language: string,
): void {
  if (!locals.length) return;
  const called = new Set<string>();
  for (const ref of references)
    if (ref.receiver === undefined && (ref.kind === 'call' || ref.kind === 'new')) called.add(ref.name);
  for (const { node, order } of locals) {
    const name = node.text;
    if (!called.has(name)) continue;
    const lines = language === 'python' || language === 'go' ? pyGoLocalLines(node, language) : localLines(node);
    if (lines)
      bindings.push({
        name,
        type: '',
        field: false,
        ...lines,
        start: node.startIndex,
        enclosing: -1,
        local: true,
        order,
      });
  }
}

/**
 * Drops local markers for names the file never calls bare, that a `global` declaration in their function names, or
 * that are a definition's own name (`const helper = () => …` inside a function is listed as a nested definition).
 */
function keepCalledLocals(
  bindings: PendingBinding[],
  references: readonly Reference[],
  definitionNames: ReadonlyMap<number, RawDefinition>,
): void {
  if (!bindings.some((b) => b.local || b.global)) return;
  const called = new Set<string>();
  for (const ref of references)
    if (ref.receiver === undefined && (ref.kind === 'call' || ref.kind === 'new')) called.add(ref.name);
  const globals = bindings.filter((b) => b.global);
  const isGlobal = (b: PendingBinding): boolean =>
    globals.some((g) => g.name === b.name && g.start <= b.start && b.start < g.enclosing);
  let kept = 0;
  for (const b of bindings)
    if (!b.global && (!b.local || (called.has(b.name) && !definitionNames.has(b.start) && !isGlobal(b))))
      bindings[kept++] = b;
  bindings.length = kept;
}

/** Receiver chains a Python initialiser may evaluate to: both sides of `or`, both branches of `x if c else y`. */
function pythonInitialisers(value: Node, depth = 0): string[] {
  if (depth > 3) return [];
  if (value.type === 'boolean_operator') {
    const left = value.childForFieldName('left');
    const right = value.childForFieldName('right');
    const operator = value.childForFieldName('operator')?.text;
    return [
      ...(operator === 'or' && left ? pythonInitialisers(left, depth + 1) : []),
      ...(right ? pythonInitialisers(right, depth + 1) : []),
    ];
  }
  if (value.type === 'conditional_expression') {
    const branches = value.namedChildren;
    return [branches[0], branches[branches.length - 1]].flatMap((b) => (b ? pythonInitialisers(b, depth + 1) : []));
  }
  const chain = chainText(value);
  return chain ? [chain] : [];
}

/** Typed-binding captures: a declared type, an initialiser, or a callback whose parameters the callee types. */
function addBindings(bindings: PendingBinding[], match: QueryMatch): boolean {
  const callback = capture(match, 'binding.callback');
  if (callback) {
    for (const b of callbackBindings(callback)) bindings.push({ ...b, enclosing: -1 });
    return true;
  }
  const field = capture(match, 'binding.field');
  const name = capture(match, 'binding.name') ?? field;
  const typeNode = capture(match, 'binding.type');
  const valueNode = capture(match, 'binding.value');
  if (!name || (!typeNode && !valueNode)) return false;
  if (!field && name.parent && inFunctionType(name.parent)) return true;
  const typed = typeNode ? { type: typeNames(typeNode) } : valueNode ? initialiserType(valueNode) : undefined;
  if (!typed || ('type' in typed && !typed.type)) return true;
  bindings.push({
    name: name.text,
    type: 'type' in typed ? typed.type : '',
    field: field !== undefined,
    ...(field ? {} : visibleLines(name)),
    ...('value' in typed ? { value: typed.value } : {}),
    start: name.startIndex,
    enclosing: -1,
  });
  return true;
}

/** An attribute read (`a.b`), not the callee of a call, an assignment target or a `del`. */
function isPlainRead(name: Node): boolean {
  const attribute = name.parent;
  const parent = attribute?.parent;
  if (!attribute || !parent) return false;
  if (parent.type === 'call' && parent.childForFieldName('function')?.id === attribute.id) return false;
  if (
    (parent.type === 'assignment' || parent.type === 'augmented_assignment') &&
    parent.childForFieldName('left')?.id === attribute.id
  )
    return false;
  return parent.type !== 'delete_statement';
}

/** A Python function under `@property` or `@cached_property`. */
function isPythonProperty(node: Node): boolean {
  if (node.type !== 'function_definition' || node.parent?.type !== 'decorated_definition') return false;
  return node.parent.namedChildren.some(
    (d) => d.type === 'decorator' && propertyDecorators.test(d.namedChildren[0]?.text ?? ''),
  );
}

type Category = readonly [category: string, kind: string];
/** Capture names are a few dozen per query and come up for every match: each is split once. */
const categories = new Map<string, Category | undefined>();

/** `definition.function` → `['definition', 'function']`; undefined for a capture that names no category. */
function categoryOf(name: string): Category | undefined {
  if (categories.has(name)) return categories.get(name);
  const dot = name.indexOf('.');
  const category: Category = dot < 0 ? [name, ''] : [name.slice(0, dot), name.slice(dot + 1)];
  const known =
    (dot >= 0 && (category[0] === 'definition' || category[0] === 'reference' || category[0] === 'scope')) ||
    name === 'import' ||
    name === 'reexport';
  categories.set(name, known ? category : undefined);
  return categories.get(name);
}

function capture(match: QueryMatch, name: string): Node | undefined {
  return match.captures.find((c) => c.name === name)?.node;
}

function makeDefinition(
  node: Node,
  name: Node,
  kind: DefinitionKind,
  scopeOnly: boolean,
  match: QueryMatch,
  source: string,
  grammar: LoadedGrammar,
): RawDefinition {
  const owner = capture(match, 'owner');
  const nameText = unquote(name.text);
  // The line holding the name, so decorators and annotations above it do not become the signature.
  const lineStart = source.lastIndexOf('\n', name.startIndex - 1) + 1;
  const lineEnd = source.indexOf('\n', name.startIndex);
  const signature = source
    .slice(lineStart, lineEnd < 0 ? undefined : lineEnd)
    .trim()
    .slice(0, maxSignatureChars);
  const doc = docCommentFor(node, grammar.language, source);
  const end = node.endPosition; // a call into tree-sitter per read
  const position = name.startPosition;
  // Assigned field by field (no spreads): this runs for every definition of a build.
  const def: Definition = {
    name: nameText,
    kind:
      constructorNames.has(nameText) && kind !== 'class'
        ? 'constructor'
        : grammar.language === 'python' && isPythonProperty(node)
          ? 'property'
          : kind,
    qualifiedName: nameText,
    line: position.row + 1,
    column: position.column,
    startLine: node.startPosition.row + 1,
    endLine: end.row + 1,
    endColumn: end.column,
    signature,
  };
  if (doc) def.doc = cleanDocComment(doc);
  if (typedLanguages.has(grammar.language) && functionKinds.has(kind)) Object.assign(def, signatureTypes(node));
  if (functionKinds.has(kind) && (grammar.language === 'python' || grammar.language === 'go')) {
    const returns = grammar.language === 'python' ? pythonReturnType(node) : goReturnType(node);
    if (returns) def.returns = returns;
  }
  const entry: RawDefinition = {
    def,
    start: node.startIndex,
    end: node.endIndex,
    nameStart: name.startIndex,
    scopeOnly,
    index: -1,
  };
  if (owner) entry.ownerType = baseName(owner);
  if (capture(match, 'transparent')) entry.transparent = true;
  return entry;
}

/** Sets container and qualified names from range nesting; drops scope-only entries from the result. */
function qualify(raw: RawDefinition[]): Definition[] {
  raw.sort((a, b) => a.start - b.start || b.end - a.end);
  const stack: RawDefinition[] = [];
  const out: Definition[] = [];
  for (const entry of raw) {
    while (stack.length && stack[stack.length - 1].end <= entry.start) stack.pop();
    let parent: RawDefinition | undefined;
    for (let k = stack.length - 1; k >= 0 && !parent; k--)
      if (containerKinds.has(stack[k].scopeOnly ? 'impl' : stack[k].def.kind)) parent = stack[k];
    const owner = entry.ownerType?.replace(/::/g, '.');
    const containerName = owner
      ? parent && namespaceKinds.has(parent.def.kind)
        ? `${parent.def.qualifiedName}.${owner}`
        : owner
      : parent?.def.qualifiedName;
    if (
      entry.def.kind === 'function' &&
      (entry.ownerType || (parent && typeContainerKinds.has(parent.scopeOnly ? 'impl' : parent.def.kind)))
    ) {
      entry.def.kind = 'method';
    }
    if (containerName) {
      entry.def.container = containerName;
      entry.def.qualifiedName = `${containerName}.${entry.def.name}`;
    }
    stack.push(entry);
    if (!entry.scopeOnly) {
      entry.index = out.length;
      out.push(entry.def);
    }
  }
  return out;
}

/** The index in the file's definitions of the innermost span around each position (ascending), or -1. */
function enclosingAt(spans: readonly RawDefinition[], starts: readonly number[]): number[] {
  const out = new Array<number>(starts.length);
  const stack: RawDefinition[] = [];
  let next = 0;
  for (let k = 0; k < starts.length; k++) {
    const start = starts[k];
    while (next < spans.length && spans[next].start <= start) {
      while (stack.length && stack[stack.length - 1].end <= spans[next].start) stack.pop();
      stack.push(spans[next++]);
    }
    while (stack.length && stack[stack.length - 1].end <= start) stack.pop();
    out[k] = stack.length ? stack[stack.length - 1].index : -1;
  }
  return out;
}

function ascending(order: readonly number[], keys: readonly number[]): boolean {
  for (let k = 1; k < order.length; k++) if (keys[order[k - 1]] > keys[order[k]]) return false;
  return true;
}

function addImport(
  imports: Map<string, ImportRecord>,
  statement: QueryCapture,
  match: QueryMatch,
  language: string,
): void {
  const moduleNode = capture(match, 'import.module');
  if (!moduleNode) return;
  const module = unquote(moduleNode.text.trim());
  const key = `${statement.node.startIndex}:${module}`;
  let record = imports.get(key);
  if (!record) {
    record = {
      module,
      names: [],
      line: statement.node.startPosition.row + 1,
      ...(statement.name === 'reexport' ? { reexport: true } : {}),
    };
    imports.set(key, record);
  }
  const name = capture(match, 'import.name');
  const alias = capture(match, 'import.alias');
  const namespace = capture(match, 'import.namespace');
  const defaultName = capture(match, 'import.default');
  const wildcard = capture(match, 'import.wildcard');
  const last = capture(match, 'import.last');
  const wholePackage = capture(match, 'import.package');
  const add = (n: string, a?: string): void => {
    if (!record.names.some((x) => x.name === n && x.alias === a))
      record.names.push(a && a !== n ? { name: n, alias: a } : { name: n });
  };
  if (name) add(unquote(name.text), alias ? unquote(alias.text) : undefined);
  if (namespace) add('*', namespace.text);
  if (defaultName) add('default', defaultName.text);
  if (wildcard) add('*');
  if (last) add(lastSegment(module), alias ? unquote(alias.text) : undefined);
  if (wholePackage) add('*', language === 'go' ? goPackageName(module) : lastSegment(module));
  if (!name && !namespace && !defaultName && !wildcard && statement.name === 'reexport') add('*');
}

/** `a.b.C`, `a::b::C`, `A\\B\\C`, `a/b/c` all end in their last segment. */
function lastSegment(module: string): string {
  const parts = module.split(/::|[./\\]/).filter(Boolean);
  return parts[parts.length - 1] ?? module;
}

function receiverText(node: Node): string {
  const text = compactExpression(node.text);
  return text.length > maxReceiverChars ? `${text.slice(0, maxReceiverChars)}…` : text;
}

/** The plain type name of a base or owner: generics, pointers and references stripped. */
function baseName(node: Node): string {
  return node.text
    .replace(/<[\s\S]*$/, '')
    .replace(/\[[\s\S]*$/, '')
    .replace(/^[&*\s]+|\s+$/g, '')
    .replace(/^(mut|const)\s+/, '');
}

function unquote(text: string): string {
  const first = text.charCodeAt(0);
  // Not one of " ' ` <: most names, and no regular expression to run.
  if (first !== 34 && first !== 39 && first !== 96 && first !== 60) return text;
  return text.length >= 2 && /^(["'`<]).*["'`>]$/s.test(text) ? text.slice(1, -1) : text;
}
