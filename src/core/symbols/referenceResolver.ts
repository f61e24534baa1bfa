import { languageFamily, languageSpec } from './languages';
import type { ModuleResolver } from './moduleResolver';
import { ReceiverTypes, shadowingLocal } from './receiverTypes';
import type { TypeLookup } from './receiverTypes';
import type { DefHandle, SymbolStore } from './symbolStore';
import type {
  Confidence,
  Definition,
  DefinitionKind,
  FileSymbols,
  ImportRecord,
  Reference,
  TypedBinding,
} from './symbolTypes';

export interface ResolvedTarget {
  handle: DefHandle;
  confidence: Confidence;
}

/** Targets found for a name, and whether the name is bound to something outside the workspace. */
interface Lookup {
  targets: ResolvedTarget[];
  /** The name is imported from an external module: a same-named workspace symbol would be a false edge. */
  external: boolean;
}

type KindFilter = (kind: DefinitionKind) => boolean;

const typeKinds: ReadonlySet<DefinitionKind> = new Set(['class', 'interface', 'struct', 'enum', 'trait', 'type']);
const scopeKinds: ReadonlySet<DefinitionKind> = new Set(['namespace', 'module']);
const callableKinds: ReadonlySet<DefinitionKind> = new Set([
  'function',
  'method',
  'class',
  'struct',
  'constructor',
  'macro',
  'variable',
  'constant',
  'field',
  'property',
]);
const memberKinds: ReadonlySet<DefinitionKind> = new Set([
  'method',
  'function',
  'constructor',
  'property',
  'field',
  'constant',
]);
/** What only a receiver (`x.m()`, `self.m()`) reaches in a language without implicit `this`. */
const typeMemberKinds: ReadonlySet<DefinitionKind> = new Set(['method', 'constructor', 'field', 'property']);
const functionKinds: ReadonlySet<DefinitionKind> = new Set(['function', 'method', 'constructor']);
/**
 * Families where what a function declares inside it is local to it. Not JavaScript (a factory's returned object
 * literal lists its methods under the factory), Ruby (`def` inside `def` defines a method) or PHP (nested functions
 * are global once declared).
 */
const localScopes: ReadonlySet<string> = new Set(['python', 'go', 'rust', 'java', 'csharp', 'c']);
const rank: Record<Confidence, number> = { exact: 0, import: 1, name: 2 };
/** Types a language gives without a declaration: their members are never workspace definitions. */
const builtinTypes: Readonly<Record<string, ReadonlySet<string>>> = {
  go: new Set([
    'any',
    'bool',
    'byte',
    'comparable',
    'complex64',
    'complex128',
    'error',
    'float32',
    'float64',
    'int',
    'int8',
    'int16',
    'int32',
    'int64',
    'rune',
    'string',
    'uint',
    'uint8',
    'uint16',
    'uint32',
    'uint64',
    'uintptr',
  ]),
  python: new Set(['str', 'bytes', 'bytearray', 'int', 'float', 'complex', 'bool', 'memoryview', 'range', 'slice']),
};
const noBuiltins: ReadonlySet<string> = new Set();
const maxDepth = 6;

/** A Python method whose first parameter is `cls`: a classmethod, `__new__`, `__init_subclass__`. */
const clsFirst = /\bdef\s+\w+\s*\(\s*cls\s*[,)]/;
/** `super()`, `super(Cls, self)`: Python's view of `self` through the bases. */
const pythonSuper = /^super\([^()]*\)$/;

const isProperty: KindFilter = (k) => k === 'property';
const isCallable: KindFilter = (k) => callableKinds.has(k);
const isType: KindFilter = (k) => typeKinds.has(k) || scopeKinds.has(k);
// Interfaces and type aliases have no constructor: `new X()` on one means a same-named value (TS declaration merging).
const isConstructible: KindFilter = (k) => (typeKinds.has(k) && k !== 'interface' && k !== 'type') || k === 'function';

/** The stronger of two confidences. */
export function strongest(a: Confidence, b: Confidence): Confidence {
  return rank[a] <= rank[b] ? a : b;
}

