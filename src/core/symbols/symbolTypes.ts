/** Plain records the symbol index produces; they cross worker boundaries and the cache, so no classes. */

export type LanguageId =
  'typescript' | 'tsx' | 'javascript' | 'python' | 'go' | 'rust' | 'java' | 'c' | 'cpp' | 'csharp' | 'ruby' | 'php';

/** Every kind of definition the index records, in the order help texts and tool schemas list them. */
export const definitionKinds = [
  'class',
  'interface',
  'struct',
  'enum',
  'trait',
  'type',
  'function',
  'method',
  'constructor',
  'property',
  'field',
  'variable',
  'constant',
  'module',
  'namespace',
  'macro',
] as const;

export type DefinitionKind = (typeof definitionKinds)[number];

/** `read`: an attribute read that runs code only when it names a property (a Python `@property` getter). */
export type ReferenceKind = 'call' | 'new' | 'type' | 'read';

/** Lines are 1-based, columns 0-based in UTF-16 code units (what editors use). */
export interface Definition {
  name: string;
  kind: DefinitionKind;
  /** Container-qualified, e.g. `Class.method`; equals `name` at top level. */
  qualifiedName: string;
  /** Qualified name of the enclosing definition, absent at top level. */
  container?: string;
  /** Position of the name (where "go to definition" lands). */
  line: number;
  column: number;
  /** Where the whole declaration starts and ends (decorators and doc comment excluded). */
  startLine: number;
  endLine: number;
  endColumn: number;
  /** First line of the declaration, trimmed and capped. */
  signature: string;
  /** The comment or docstring right above (or, for Python, inside) the definition. */
  doc?: string;
  /** Names after `extends`/`implements`/base lists, for `this`/`self` resolution through bases. */
  bases?: string[];
  /** TypeScript: declared parameter types, for typing the parameters of callbacks passed to this function. */
  parameters?: ParameterType[];
  /** TypeScript: declared return type (simple names, `|`-joined), for typing `f().m()` and `const x = f()`. */
  returns?: string;
}

/** A parameter's declared type (simple names, `|`-joined, '' when undeclared); for a function-typed one, its parameters' types. */
export interface ParameterType {
  type: string;
  callback?: string[];
  /** The function type's declared `this:` type, which `this` has inside a `function` passed there. */
  callbackThis?: string;
}

export interface Reference {
  name: string;
  kind: ReferenceKind;
  line: number;
  column: number;
  /** Source text of the receiver for member calls (`this`, `self`, `ns`, `a.b`); absent for plain calls. */
  receiver?: string;
  /** Index into the file's `definitions` of the innermost definition containing the reference, -1 at top level. */
  enclosing: number;
}

/** The type of a local name (`x: Foo`, `x = new Foo()`, `x = make()`) or a field (`this.x`), used to resolve `x.m()`. */
export interface TypedBinding {
  name: string;
  /** Declared type: simple type names (generics stripped), `|`-joined for unions; '' when it comes from `value` or `callback`. */
  type: string;
  /** True for class fields and parameter properties, reached as `this.name`. */
  field: boolean;
  /** Index into `definitions` of the innermost definition around the declaration, -1 at top level. */
  scope: number;
  /** Lines of the block or function where a local is visible; absent for fields. */
  startLine?: number;
  endLine?: number;
  /** The initialiser the name takes its type from (`make()`, `this.a.b()`), whitespace removed. */
  value?: string;
  /** An untyped callback parameter: its type is the callee's declared type for that parameter. */
  callback?: CallbackSlot;
  /** Python and Go: element type names of a container-typed declaration (`list[Node]`, `[]*Node`), `|`-joined. */
  elements?: string;
  /** A loop variable: it takes the element type of what `value` names (`for n in self.nodes`, `range n.children`). */
  iterates?: boolean;
}

/** Where a callback sits: `callee(…, (p0, p1) => …)` is argument `argument`, the name is its parameter `parameter` (-1: `this`). */
export interface CallbackSlot {
  /** The called expression (`operate`, `source.subscribe`, `Observable` for `new Observable(...)`), whitespace removed. */
  callee: string;
  construct: boolean;
  argument: number;
  parameter: number;
}

export interface ImportedName {
  /** The exported name; `*` for a namespace/whole-module import, `default` for a default import. */
  name: string;
  /** The local name when it differs (`import {a as b}`, `import * as ns`, `import x from`). */
  alias?: string;
}

export interface ImportRecord {
  /** The module as written: `./util`, `os.path`, `fmt`, `crate::a::b`, `stdio.h`. */
  module: string;
  names: ImportedName[];
  line: number;
  /** True for `export ... from` (TS/JS): the names become exports of this file. */
  reexport?: boolean;
  /** Index into `definitions` of the function the import statement sits in; absent at module level. */
  scope?: number;
}

export type SkipReason =
  'too-large' | 'minified' | 'generated' | 'binary' | 'secret' | 'unreadable' | 'grammar-unavailable';

export interface FileSymbols {
  file: string;
  language: LanguageId;
  definitions: Definition[];
  references: Reference[];
  imports: ImportRecord[];
  /** Declared types of names (languages whose queries capture them). */
  bindings?: TypedBinding[];
  /** True when the parse tree contains error nodes; the file is still indexed. */
  hasSyntaxErrors: boolean;
}

export interface SkippedSymbolFile {
  file: string;
  reason: SkipReason;
  detail?: string;
}

export type Confidence = 'exact' | 'import' | 'name';
export type EdgeKind = 'call' | 'import' | 'type';

/** A definition as seen across the workspace. `id` is stable while the file's content is. */
export interface SymbolInfo extends Definition {
  id: string;
  file: string;
  language: LanguageId;
}

export interface SymbolEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  confidence: Confidence;
  /** Where the reference is (file-relative, 1-based line), for call and type edges. */
  file?: string;
  line?: number;
}

/** A node of the call graph as `rlm graph --json` writes it; `kind: 'file'` stands for a file's top level. */
export interface SymbolRef {
  id: string;
  name: string;
  qualifiedName: string;
  kind: DefinitionKind | 'file';
  file: string;
  line: number;
  endLine: number;
}

export interface TraceNode extends SymbolRef {
  /** Hops from the traced symbol. */
  depth: number;
}

/** One resolved use of a symbol: where it is, what contains it, how sure the resolution is. */
export interface ReferenceSite {
  file: string;
  line: number;
  column: number;
  kind: ReferenceKind;
  confidence: Confidence;
  /** The definition containing the use (or the file's top level). */
  from: SymbolRef;
  to: SymbolRef;
}

export interface SymbolGraph {
  definitions: SymbolRef[];
  edges: Array<{ from: string; to: string; kind: EdgeKind; confidence: Confidence }>;
}

export interface TraceGraph {
  /** Ids of the traced symbols (a name can match several). */
  roots: string[];
  nodes: TraceNode[];
  edges: SymbolEdge[];
  /** True when `maxNodes` stopped the walk. */
  truncated: boolean;
}
