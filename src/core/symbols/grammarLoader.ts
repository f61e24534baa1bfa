import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parser, Query } from 'web-tree-sitter';
// A require-style import makes esbuild bundle the CommonJS build; the ESM build needs import.meta.url, empty in a CJS bundle.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import treeSitter = require('web-tree-sitter');
import { GrammarLoadError } from './grammarLoadError';
import { languageSpec } from './languages';
import type { LanguageId } from './symbolTypes';

/** A loaded grammar with its compiled query; one per language per thread. */
export interface LoadedGrammar {
  language: LanguageId;
  parser: Parser;
  query: Query;
}

export interface GrammarAssetOptions {
  /** Folder holding the .wasm files and `queries/`; defaults to the running bundle's folder, then node_modules. */
  assetDir?: string;
}

/** Loads grammars lazily, each at most once, and remembers failures so they are reported, not retried. */
export class GrammarLoader {
  private runtime: Promise<void> | undefined;
  private readonly grammars = new Map<LanguageId, Promise<LoadedGrammar>>();

  constructor(private readonly options: GrammarAssetOptions = {}) {}

  load(language: LanguageId): Promise<LoadedGrammar> {
    let pending = this.grammars.get(language);
    if (!pending) {
      pending = this.loadUncached(language);
      this.grammars.set(language, pending);
    }
    return pending;
  }

  private async loadUncached(language: LanguageId): Promise<LoadedGrammar> {
    const spec = languageSpec(language);
    let asset = spec.wasmFile;
    try {
      this.runtime ??= treeSitter.Parser.init({
        locateFile: (name: string) => locateAsset(name, 'web-tree-sitter', this.options.assetDir),
      });
      await this.runtime;
      asset = locateAsset(spec.wasmFile, spec.grammarPackage, this.options.assetDir);
      const grammar = await treeSitter.Language.load(asset);
      const source = spec.queryFiles.map((f) => readQueryFile(f, this.options.assetDir)).join('\n');
      asset = spec.queryFiles.join(', ');
      const query = new treeSitter.Query(grammar, source);
      const parser = new treeSitter.Parser();
      parser.setLanguage(grammar);
      return { language, parser, query };
    } catch (error) {
      throw new GrammarLoadError(language, asset, error);
    }
  }
}

/** Finds a bundled asset next to the running code, else in node_modules above it (unit tests run from source). */
export function locateAsset(fileName: string, packageName: string, assetDir?: string): string {
  if (assetDir) return path.join(assetDir, fileName);
  const candidates = [path.join(__dirname, fileName)];
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, 'node_modules', packageName, fileName));
    if (path.dirname(dir) === dir) break;
  }
  return candidates.find((c) => fs.existsSync(c)) ?? candidates[0];
}

function readQueryFile(fileName: string, assetDir?: string): string {
  return fs.readFileSync(path.join(assetDir ?? __dirname, 'queries', fileName), 'utf8');
}