/** The weaker of two confidences. */
function weakest(a: Confidence, b: Confidence): Confidence {
  return rank[a] >= rank[b] ? a : b;
}

/** Resolves references scope-first: lexical scope, then imports, then same package, then by name. */
export class ReferenceResolver implements TypeLookup {
  private readonly receiverTypes: ReceiverTypes;

  /** `typeTargets` answers while one reference is resolved (see there). */
  private typeMemo: Map<string, ResolvedTarget[]> | undefined;
  private resolving = false;

  constructor(
    private readonly store: SymbolStore,
    private readonly modules: ModuleResolver,
    private readonly maxNameCandidates: number,
  ) {
    this.receiverTypes = new ReceiverTypes(this);
  }

  resolve(symbols: FileSymbols, ref: Reference): ResolvedTarget[] {
    const outermost = !this.resolving;
    this.resolving = true;
    try {
      const targets = firstOverloads(this.resolveAll(symbols, ref));
      // A read runs code only when it reaches a property; a guess by name would link every same-named attribute.
      return ref.kind === 'read'
        ? targets.filter((t) => t.confidence !== 'name' && this.def(t.handle).kind === 'property')
        : targets;
    } finally {
      if (outermost) {
        this.resolving = false;
        this.typeMemo = undefined;
      }
    }
  }

  private resolveAll(symbols: FileSymbols, ref: Reference): ResolvedTarget[] {
    const filter =
      ref.kind === 'type'
        ? isType
        : ref.kind === 'new'
          ? isConstructible
          : ref.kind === 'read'
            ? isProperty
            : isCallable;
    if (ref.name === 'super' && ref.receiver === undefined) {
      // Python's `super()` is the builtin that gives the bases' view of `self`; TypeScript's `super(...)` constructs the base class.
      return languageFamily(symbols.language) === 'python' ? [] : this.baseTypes(symbols, ref.enclosing);
    }
    if (ref.receiver === undefined && ref.name === 'cls' && languageFamily(symbols.language) === 'python') {
      // `def create(cls, …): return cls(…)`: the class the classmethod is called on, this one or a subclass.
      const method = symbols.definitions[ref.enclosing];
      const owner = method && clsFirst.test(method.signature) ? this.enclosingType(symbols, ref.enclosing) : undefined;
      if (owner) return [{ handle: owner, confidence: 'exact' }];
    }
    if (ref.receiver === undefined) {
      const targets = this.resolveName(symbols, ref.name, ref.enclosing, filter, 0).targets;
      const local =
        targets.length && (ref.kind === 'call' || ref.kind === 'new')
          ? shadowingLocal(symbols, ref.name, ref.line)
          : undefined;
      // `cls = self.client_class` … `from .testing import FlaskClient as cls`: an import in the function binds it too.
      if (!local || this.importedIn(symbols, ref.name, local.scope)) return targets;
      // `def from_file(self, load): … load(f)`, `check := func() {…}; check()`, `function required(Class) { new
      // Class() }`: the local runs, not a definition of that name elsewhere; only one inside the local's own scope
      // can still be meant.
      const scope = symbols.definitions[local.scope]?.qualifiedName;
      const inner = targets.filter(
        (t) =>
          t.handle.symbols === symbols &&
          scope !== undefined &&
          this.def(t.handle).qualifiedName.startsWith(`${scope}.`),
      );
      return inner.length ? inner : this.aliased(symbols, ref, local, filter);
    }
    return this.resolveMember(symbols, ref, filter);
  }

