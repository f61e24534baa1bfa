import type { LanguageId } from './symbolTypes';

/** How one language is parsed: its grammar file, its query files, and resolution traits. */
export interface LanguageSpec {
  id: LanguageId;
  /** npm package shipping the grammar, used to find the .wasm in node_modules during development. */
  grammarPackage: string;
  wasmFile: string;
  /** Concatenated in order into one query; files live in `queries/`. */
  queryFiles: readonly string[];
  /** Unqualified calls inside a class body may mean `this.x()` (Java, C#, C++, Ruby). */
  implicitMemberScope: boolean;
  /** Receivers that mean "the enclosing object". */
  selfReceivers: readonly string[];
}

const specs: readonly LanguageSpec[] = [
  spec('typescript', 'tree-sitter-typescript', 'tree-sitter-typescript.wasm', ['typescript.scm'], false, ['this']),
  spec('tsx', 'tree-sitter-typescript', 'tree-sitter-tsx.wasm', ['typescript.scm', 'jsx.scm'], false, ['this']),
  spec('javascript', 'tree-sitter-javascript', 'tree-sitter-javascript.wasm', ['javascript.scm', 'jsx.scm'], false, [
    'this',
  ]),
  spec('python', 'tree-sitter-python', 'tree-sitter-python.wasm', ['python.scm'], false, ['self', 'cls']),
  spec('go', 'tree-sitter-go', 'tree-sitter-go.wasm', ['go.scm'], false, []),
  spec('rust', 'tree-sitter-rust', 'tree-sitter-rust.wasm', ['rust.scm'], false, ['self', 'Self']),
  spec('java', 'tree-sitter-java', 'tree-sitter-java.wasm', ['java.scm'], true, ['this']),
  spec('c', 'tree-sitter-c', 'tree-sitter-c.wasm', ['c.scm'], false, []),
  spec('cpp', 'tree-sitter-cpp', 'tree-sitter-cpp.wasm', ['cpp.scm'], true, ['this']),
  spec('csharp', 'tree-sitter-c-sharp', 'tree-sitter-c_sharp.wasm', ['csharp.scm'], true, ['this']),
  spec('ruby', 'tree-sitter-ruby', 'tree-sitter-ruby.wasm', ['ruby.scm'], true, ['self']),
  spec('php', 'tree-sitter-php', 'tree-sitter-php.wasm', ['php.scm'], false, ['$this', 'self', 'static']),
];

function spec(
  id: LanguageId,
  grammarPackage: string,
  wasmFile: string,
  queryFiles: string[],
  implicitMemberScope: boolean,
  selfReceivers: string[],
): LanguageSpec {
  return { id, grammarPackage, wasmFile, queryFiles, implicitMemberScope, selfReceivers };
}

const byId = new Map(specs.map((s) => [s.id, s]));

const byExtension: ReadonlyMap<string, LanguageId> = new Map<string, LanguageId>([
  ['.ts', 'typescript'],
  ['.mts', 'typescript'],
  ['.cts', 'typescript'],
  ['.tsx', 'tsx'],
  ['.js', 'javascript'],
  ['.jsx', 'javascript'],
  ['.mjs', 'javascript'],
  ['.cjs', 'javascript'],
  ['.py', 'python'],
  ['.pyi', 'python'],
  ['.go', 'go'],
  ['.rs', 'rust'],
  ['.java', 'java'],
  ['.c', 'c'],
  ['.h', 'c'],
  ['.cc', 'cpp'],
  ['.cpp', 'cpp'],
  ['.cxx', 'cpp'],
  ['.hpp', 'cpp'],
  ['.hh', 'cpp'],
  ['.hxx', 'cpp'],
  ['.cs', 'csharp'],
  ['.rb', 'ruby'],
  ['.php', 'php'],
]);

export const allLanguages: readonly LanguageSpec[] = specs;

export function languageSpec(id: LanguageId): LanguageSpec {
  const found = byId.get(id);
  if (!found) throw new Error(`Unknown language "${id}"`);
  return found;
}

/** The language of a path by its extension, or undefined when no grammar covers it. */
export function languageForPath(filePath: string): LanguageId | undefined {
  const dot = filePath.lastIndexOf('.');
  if (dot < 0 || dot < filePath.lastIndexOf('/')) return undefined;
  return byExtension.get(filePath.slice(dot).toLowerCase());
}

/** The language family for resolution: TS, TSX and JS resolve imports against each other. */
export function languageFamily(id: LanguageId): string {
  return id === 'typescript' || id === 'tsx' || id === 'javascript' ? 'js' : id === 'c' || id === 'cpp' ? 'c' : id;
}
