import { languageSpec } from './languages';
import type { ResolvedTarget } from './referenceResolver';
import type { DefHandle } from './symbolStore';
import type { Confidence, Definition, FileSymbols, TypedBinding } from './symbolTypes';

/** What receiver typing needs from the resolver; every answer is scope- or import-resolved, never a name-only guess. */
export interface TypeLookup {
  /** Type definitions a type name written in `symbols` inside definition `scope` refers to. */
  types(symbols: FileSymbols, name: string, scope: number): ResolvedTarget[];
  /** Whether a type name written in `symbols` inside `scope` is known to be declared outside the workspace. */
  typeOutside(symbols: FileSymbols, name: string, scope: number): boolean;
  /** Definitions a plain value name (a function, a constant) refers to. */
  values(symbols: FileSymbols, name: string, scope: number): ResolvedTarget[];
  /** Members named `name` of a type, through its bases. */
  member(owner: DefHandle, name: string, confidence: Confidence): ResolvedTarget[];
  /** The class or interface around a definition. */
  enclosingType(symbols: FileSymbols, index: number): DefHandle | undefined;
  /** A field's bindings on a type or its bases, with the file that declares them (the first declaring type wins). */
  field(owner: DefHandle, name: string): Array<{ binding: TypedBinding; symbols: FileSymbols }>;
  /** `mod.name` / `pkg.Name` where `namespace` is an imported module or package; undefined when it is not one. */
  namespaceMember(symbols: FileSymbols, namespace: string, name: string, scope: number): ResolvedTarget[] | undefined;
}

/** One step of a receiver such as `this.a.b().c`: a name, called or not, `new X()` at the head. */
export interface ChainSegment {
  name: string;
  call: boolean;
  construct: boolean;
  /** `(x as Foo)`: the segment names a type. */
  cast?: boolean;
}