  private resolveMember(symbols: FileSymbols, ref: Reference, filter: KindFilter): ResolvedTarget[] {
    const receiver = ref.receiver ?? '';
    const spec = languageSpec(symbols.language);
    if (receiver === 'this' && symbols.bindings?.some((b) => b.name === 'this')) {
      const declared = this.receiverTypes
        .typesOf(symbols, receiver, ref.enclosing, ref.line)
        .flatMap((t) => this.members(this.def(t.handle).qualifiedName, t.handle, ref.name, t.confidence, 0));
      if (declared.length) return declared;
    }
    const viaBases =
      receiver === 'super' ||
      receiver === 'parent' ||
      (languageFamily(symbols.language) === 'python' && pythonSuper.test(receiver));
    if (spec.selfReceivers.includes(receiver) || viaBases) {
      const owner = this.enclosingType(symbols, ref.enclosing);
      if (!owner) return this.byName(symbols, ref.name, (k) => memberKinds.has(k), true);
      const ownerName = this.def(owner).qualifiedName;
      const found = viaBases ? this.inBases(owner, ref.name, 1) : this.members(ownerName, owner, ref.name, 'exact', 0);
      if (found.length) return found;
      // Not declared on the class or the bases in the workspace: inherited from a base outside it (`click.Group`),
      // or declared nowhere. Never the class's own member: `super().m()` inside `m` is not a recursive call.
      if (this.hasExternalBase(owner, 0)) return [];
      return this.byName(symbols, ref.name, (k) => memberKinds.has(k), true).filter(
        (t) => this.def(t.handle).container !== ownerName,
      );
    }
    const viaNamespace = this.throughNamespace(symbols, receiver, ref.name, filter, ref.enclosing);
    if (viaNamespace) return viaNamespace.targets;
    const typed = this.receiverTypes
      .typesOf(symbols, receiver, ref.enclosing, ref.line)
      .flatMap((t) => this.members(this.def(t.handle).qualifiedName, t.handle, ref.name, t.confidence, 0));
    if (typed.length) return typed;
    // `t *testing.T` then `t.Error()`, `err error`, `name: str`: the type is known and outside the workspace, so a
    // same-named member of a workspace type would be a false edge.
    if (this.receiverTypes.declaredOutside(symbols, receiver, ref.enclosing, ref.line)) return [];
    const path = receiver.split(/::|\\|\./);
    const head = this.resolveName(symbols, path[0], ref.enclosing, isType, 0);
    if (head.external) return [];
    let scopes = head.targets;
    for (const segment of path.slice(1)) {
      scopes = scopes
        .flatMap((s) =>
          this.members(s.handle.symbols.definitions[s.handle.index].qualifiedName, s.handle, segment, s.confidence, 0),
        )
        .filter((t) => isType(this.def(t.handle).kind));
    }
    const members = scopes.flatMap((s) =>
      this.members(this.def(s.handle).qualifiedName, s.handle, ref.name, s.confidence, 0),
    );
    if (members.length) return members;
    return this.byName(symbols, ref.name, (k) => memberKinds.has(k), true);
  }

  /** A field's declared types on a class or, when not declared there, on its bases. */
  field(owner: DefHandle, name: string, depth = 0): Array<{ binding: TypedBinding; symbols: FileSymbols }> {
    const own = (owner.symbols.bindings ?? []).filter(
      (b) => b.field && b.name === name && this.enclosingType(owner.symbols, b.scope)?.index === owner.index,
    );
    if (own.length) return own.map((binding) => ({ binding, symbols: owner.symbols }));
    if (depth >= maxDepth) return [];
    for (const base of this.def(owner).bases ?? []) {
      for (const found of this.typeTargets(owner.symbols, base, owner.index, depth + 1)) {
        const inherited = this.field(found.handle, name, depth + 1);
        if (inherited.length) return inherited;
      }
    }
    return [];
  }

  typeOutside(symbols: FileSymbols, written: string, scope: number): boolean {
    const parts = written.split(/::|\\|\./);
    const simple = parts[parts.length - 1] ?? written;
    if (parts.length > 1) {
      const viaNamespace = this.throughNamespace(symbols, parts.slice(0, -1).join('.'), simple, isType, scope);
      return viaNamespace?.external === true;
    }
    const found = this.resolveName(symbols, simple, scope, (k) => typeKinds.has(k), 0);
    if (found.external) return true;
    if (found.targets.some((t) => t.confidence !== 'name')) return false;
    return (builtinTypes[languageFamily(symbols.language)] ?? noBuiltins).has(simple);
  }

