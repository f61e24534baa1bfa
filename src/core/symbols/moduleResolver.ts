import * as path from 'node:path';
import { languageFamily } from './languages';
import type { SymbolStore } from './symbolStore';
import type { LanguageId } from './symbolTypes';
import { applyTsPaths, readTsPathConfig } from './tsconfigPaths';
import type { TsPathConfig } from './tsconfigPaths';

/** Where an import leads: workspace files, or outside the workspace (a package, the standard library). */
export interface ModuleTarget {
  files: string[];
  /** True when the module is not in the workspace: callers must not fall back to name matching. */
  external: boolean;
}

const jsExtensions = ['.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];
const none: ModuleTarget = { files: [], external: false };
const external: ModuleTarget = { files: [], external: true };

/** Maps import specifiers to workspace files per language; caches until the file set changes. */
export class ModuleResolver {
  private version = -1;
  private dirFiles = new Map<string, string[]>();
  private byBaseName = new Map<string, string[]>();
  private pythonModules = new Map<string, string[]>();
  private readonly cache = new Map<string, ModuleTarget>();
  private readonly tsConfigs = new Map<string, TsPathConfig | undefined>();
  private readonly markers = new Map<string, string | undefined>();

  constructor(
    private readonly store: SymbolStore,
    /** Reads a repo-relative file (tsconfig.json, go.mod, Cargo.toml); undefined when missing. */
    private readonly readText: (file: string) => string | undefined,
  ) {}

  resolve(fromFile: string, language: LanguageId, module: string): ModuleTarget {
    this.refresh();
    const family = languageFamily(language);
    const key = `${family}\u0000${path.posix.dirname(fromFile)}\u0000${module}\u0000${fromFile.endsWith('mod.rs') || fromFile.endsWith('lib.rs') || fromFile.endsWith('main.rs') ? 'r' : ''}`;
    let target = this.cache.get(key);
    if (!target) {
      target = this.resolveUncached(fromFile, family, module);
      this.cache.set(key, target);
    }
    return target;
  }

  /** Files in the same folder (Go package, Java package, C# siblings). */
  siblings(file: string): readonly string[] {
    this.refresh();
    return this.dirFiles.get(path.posix.dirname(file)) ?? [];
  }

  private refresh(): void {
    if (this.version === this.store.fileSetVersion) return;
    this.version = this.store.fileSetVersion;
    this.cache.clear();
    this.dirFiles = new Map();
    this.byBaseName = new Map();
    this.pythonModules = new Map();
    for (const file of this.store.stamps.keys()) {
      add(this.dirFiles, path.posix.dirname(file), file);
      add(this.byBaseName, path.posix.basename(file), file);
    }
    for (const file of this.store.stamps.keys()) {
      if (!file.endsWith('.py') && !file.endsWith('.pyi')) continue;
      const parts = file.replace(/\.pyi?$/, '').split('/');
      if (parts[parts.length - 1] === '__init__') parts.pop();
      // The source root is unknown (`src/`, the repo, a test folder), so any folder may be on the path; but not one
      // inside a regular package: `flask/json/__init__.py` is `flask.json`, never the standard library's `json`.
      const top = this.topPackageStart(file);
      for (let i = 0; i <= Math.min(top, parts.length - 1); i++)
        add(this.pythonModules, parts.slice(i).join('.'), file);
    }
  }

  private resolveUncached(fromFile: string, family: string, module: string): ModuleTarget {
    switch (family) {
      case 'js':
        return this.resolveJs(fromFile, module);
      case 'python':
        return this.resolvePython(fromFile, module);
      case 'go':
        return this.resolveGo(fromFile, module);
      case 'rust':
        return this.resolveRust(fromFile, module);
      case 'java':
        return (
          this.bySuffix(`${module.replace(/\./g, '/')}.java`, true) ??
          this.dirBySuffix(module.replace(/\./g, '/')) ??
          external
        );
      case 'c':
        return this.resolveInclude(fromFile, module);
      case 'ruby':
        return this.resolveRuby(fromFile, module);
      case 'php':
        return this.resolvePhp(fromFile, module);
      case 'csharp':
        return this.resolveNamespace(module);
      default:
        return external;
    }
  }

  /**
   * Index of the path segment where a Python file's dotted name starts at the latest: the outermost folder of the
   * unbroken run of packages (folders with an `__init__.py`) holding it, or the file itself outside any package.
   */
  private topPackageStart(file: string): number {
    const dirs = file.split('/').slice(0, -1);
    let start = dirs.length;
    while (start > 0) {
      const dir = dirs.slice(0, start).join('/');
      if (!this.store.stamps.has(`${dir}/__init__.py`) && !this.store.stamps.has(`${dir}/__init__.pyi`)) break;
      start--;
    }
    return start;
  }

  private resolveJs(fromFile: string, module: string): ModuleTarget {
    if (module.startsWith('.') || module.startsWith('/')) {
      return this.probeJs(path.posix.join(path.posix.dirname(fromFile), module)) ?? none;
    }
    const config = this.nearestTsConfig(path.posix.dirname(fromFile));
    for (const candidate of config ? applyTsPaths(config, module) : []) {
      const found = this.probeJs(candidate);
      if (found) return found;
    }
    return external;
  }

  private probeJs(base: string): ModuleTarget | undefined {
    const normalized = path.posix.normalize(base);
    const stem = normalized.replace(/\.(m|c)?jsx?$/, '');
    const candidates = [
      normalized,
      ...jsExtensions.map((e) => stem + e),
      ...jsExtensions.map((e) => `${normalized}/index${e}`),
    ];
    const hit = candidates.find((c) => this.store.stamps.has(c));
    return hit ? { files: [hit], external: false } : undefined;
  }

  private nearestTsConfig(dir: string): TsPathConfig | undefined {
    if (this.tsConfigs.has(dir)) return this.tsConfigs.get(dir);
    let config: TsPathConfig | undefined;
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      config ??= readTsPathConfig(dir === '.' ? name : `${dir}/${name}`, this.readText);
    }
    if (!config && dir !== '.' && dir !== '') config = this.nearestTsConfig(path.posix.dirname(dir));
    this.tsConfigs.set(dir, config);
    return config;
  }

  private resolvePython(fromFile: string, module: string): ModuleTarget {
    const dots = /^\.*/.exec(module)?.[0].length ?? 0;
    if (dots > 0) {
      let dir = path.posix.dirname(fromFile);
      for (let i = 1; i < dots; i++) dir = path.posix.dirname(dir);
      const rest = module.slice(dots).split('.').filter(Boolean).join('/');
      const base = rest ? path.posix.join(dir, rest) : dir;
      const hit = [`${base}.py`, `${base}/__init__.py`, `${base}.pyi`].find((c) => this.store.stamps.has(c));
      return hit ? { files: [hit], external: false } : none;
    }
    const files = this.pythonModules.get(module);
    return files?.length ? { files: [closest(fromFile, files)], external: false } : external;
  }

  private resolveGo(fromFile: string, module: string): ModuleTarget {
    const goMod = this.findMarkerUp(path.posix.dirname(fromFile), 'go.mod');
    if (goMod !== undefined) {
      const declared = /^module\s+(\S+)/m.exec(this.readText(goMod) ?? '')?.[1];
      if (declared && (module === declared || module.startsWith(`${declared}/`))) {
        const root = path.posix.dirname(goMod);
        const dir = path.posix.normalize(path.posix.join(root, module.slice(declared.length)));
        return this.goDir(dir) ?? none;
      }
    }
    return this.dirBySuffix(module, (f) => f.endsWith('.go') && !f.endsWith('_test.go')) ?? external;
  }

  private goDir(dir: string): ModuleTarget | undefined {
    const files = (this.dirFiles.get(dir) ?? []).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'));
    return files.length ? { files, external: false } : undefined;
  }

  private resolveRust(fromFile: string, module: string): ModuleTarget {
    const segments = module.split('::').filter(Boolean);
    const fileName = path.posix.basename(fromFile);
    const ownsDir = fileName === 'mod.rs' || fileName === 'lib.rs' || fileName === 'main.rs';
    // The folder holding this module's child modules.
    let dir = ownsDir ? path.posix.dirname(fromFile) : fromFile.replace(/\.rs$/, '');
    if (segments[0] === 'crate') {
      const cargo = this.findMarkerUp(path.posix.dirname(fromFile), 'Cargo.toml');
      dir = cargo !== undefined ? path.posix.join(path.posix.dirname(cargo), 'src') : path.posix.dirname(fromFile);
      segments.shift();
    } else if (segments[0] === 'self') {
      segments.shift();
    } else if (segments[0] === 'super') {
      while (segments[0] === 'super') {
        dir = path.posix.dirname(dir);
        segments.shift();
      }
    } else if (segments.length && !this.rustModuleFile(path.posix.join(dir, segments[0]))) {
      return external;
    }
    for (const segment of segments) dir = path.posix.join(dir, segment);
    const file = this.rustModuleFile(dir);
    return file ? { files: [file], external: false } : none;
  }

  private rustModuleFile(base: string): string | undefined {
    const normalized = path.posix.normalize(base);
    return [`${normalized}.rs`, `${normalized}/mod.rs`].find((c) => this.store.stamps.has(c));
  }

  private resolveInclude(fromFile: string, module: string): ModuleTarget {
    const local = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), module));
    if (this.store.stamps.has(local)) return { files: withImplementation(local, this.store), external: false };
    const found = this.bySuffix(module, false);
    return found ? { files: found.files.flatMap((f) => withImplementation(f, this.store)), external: false } : external;
  }

  private resolveRuby(fromFile: string, module: string): ModuleTarget {
    const name = module.endsWith('.rb') ? module : `${module}.rb`;
    const local = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), name));
    if (this.store.stamps.has(local)) return { files: [local], external: false };
    return this.bySuffix(name, false) ?? external;
  }

  private resolvePhp(fromFile: string, module: string): ModuleTarget {
    if (module.endsWith('.php')) {
      const local = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), module));
      return this.store.stamps.has(local)
        ? { files: [local], external: false }
        : (this.bySuffix(module, false) ?? none);
    }
    // PSR-4: `App\Models\User` lives in `.../Models/User.php`; try the longest suffix first.
    const parts = module.split('\\').filter(Boolean);
    for (let i = 0; i < parts.length - 1; i++) {
      const found = this.bySuffix(`${parts.slice(i).join('/')}.php`, true);
      if (found) return found;
    }
    return this.bySuffix(`${parts[parts.length - 1]}.php`, true) ?? external;
  }

  /** C# `using A.B`: the files declaring namespace `A.B`. */
  private resolveNamespace(module: string): ModuleTarget {
    const files = [
      ...new Set(
        this.store
          .definitionsNamed(module)
          .filter((h) => h.symbols.definitions[h.index].kind === 'namespace')
          .map((h) => h.symbols.file),
      ),
    ];
    return files.length ? { files, external: false } : external;
  }

  /** Files whose path ends with `suffix` at a folder boundary. */
  private bySuffix(suffix: string, single: boolean): ModuleTarget | undefined {
    const candidates = (this.byBaseName.get(path.posix.basename(suffix)) ?? []).filter(
      (f) => f === suffix || f.endsWith(`/${suffix}`),
    );
    if (!candidates.length) return undefined;
    return { files: single ? [candidates[0]] : candidates, external: false };
  }

  private dirBySuffix(suffix: string, accept: (file: string) => boolean = () => true): ModuleTarget | undefined {
    for (const [dir, files] of this.dirFiles) {
      if (dir === suffix || dir.endsWith(`/${suffix}`)) {
        const kept = files.filter(accept);
        if (kept.length) return { files: kept, external: false };
      }
    }
    return undefined;
  }

  private findMarkerUp(dir: string, marker: string): string | undefined {
    const key = `${dir}\u0000${marker}`;
    if (this.markers.has(key)) return this.markers.get(key);
    const candidate = dir === '.' || dir === '' ? marker : `${dir}/${marker}`;
    let found: string | undefined = this.readText(candidate) !== undefined ? candidate : undefined;
    if (found === undefined && dir !== '.' && dir !== '') found = this.findMarkerUp(path.posix.dirname(dir), marker);
    this.markers.set(key, found);
    return found;
  }
}

/** A C/C++ header plus the source file of the same name, where its functions are defined. */
function withImplementation(header: string, store: SymbolStore): string[] {
  const stem = header.replace(/\.(h|hh|hpp|hxx)$/, '');
  if (stem === header) return [header];
  return [header, ...['.c', '.cc', '.cpp', '.cxx'].map((e) => stem + e).filter((f) => store.stamps.has(f))];
}

function closest(fromFile: string, files: string[]): string {
  const dir = path.posix.dirname(fromFile);
  return [...files].sort((a, b) => commonPrefix(b, dir) - commonPrefix(a, dir) || a.length - b.length)[0];
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function add(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