const maxDepth = 8;
const rank: Record<Confidence, number> = { exact: 0, import: 1, name: 2 };
const segmentPattern = /^(new )?([#\w$]+)(<[^()]*>)?((?:\([^]*\))*)$/;
/** `new(T)`, `new(pkg.T)` (Go; in JavaScript `new (T)` constructs T too). */
const goNewPattern = /^new\(([A-Za-z_][\w.]*)\)$/;
/** A composite literal: `T{…}`, `&pkg.T{…}`, `(&T{})` (Go), `T { … }` (Rust). */
const literalPattern = /^\(?&?([A-Za-z_][\w.]*)\{[^]*\}\)?$/;
const castPattern = /^\([^]* as (?:[\w$]+\.)*([\w$]+)(?:<[^()]*>)?\)$/;

/** Splits a compacted receiver into segments; undefined for shapes it does not follow (indexing, literals, operators). */
export function parseChain(text: string): ChainSegment[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === '.' && depth === 0) {
      parts.push(text.slice(start, text[i - 1] === '?' ? i - 1 : i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  const out: ChainSegment[] = [];
  for (const part of parts) {
    const cast = out.length ? undefined : castPattern.exec(part.replace(/!+$/, ''));
    if (cast) {
      out.push({ name: cast[1], call: false, construct: false, cast: true });
      continue;
    }
    const made = out.length ? undefined : (goNewPattern.exec(part) ?? literalPattern.exec(part));
    if (made) {
      out.push({ name: made[1], call: false, construct: true });
      continue;
    }
    const match = segmentPattern.exec(part.replace(/!+$/, ''));
    if (!match || (match[1] && out.length)) return undefined;
    out.push({ name: match[2], call: match[4] !== '', construct: match[1] !== undefined });
  }
  return out;
}

/** Light local type inference for receivers: declared types, initialisers, return types, callback parameters, fields. */
export class ReceiverTypes {
  /**
   * A binding's types at each depth, for the query under way. Bindings refer to each other (`self.a = self.b.c()`,
   * `self.b = self.a`, each field assigned in several places), so without it one receiver can explore every path
   * between them: exponential in the depth (minutes for a Python class of a few dozen fields). Every recursive call
   * goes one level deeper, so a binding at a given depth always has the same types: remembering them changes no answer.
   */
  private memo: Map<TypedBinding, Array<ResolvedTarget[] | undefined>> | undefined;

  constructor(private readonly lookup: TypeLookup) {}

  /** Type definitions a receiver expression evaluates to at `line` inside definition `enclosing`; empty when unknown. */
  typesOf(symbols: FileSymbols, receiver: string, enclosing: number, line: number): ResolvedTarget[] {
    const chain = parseChain(receiver);
    if (!chain) return [];
    const outermost = this.memo === undefined;
    this.memo ??= new Map();
    try {
      return this.chainTypes(symbols, chain, enclosing, line, 0);
    } finally {
      if (outermost) this.memo = undefined;
    }
  }

  /**
   * Whether a receiver (`t`, `self.file`, `c.buf`) is a local or field whose declared type lies outside the workspace
   * (`*testing.T`, `error`, `t.IO[str]`): no workspace member can be what it calls.
   */
  declaredOutside(symbols: FileSymbols, receiver: string, enclosing: number, line: number): boolean {
    const chain = parseChain(receiver);
    const last = chain?.[chain.length - 1];
    if (!chain || !last || chain.some((s) => s.call || s.construct || s.cast)) return false;
    let declared: Array<{ binding: TypedBinding; symbols: FileSymbols }>;
    if (chain.length === 1) {
      const locals = localBindings(symbols, last.name, enclosing, line);
      // `r.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {…})`: a scope opening on this very line may
      // start after the receiver, so its `r` may not be this one.
      if (locals.some((b) => b.startLine === line)) return false;
      declared = locals.map((binding) => ({ binding, symbols }));
    } else {
      const outermost = this.memo === undefined;
      this.memo ??= new Map();
      try {
        const owners = this.chainTypes(symbols, chain.slice(0, -1), enclosing, line, 0);
        declared = owners.flatMap((o) => this.lookup.field(o.handle, last.name));
      } finally {
        if (outermost) this.memo = undefined;
      }
    }
    const typed = declared.find((d) => d.binding.type);
    return (
      typed !== undefined &&
      typed.binding.type.split('|').every((name) => this.lookup.typeOutside(typed.symbols, name, typed.binding.scope))
    );
  }

  private chainTypes(
    symbols: FileSymbols,
    chain: ChainSegment[],
    enclosing: number,
    line: number,
    depth: number,
  ): ResolvedTarget[] {
    if (depth > maxDepth) return [];
    let rest = chain.slice(1);
    let current: ResolvedTarget[];
    const head = chain[0];
    const viaNamespace =
      chain.length > 1 &&
      !head.call &&
      !head.construct &&
      !head.cast &&
      !localBinding(symbols, head.name, enclosing, line)
        ? this.lookup.namespaceMember(symbols, head.name, chain[1].name, enclosing)
        : undefined;
    if (viaNamespace) {
      // `pkg.NewT()`, `mod.Console()`, `mod.default_console`: the second segment is a module member.
      current = unique(
        viaNamespace.flatMap((t) =>
          chain[1].call ? this.returnTypes(t, depth) : this.valueTypes(t, chain[1].name, depth),
        ),
      );
      rest = chain.slice(2);
    } else {
      current = this.headTypes(symbols, head, enclosing, line, depth);
    }
    for (const segment of rest) {
      if (!current.length) return [];
      current = unique(current.flatMap((t) => this.memberTypes(t, segment, depth)));
    }
    return current;
  }

  private headTypes(
    symbols: FileSymbols,
    head: ChainSegment,
    enclosing: number,
    line: number,
    depth: number,
  ): ResolvedTarget[] {
    if (head.construct || head.cast) return this.lookup.types(symbols, head.name, enclosing);
    if ((head.name === 'this' || languageSpec(symbols.language).selfReceivers.includes(head.name)) && !head.call) {
      // `function (this: SchedulerAction<T>) { … }` declares what `this` is inside it.
      const declared = localBinding(symbols, head.name, enclosing, line);
      if (declared?.startLine !== undefined) return this.bindingTypes(symbols, declared, depth);
      const owner = this.lookup.enclosingType(symbols, enclosing);
      return owner ? [{ handle: owner, confidence: 'exact' }] : [];
    }
    if (head.call) return this.lookup.values(symbols, head.name, enclosing).flatMap((t) => this.returnTypes(t, depth));
    // A name assigned several times in one scope (`x = a or b`, `x = f()` then `x = g()`): the first that gives a type.
    const locals = localBindings(symbols, head.name, enclosing, line);
    for (const local of locals) {
      const types = this.bindingTypes(symbols, local, depth);
      if (types.length) return types;
    }
    if (locals.length) return [];
    // A module-level constant, here or imported: `export const asyncScheduler = new AsyncScheduler(...)`.
    return this.lookup.values(symbols, head.name, enclosing).flatMap((t) => this.valueTypes(t, head.name, depth));
  }

  /** The type of a module-level constant or variable, from its binding. */
  private valueTypes(t: ResolvedTarget, name: string, depth: number): ResolvedTarget[] {
    const def = defOf(t.handle);
    if (def.kind === 'class' || def.kind === 'struct') return [t];
    if (def.kind !== 'constant' && def.kind !== 'variable') return [];
    const binding = t.handle.symbols.bindings?.find(
      (b) => !b.field && b.name === name && (b.scope === -1 || b.scope === t.handle.index),
    );
    return binding ? weaken(this.bindingTypes(t.handle.symbols, binding, depth + 1), t.confidence) : [];
  }

  private memberTypes(owner: ResolvedTarget, segment: ChainSegment, depth: number): ResolvedTarget[] {
    if (!segment.call) {
      const fields = this.lookup.field(owner.handle, segment.name);
      // A field assigned in several places (`self.x = None`, later `self.x = Foo()`): the first that gives a type.
      for (const field of fields) {
        const types = this.bindingTypes(field.symbols, field.binding, depth + 1);
        if (types.length) return weaken(types, owner.confidence);
      }
      if (fields.length) return [];
    }
    // Methods when called, getters when not: both give their declared return type.
    return this.lookup.member(owner.handle, segment.name, owner.confidence).flatMap((m) => this.returnTypes(m, depth));
  }

  private returnTypes(target: ResolvedTarget, depth: number): ResolvedTarget[] {
    const def = defOf(target.handle);
    if (def.kind === 'class') return [target];
    if (!def.returns || depth > maxDepth) return [];
    return weaken(this.namedTypes(target.handle.symbols, def.returns, target.handle.index), target.confidence);
  }

  private bindingTypes(symbols: FileSymbols, binding: TypedBinding, depth: number): ResolvedTarget[] {
    if (depth > maxDepth) return [];
    let byDepth = this.memo?.get(binding);
    const known = byDepth?.[depth];
    if (known) return known;
    const types = this.bindingTypesAt(symbols, binding, depth);
    if (this.memo) {
      if (!byDepth) this.memo.set(binding, (byDepth = []));
      byDepth[depth] = types;
    }
    return types;
  }

  private bindingTypesAt(symbols: FileSymbols, binding: TypedBinding, depth: number): ResolvedTarget[] {
    if (binding.type) return this.namedTypes(symbols, binding.type, binding.scope);
    if (binding.iterates && binding.value !== undefined) return this.elementTypes(symbols, binding, depth + 1);
    if (binding.value !== undefined) {
      const chain = parseChain(binding.value);
      return chain ? this.chainTypes(symbols, chain, binding.scope, binding.startLine ?? 0, depth + 1) : [];
    }
    return binding.callback ? this.callbackTypes(symbols, binding, depth + 1) : [];
  }

  /** `for n in self.nodes` / `for _, n := range x.children`: the declared element type of what is iterated. */
  private elementTypes(symbols: FileSymbols, binding: TypedBinding, depth: number): ResolvedTarget[] {
    const chain = parseChain(binding.value ?? '');
    const last = chain?.[chain.length - 1];
    if (!chain || !last || last.call) return [];
    const line = binding.startLine ?? 0;
    let declared: Array<{ binding: TypedBinding; symbols: FileSymbols }> = [];
    if (chain.length === 1) {
      const local = localBinding(symbols, last.name, binding.scope, line);
      declared = local ? [{ binding: local, symbols }] : [];
    } else {
      const owners = this.chainTypes(symbols, chain.slice(0, -1), binding.scope, line, depth);
      declared = owners.flatMap((o) => this.lookup.field(o.handle, last.name));
    }
    const found = declared.find((d) => d.binding.elements);
    return found?.binding.elements ? this.namedTypes(found.symbols, found.binding.elements, found.binding.scope) : [];
  }

  /** `operate((source, subscriber) => …)`: the callee declares `init: (source: Observable<T>, subscriber: Subscriber<R>) => …`. */
  private callbackTypes(symbols: FileSymbols, binding: TypedBinding, depth: number): ResolvedTarget[] {
    const slot = binding.callback;
    const chain = slot && parseChain(slot.callee);
    if (!slot || !chain) return [];
    const last = chain[chain.length - 1];
    let callees: ResolvedTarget[];
    if (slot.construct) {
      const classes =
        chain.length === 1
          ? this.lookup.types(symbols, last.name, binding.scope)
          : this.chainTypes(symbols, chain, binding.scope, binding.startLine ?? 0, depth);
      callees = classes.flatMap((c) => this.lookup.member(c.handle, 'constructor', c.confidence));
    } else if (chain.length === 1) {
      callees = this.lookup.values(symbols, last.name, binding.scope);
    } else {
      const owners = this.chainTypes(symbols, chain.slice(0, -1), binding.scope, binding.startLine ?? 0, depth);
      callees = owners.flatMap((o) => this.lookup.member(o.handle, last.name, o.confidence));
    }
    return unique(
      callees.flatMap((callee) => {
        const declared = defOf(callee.handle).parameters?.[slot.argument];
        const names = slot.parameter < 0 ? declared?.callbackThis : declared?.callback?.[slot.parameter];
        return names
          ? weaken(this.namedTypes(callee.handle.symbols, names, callee.handle.index), callee.confidence)
          : [];
      }),
    );
  }

  private namedTypes(symbols: FileSymbols, names: string, scope: number): ResolvedTarget[] {
    return unique(names.split('|').flatMap((name) => this.lookup.types(symbols, name, scope)));
  }
}

/** The innermost local bindings of `name` visible at `line`: all of those declared in the innermost scope that has one. */
function localBindings(symbols: FileSymbols, name: string, enclosing: number, line: number): TypedBinding[] {
  const best = localBinding(symbols, name, enclosing, line);
  if (!best || best.startLine === undefined) return best ? [best] : [];
  return (symbols.bindings ?? []).filter(
    (b) => !b.field && b.name === name && b.startLine === best.startLine && b.endLine === best.endLine,
  );
}

/** The innermost local binding of `name` visible at `line`: ranged locals first, then ones scoped by definition. */
function localBinding(symbols: FileSymbols, name: string, enclosing: number, line: number): TypedBinding | undefined {
  let best: TypedBinding | undefined;
  for (const b of symbols.bindings ?? []) {
    if (b.field || b.name !== name || b.startLine === undefined || b.endLine === undefined) continue;
    if (line < b.startLine || line > b.endLine || isUntypedLocal(b)) continue;
    if (!best || b.endLine - b.startLine < (best.endLine ?? 0) - (best.startLine ?? 0)) best = b;
  }
  if (best) return best;
  const chain = new Set<number>([-1]);
  for (let i = enclosing; i >= 0;) {
    chain.add(i);
    const container = symbols.definitions[i].container;
    i = container === undefined ? -1 : symbols.definitions.findIndex((d) => d.qualifiedName === container);
  }
  return symbols.bindings?.find((b) => !b.field && b.name === name && b.startLine === undefined && chain.has(b.scope));
}

const untypedLocals = new WeakMap<FileSymbols, Map<string, TypedBinding[]>>();

/**
 * A function-level local (Python, Go, TypeScript, JavaScript) recorded to say the name is local there, from where its
 * declaration takes effect (see `shadowingLocal`): it gives no type.
 */
function isUntypedLocal(b: TypedBinding): boolean {
  return !b.type && b.value === undefined && !b.callback && !b.elements && !b.iterates;
}

/**
 * The function-level local (a parameter, an assigned name) that a bare `name(...)` at `line` calls, if any: a
 * same-named function elsewhere is then not what runs. Module-level names are the definitions themselves.
 */
export function shadowingLocal(symbols: FileSymbols, name: string, line: number): TypedBinding | undefined {
  let byName = untypedLocals.get(symbols);
  if (!byName) {
    // Once per file: a file's every bare call asks, and a large module holds thousands of bindings.
    byName = new Map();
    for (const b of symbols.bindings ?? []) {
      if (b.field || b.startLine === undefined || b.endLine === undefined || !isUntypedLocal(b)) continue;
      const list = byName.get(b.name);
      if (list) list.push(b);
      else byName.set(b.name, [b]);
    }
    untypedLocals.set(symbols, byName);
  }
  let best: TypedBinding | undefined;
  for (const b of byName.get(name) ?? []) {
    if (b.startLine === undefined || b.endLine === undefined || line < b.startLine || line > b.endLine) continue;
    if (!best || b.endLine - b.startLine < (best.endLine ?? 0) - (best.startLine ?? 0)) best = b;
  }
  return best;
}

function defOf(handle: DefHandle): Definition {
  return handle.symbols.definitions[handle.index];
}

function weaken(targets: ResolvedTarget[], confidence: Confidence): ResolvedTarget[] {
  return targets.map((t) => (rank[t.confidence] >= rank[confidence] ? t : { ...t, confidence }));
}

function unique(targets: ResolvedTarget[]): ResolvedTarget[] {
  const seen = new Map<string, ResolvedTarget>();
  for (const t of targets) {
    const key = `${t.handle.symbols.file}\u0000${t.handle.index}`;
    const prior = seen.get(key);
    if (!prior || rank[t.confidence] < rank[prior.confidence]) seen.set(key, t);
  }
  return [...seen.values()];
}