  types(symbols: FileSymbols, name: string, scope: number): ResolvedTarget[] {
    return this.typeTargets(symbols, name, scope, 0).filter((t) => t.confidence !== 'name');
  }

  /**
   * A type written as `Name`, `mod.Name` or `pkg.Name`: qualified names go through the imported module. Remembered
   * for the reference being resolved: an inherited member is looked up through every base, and resolving each base's
   * name looks through the bases again one level deeper, so a class with several bases (C++ policy classes) would
   * resolve the same names again on every path, exponential in the depth. Each nested lookup goes one level deeper,
   * so a name at a given depth always resolves the same way: remembering it changes no answer.
   */
  private typeTargets(symbols: FileSymbols, written: string, scope: number, depth: number): ResolvedTarget[] {
    const key = `${symbols.file}\u0000${written}\u0000${scope}\u0000${depth}`;
    // Made on first use: most references never resolve a type name.
    if (this.resolving) this.typeMemo ??= new Map();
    const known = this.typeMemo?.get(key);
    if (known) return known;
    const found = this.typeTargetsOnce(symbols, written, scope, depth);
    this.typeMemo?.set(key, found);
    return found;
  }

  private typeTargetsOnce(symbols: FileSymbols, written: string, scope: number, depth: number): ResolvedTarget[] {
    const parts = written.split(/::|\\|\./);
    const simple = parts[parts.length - 1] ?? written;
    if (parts.length > 1) {
      const viaNamespace = this.throughNamespace(
        symbols,
        parts.slice(0, -1).join('.'),
        simple,
        (k) => typeKinds.has(k),
        scope,
      );
      if (viaNamespace?.targets.length) return viaNamespace.targets;
    }
    return this.resolveName(symbols, simple, scope, (k) => typeKinds.has(k), depth).targets;
  }

  namespaceMember(symbols: FileSymbols, namespace: string, name: string, scope: number): ResolvedTarget[] | undefined {
    return this.throughNamespace(symbols, namespace, name, isCallable, scope)?.targets.filter(
      (t) => t.confidence !== 'name',
    );
  }

  values(symbols: FileSymbols, name: string, scope: number): ResolvedTarget[] {
    return this.resolveName(symbols, name, scope, isCallable, 0).targets.filter((t) => t.confidence !== 'name');
  }

  member(owner: DefHandle, name: string, confidence: Confidence): ResolvedTarget[] {
    return this.members(this.def(owner).qualifiedName, owner, name, confidence, 0);
  }

  /** `ns.f()`, `os.path.join()`, `fmt.Println()`, `model::helper()`: the receiver names an imported module. */
  private throughNamespace(
    symbols: FileSymbols,
    receiver: string,
    name: string,
    filter: KindFilter,
    enclosing: number,
  ): Lookup | undefined {
    const visible = this.importVisibility(symbols, enclosing);
    for (const record of symbols.imports) {
      if (record.reexport || !visible(record)) continue;
      for (const entry of record.names) {
        const local = entry.alias ?? entry.name;
        if (local !== receiver) continue;
        const target = this.modules.resolve(symbols.file, symbols.language, record.module);
        if (target.external) return { targets: [], external: true };
        if (entry.name === '*' || entry.name === 'default') {
          return { targets: this.exported(target.files, name, filter, 'import', 0), external: false };
        }
        if (languageFamily(symbols.language) === 'python') {
          // `from pkg import mod` / `from . import mod` then `mod.f()`: the name is a submodule.
          const joined = record.module.endsWith('.')
            ? `${record.module}${entry.name}`
            : `${record.module}.${entry.name}`;
          const sub = this.modules.resolve(symbols.file, symbols.language, joined);
          if (!sub.external && sub.files.length)
            return { targets: this.exported(sub.files, name, filter, 'import', 0), external: false };
        } else {
          // `import { util } from './index'` where the index says `export * as util from './util'`.
          const files = this.namespaceReexport(target.files, entry.name, 0);
          if (files) return { targets: this.exported(files, name, filter, 'import', 0), external: false };
        }
      }
    }
    return undefined;
  }

