import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import type { SymbolInfo, SymbolRef } from '../../core/symbols/index';
import type { LanguageServerBudget } from './languageServerBudget';

/** What precise mode needs from the index: paths to URIs and back, and a file's definitions. */
export interface SymbolLocator {
  /** File URI of a workspace path (root-prefixed in a multi-root workspace); undefined when no folder holds it. */
  uriOf(file: string): vscode.Uri | undefined;
  /** Workspace path of a URI; undefined outside the indexed folders. */
  fileOf(uri: vscode.Uri): string | undefined;
  /** Index definitions of a workspace file, undefined when the file is not indexed. */
  outline(file: string): SymbolInfo[] | undefined;
}

/** What the language server says about the definition a call site names. */
export type DefinitionVerdict = 'confirmed' | 'contradicted' | 'unknown';

/** A place in a workspace file, 0-based like VS Code positions. */
export interface FilePosition {
  file: string;
  range: vscode.Range;
}

/** Asks go-to-definition at a site (1-based line, 0-based column) and compares the answer with the index's target. */
export async function definitionVerdict(
  locator: SymbolLocator,
  budget: LanguageServerBudget,
  site: { file: string; line: number; column: number },
  target: SymbolRef,
): Promise<DefinitionVerdict> {
  const uri = locator.uriOf(site.file);
  if (!uri) return 'unknown';
  // Several index candidates often share one call site: one request answers them all.
  const answer = await budget.askOnce<Array<vscode.Location | vscode.LocationLink>>(
    `definition\u0000${uri.toString()}\u0000${site.line}\u0000${site.column}`,
    'vscode.executeDefinitionProvider',
    uri,
    new vscode.Position(site.line - 1, site.column),
  );
  if (!answer?.length) return 'unknown';
  for (const location of answer) {
    const place = placeOf(locator, location);
    if (!place) continue;
    const definition = definitionNamedAt(locator, place);
    if (definition && denotes(definition, target)) return 'confirmed';
  }
  return 'contradicted';
}

/** The workspace file and name range of a definition answer; undefined outside the indexed folders. */
function placeOf(locator: SymbolLocator, location: vscode.Location | vscode.LocationLink): FilePosition | undefined {
  const uri = 'targetUri' in location ? location.targetUri : location.uri;
  const range = 'targetUri' in location ? (location.targetSelectionRange ?? location.targetRange) : location.range;
  const file = locator.fileOf(uri);
  return file === undefined ? undefined : { file, range };
}

/** The index definition whose name sits at (or inside) a language-server range. */
export function definitionNamedAt(locator: SymbolLocator, place: FilePosition): SymbolInfo | undefined {
  const { start, end } = place.range;
  const outline = locator.outline(place.file) ?? [];
  const named = outline.find((d) => {
    if (d.line - 1 !== start.line) return false;
    const nameEnd = d.column + d.name.length;
    const nameInside = d.column >= start.character && (end.line > start.line || d.column <= end.character);
    return nameInside || (start.character >= d.column && start.character < nameEnd);
  });
  if (named || start.line === end.line) return named;
  // A whole-declaration range (no selection range given): the outermost definition whose name lies in it.
  return outline.find(
    (d) => place.range.contains(new vscode.Position(d.line - 1, d.column)) && d.startLine - 1 >= start.line,
  );
}

/** The innermost definition containing a position (what the index calls the enclosing definition), or the file's top level. */
export function enclosingRef(locator: SymbolLocator, file: string, line: number): SymbolRef | undefined {
  const outline = locator.outline(file);
  if (!outline) return undefined;
  let best: SymbolInfo | undefined;
  for (const d of outline) {
    if (d.startLine <= line && line <= d.endLine && (!best || d.startLine >= best.startLine)) best = d;
  }
  if (best) return refOf(best);
  const endLine = outline.reduce((max, d) => Math.max(max, d.endLine), 1);
  return { id: file, name: nodePath.posix.basename(file), qualifiedName: file, kind: 'file', file, line: 1, endLine };
}

export function refOf(info: SymbolInfo): SymbolRef {
  return {
    id: info.id,
    name: info.name,
    qualifiedName: info.qualifiedName,
    kind: info.kind,
    file: info.file,
    line: info.line,
    endLine: info.endLine,
  };
}

/**
 * True when a definition the language server named is the index's target: the same declaration, another
 * overload of it (TypeScript answers with the overload a call picked), or the constructor of the target class.
 */
function denotes(definition: SymbolInfo, target: SymbolRef): boolean {
  if (definition.id === target.id) return true;
  const sameFile = definition.file === target.file;
  if (sameFile && definition.qualifiedName === target.qualifiedName) return true;
  if (sameFile && definition.kind === 'constructor' && definition.container === target.qualifiedName) return true;
  return (
    sameFile &&
    target.kind === 'constructor' &&
    definition.qualifiedName === target.qualifiedName.replace(/\.[^.]+$/, '')
  );
}