  /** Files behind a name a module re-exports as a namespace (`export * as name from`), through `export { name } from` chains. */
  private namespaceReexport(files: readonly string[], name: string, depth: number): string[] | undefined {
    if (depth > maxDepth) return undefined;
    for (const file of files) {
      const symbols = this.store.files.get(file);
      if (!symbols) continue;
      for (const record of symbols.imports) {
        if (!record.reexport) continue;
        for (const entry of record.names) {
          const target = () => this.modules.resolve(file, symbols.language, record.module).files;
          if (entry.name === '*' && entry.alias === name) return target();
          const passes =
            (entry.name !== '*' && (entry.alias ?? entry.name) === name) ||
            (entry.name === '*' && entry.alias === undefined);
          if (!passes) continue;
          const found = this.namespaceReexport(target(), entry.name === '*' ? name : entry.name, depth + 1);
          if (found) return found;
        }
      }
    }
    return undefined;
  }

  /**
   * What a local alias of a function names: `const isObject = util.isObject`, `load = json.load`, `f := helper`.
   * Only a plain name or a module member: anything else (a call, a field of a value) is not followed.
   */
  private aliased(symbols: FileSymbols, ref: Reference, local: TypedBinding, filter: KindFilter): ResolvedTarget[] {
    const alias = symbols.bindings?.find(
      (b) =>
        !b.field &&
        !b.type &&
        b.name === ref.name &&
        b.value !== undefined &&
        b.startLine === local.startLine &&
        b.endLine === local.endLine,
    )?.value;
    if (!alias || !/^[\w$]+(?:\.[\w$]+)?$/.test(alias) || alias === ref.name) return [];
    const [head, member] = alias.split('.');
    if (member === undefined) {
      return this.resolveName(symbols, head, ref.enclosing, filter, 1).targets.filter((t) => t.confidence !== 'name');
    }
    return this.throughNamespace(symbols, head, member, filter, ref.enclosing)?.targets ?? [];
  }

  /** Whether an import made inside definition `scope` binds `name`. */
  private importedIn(symbols: FileSymbols, name: string, scope: number): boolean {
    return symbols.imports.some(
      (record) => record.scope === scope && record.names.some((n) => (n.alias ?? n.name) === name),
    );
  }

  /** Python imports made inside a function are visible in that function (and what it contains) only. */
  private importVisibility(symbols: FileSymbols, enclosing: number): (record: ImportRecord) => boolean {
    if (!symbols.imports.some((r) => r.scope !== undefined)) return () => true;
    const chain = new Set<number>();
    for (let i = enclosing; i >= 0;) {
      chain.add(i);
      const container = symbols.definitions[i].container;
      i = container === undefined ? -1 : symbols.definitions.findIndex((d) => d.qualifiedName === container);
    }
    return (record) => record.scope === undefined || chain.has(record.scope);
  }

  private resolveName(
    symbols: FileSymbols,
    name: string,
    enclosing: number,
    filter: KindFilter,
    depth: number,
  ): Lookup {
    const lexical = this.lexical(symbols, name, enclosing, filter, depth);
    if (lexical.length) return { targets: lexical, external: false };
    const imported = this.imported(symbols, name, filter, depth, enclosing);
    if (imported.targets.length || imported.external) return imported;
    const family = languageFamily(symbols.language);
    // A package's or namespace's other files need no import (PHP by PSR-4: one namespace, one folder).
    if (family === 'go' || family === 'java' || family === 'csharp' || family === 'php') {
      const siblings = this.modules.siblings(symbols.file).filter((f) => f !== symbols.file);
      const found = this.exported(siblings, name, filter, 'import', depth);
      if (found.length) return { targets: found, external: false };
    }
    return { targets: this.byName(symbols, name, filter, false), external: false };
  }

  /** Same file: visible top-level and enclosing-scope definitions; class members too where calls are implicitly on `this`. */
  private lexical(
    symbols: FileSymbols,
    name: string,
    enclosing: number,
    filter: KindFilter,
    depth: number,
  ): ResolvedTarget[] {
    // Scopes from the innermost out: a name declared nearer shadows the same name further out (a Rust `mod`'s own
    // `Backtrace` over the file's, a closure over a module function).
    const chain = new Map<string, number>();
    for (
      let def: Definition | undefined = symbols.definitions[enclosing];
      def;
      def = def.container !== undefined ? this.defInFile(symbols, def.container) : undefined
    ) {
      if (!chain.has(def.qualifiedName)) chain.set(def.qualifiedName, chain.size);
      if (def.container !== undefined && !this.defInFile(symbols, def.container) && !chain.has(def.container))
        chain.set(def.container, chain.size);
    }
    const implicitMembers = languageSpec(symbols.language).implicitMemberScope;
    let out: ResolvedTarget[] = [];
    let nearest = Infinity;
    for (const handle of this.store.definitionsNamedIn(name, [symbols.file])) {
      if (handle.symbols !== symbols) continue;
      const def = this.def(handle);
      if (!filter(def.kind)) continue;
      const container = def.container === undefined ? undefined : this.defInFile(symbols, def.container);
      const distance = def.container === undefined ? chain.size : chain.get(def.container);
      // Without implicit `this`, a bare name never reaches a member, even from inside its type: in Go
      // `func (c *Command) MarkFlagRequired(…) { MarkFlagRequired(…) }` calls the package function.
      const visible =
        distance !== undefined &&
        (def.container === undefined ||
          implicitMembers ||
          (!typeMemberKinds.has(def.kind) && (!container || !typeKinds.has(container.kind))));
      if (!visible || distance > nearest) continue;
      if (distance < nearest) out = [];
      nearest = distance;
      out.push({ handle, confidence: 'exact' });
    }
    // Inherited members, as deep as the other lookups go: resolving a base's own name comes back here with the class
    // as scope, so a base outside the workspace would otherwise send the lookup round its bases without end.
    if (!out.length && implicitMembers && depth < maxDepth) {
      const owner = this.enclosingType(symbols, enclosing);
      if (owner) return this.inBases(owner, name, depth + 1);
    }
    return out;
  }

  private imported(symbols: FileSymbols, name: string, filter: KindFilter, depth: number, enclosing: number): Lookup {
    const wildcards: ImportRecord[] = [];
    const visible = this.importVisibility(symbols, enclosing);
    for (const record of symbols.imports) {
      if (record.reexport || !visible(record)) continue;
      if (!record.names.length || record.names.some((n) => n.name === '*' && n.alias === undefined))
        wildcards.push(record);
      for (const entry of record.names) {
        if ((entry.alias ?? entry.name) !== name) continue;
        if (entry.name === '*') {
          // `import os` / `"net/http"` then `os.environ.get()`: the head names a module outside the workspace.
          if (this.modules.resolve(symbols.file, symbols.language, record.module).external)
            return { targets: [], external: true };
          continue;
        }
        const target = this.modules.resolve(symbols.file, symbols.language, record.module);
        if (target.external) return { targets: [], external: true };
        const wanted = entry.name === 'default' ? name : entry.name;
        const found = this.exported(target.files, wanted, filter, 'import', depth);
        if (found.length) return { targets: found, external: false };
      }
    }
    for (const record of wildcards) {
      const target = this.modules.resolve(symbols.file, symbols.language, record.module);
      const found = this.exported(target.files, name, filter, 'import', depth);
      if (found.length) return { targets: found, external: false };
    }
    return { targets: [], external: false };
  }

  /** Top-level (or namespace-level) definitions named `name` in `files`, following re-exports. */
  private exported(
    files: readonly string[],
    name: string,
    filter: KindFilter,
    confidence: Confidence,
    depth: number,
  ): ResolvedTarget[] {
    if (depth > maxDepth || !files.length) return [];
    const out: ResolvedTarget[] = [];
    for (const handle of this.store.definitionsNamedIn(name, files)) {
      const def = this.def(handle);
      if (!filter(def.kind)) continue;
      const container = def.container === undefined ? undefined : this.defInFile(handle.symbols, def.container);
      if (def.container === undefined || (container && scopeKinds.has(container.kind)))
        out.push({ handle, confidence });
    }
    if (out.length) return out;
    for (const file of files) {
      const symbols = this.store.files.get(file);
      if (!symbols) continue;
      const followAll = languageFamily(symbols.language) === 'python';
      for (const record of symbols.imports) {
        if ((!record.reexport && !followAll) || record.scope !== undefined) continue;
        for (const entry of record.names) {
          const passesThrough =
            (entry.alias ?? entry.name) === name || (entry.name === '*' && entry.alias === undefined);
          if (!passesThrough) continue;
          const target = this.modules.resolve(file, symbols.language, record.module);
          out.push(
            ...this.exported(target.files, entry.name === '*' ? name : entry.name, filter, confidence, depth + 1),
          );
        }
      }
    }
    return out;
  }

  /** Members named `name` of the type `owner` (qualified name), then of its bases. */
  private members(
    ownerName: string,
    owner: DefHandle | undefined,
    name: string,
    confidence: Confidence,
    depth: number,
  ): ResolvedTarget[] {
    const family = languageFamily((owner?.symbols ?? { language: 'typescript' }).language);
    const sameFile: ResolvedTarget[] = [];
    const elsewhere: ResolvedTarget[] = [];
    const members = this.store.definitionsNamed(
      name,
      (_kind, hasContainer, language) => hasContainer && languageFamily(language) === family,
    );
    for (const handle of members) {
      const def = this.def(handle);
      if (def.container !== ownerName) continue;
      (owner && handle.symbols === owner.symbols ? sameFile : elsewhere).push({ handle, confidence });
    }
    if (sameFile.length) return sameFile;
    // A Go type's methods live in its package's folder; a same-named type elsewhere is another type.
    const inPackage =
      family === 'go' && owner
        ? elsewhere.filter((t) => sameFolder(t.handle.symbols.file, owner.symbols.file))
        : elsewhere;
    if (inPackage.length) return inPackage;
    return owner && depth < maxDepth
      ? this.inBases(owner, name, depth + 1).map((t) => ({ ...t, confidence: weakest(t.confidence, confidence) }))
      : [];
  }

  /** Whether a class, or a base of it in the workspace, names a base imported from outside the workspace. */
  private hasExternalBase(owner: DefHandle, depth: number): boolean {
    if (depth > maxDepth) return false;
    for (const base of this.def(owner).bases ?? []) {
      const parts = base.split(/::|\\|\./);
      const simple = parts[parts.length - 1] ?? base;
      const lookup =
        (parts.length > 1
          ? this.throughNamespace(owner.symbols, parts.slice(0, -1).join('.'), simple, isType, owner.index)
          : undefined) ?? this.resolveName(owner.symbols, parts[0], owner.index, isType, maxDepth);
      if (lookup.external) return true;
      if (parts.length > 1) continue;
      for (const t of lookup.targets) {
        if (t.confidence === 'name') continue;
        if (t.handle.symbols === owner.symbols && t.handle.index === owner.index) continue;
        if (this.hasExternalBase(t.handle, depth + 1)) return true;
      }
    }
    return false;
  }

  private baseTypes(symbols: FileSymbols, enclosing: number): ResolvedTarget[] {
    const owner = this.enclosingType(symbols, enclosing);
    if (!owner) return [];
    return (this.def(owner).bases ?? [])
      .slice(0, 1)
      .flatMap((base) => this.typeTargets(owner.symbols, base, owner.index, 1));
  }

  private inBases(owner: DefHandle, name: string, depth: number): ResolvedTarget[] {
    const def = this.def(owner);
    const out: ResolvedTarget[] = [];
    for (const base of def.bases ?? []) {
      for (const found of this.typeTargets(owner.symbols, base, owner.index, depth)) {
        if (found.handle.symbols === owner.symbols && found.handle.index === owner.index) continue;
        out.push(...this.members(this.def(found.handle).qualifiedName, found.handle, name, found.confidence, depth));
      }
    }
    return out;
  }

  /** The class/struct/trait around a definition, found through the container chain. */
  enclosingType(symbols: FileSymbols, index: number): DefHandle | undefined {
    let def: Definition | undefined = symbols.definitions[index];
    while (def) {
      if (typeKinds.has(def.kind)) return { symbols, index: symbols.definitions.indexOf(def) };
      if (def.container === undefined) return undefined;
      const container = this.defInFile(symbols, def.container);
      if (!container) return this.typeNamed(symbols, def.container);
      def = container;
    }
    return undefined;
  }

  /** A type declared elsewhere (Go method receivers, Rust impl blocks, C++ out-of-line members). */
  private typeNamed(symbols: FileSymbols, qualifiedName: string): DefHandle | undefined {
    const simple = qualifiedName.split('.').pop() ?? qualifiedName;
    const family = languageFamily(symbols.language);
    const candidates = this.store
      .definitionsNamed(
        simple,
        (kind, _hasContainer, language) => typeKinds.has(kind) && languageFamily(language) === family,
      )
      .filter((h) => this.def(h).qualifiedName === qualifiedName);
    return candidates.find((h) => h.symbols === symbols) ?? candidates[0];
  }

  /**
   * Last resort: same-language definitions with that name; none when there are too many to be useful. A plain name
   * (`open()`) never reaches a member where calls are not implicitly on `this` (Python, Go, JavaScript), and nothing
   * outside a function reaches what it declares inside (a Python closure, a field of a Go struct local to a test).
   */
  private byName(symbols: FileSymbols, name: string, filter: KindFilter, membersOnly: boolean): ResolvedTarget[] {
    const family = languageFamily(symbols.language);
    const plainReachesMembers = membersOnly || languageSpec(symbols.language).implicitMemberScope;
    // One more than allowed is enough to know there are too many.
    const found = this.store.definitionsNamed(
      name,
      (kind, hasContainer, language) =>
        filter(kind) &&
        languageFamily(language) === family &&
        (!membersOnly || hasContainer) &&
        (plainReachesMembers || !hasContainer || !typeMemberKinds.has(kind)),
      this.maxNameCandidates + 1,
    );
    if (!found.length || found.length > this.maxNameCandidates) return [];
    const kept = localScopes.has(family) ? found.filter((handle) => !this.declaredInFunction(handle)) : found;
    return kept.map((handle) => ({ handle, confidence: 'name' as const }));
  }

  /** A definition made inside a function or method body: a closure, a local class and its methods, a local struct's field. */
  private declaredInFunction(handle: DefHandle): boolean {
    let container = this.def(handle).container;
    for (let depth = 0; container !== undefined && depth < maxDepth * 2; depth++) {
      const outer = this.defInFile(handle.symbols, container);
      if (!outer) return false;
      if (functionKinds.has(outer.kind)) return true;
      container = outer.container;
    }
    return false;
  }

  private def(handle: DefHandle): Definition {
    return handle.symbols.definitions[handle.index];
  }

  private readonly qualifiedMaps = new WeakMap<FileSymbols, Map<string, Definition>>();

  private defInFile(symbols: FileSymbols, qualifiedName: string): Definition | undefined {
    let map = this.qualifiedMaps.get(symbols);
    if (!map) {
      map = new Map();
      for (const def of symbols.definitions) if (!map.has(def.qualifiedName)) map.set(def.qualifiedName, def);
      this.qualifiedMaps.set(symbols, map);
    }
    return map.get(qualifiedName);
  }
}

/** An overloaded function or method resolves to its first declaration, as the language services report it. */
function firstOverloads(targets: ResolvedTarget[]): ResolvedTarget[] {
  if (targets.length < 2) return targets;
  const seen = new Set<string>();
  const out: ResolvedTarget[] = [];
  for (const t of [...targets].sort((a, b) => a.handle.index - b.handle.index)) {
    const def = t.handle.symbols.definitions[t.handle.index];
    const key = `${t.handle.symbols.file}\u0000${def.qualifiedName}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(t);
  }
  return out;
}

function sameFolder(a: string, b: string): boolean {
  return a.slice(0, a.lastIndexOf('/') + 1) === b.slice(0, b.lastIndexOf('/') + 1);
}
