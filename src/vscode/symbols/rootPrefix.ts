import type { ReferenceSite, SymbolInfo, SymbolRef, TraceGraph } from '../../core/symbols/index';

/**
 * One index per workspace folder: records come back root-relative and get the folder's name in front
 * when there are several folders, exactly as the Workspace prefixes paths (`app/src/a.ts`, id `app/src/a.ts#f`).
 */
export interface IndexedRoot {
  name: string;
  fsPath: string;
  /** `''` in a single-folder workspace, `name/` otherwise. */
  prefix: string;
}

export function prefixInfo(info: SymbolInfo, prefix: string): SymbolInfo {
  return prefix ? { ...info, id: prefix + info.id, file: prefix + info.file } : info;
}

function prefixRef<T extends SymbolRef>(ref: T, prefix: string): T {
  if (!prefix) return ref;
  // A file's top level stands for the file: its id and qualified name are the path.
  return {
    ...ref,
    id: prefix + ref.id,
    file: prefix + ref.file,
    qualifiedName: ref.kind === 'file' ? prefix + ref.qualifiedName : ref.qualifiedName,
  };
}

export function prefixSite<T extends ReferenceSite>(site: T, prefix: string): T {
  return prefix
    ? { ...site, file: prefix + site.file, from: prefixRef(site.from, prefix), to: prefixRef(site.to, prefix) }
    : site;
}

export function prefixTrace(graph: TraceGraph, prefix: string): TraceGraph {
  if (!prefix) return graph;
  return {
    roots: graph.roots.map((id) => prefix + id),
    nodes: graph.nodes.map((node) => prefixRef(node, prefix)),
    edges: graph.edges.map((edge) => ({
      ...edge,
      from: prefix + edge.from,
      to: prefix + edge.to,
      ...(edge.file !== undefined ? { file: prefix + edge.file } : {}),
    })),
    truncated: graph.truncated,
  };
}

/** The root a prefixed path or id belongs to, and the rest of it; undefined when no root matches. */
export function splitRootPath<R extends { readonly prefix: string }>(
  roots: readonly R[],
  path: string,
): { root: R; relative: string } | undefined {
  if (roots.length === 1 && roots[0].prefix === '') return { root: roots[0], relative: path };
  const root = roots.find((r) => path.startsWith(r.prefix));
  return root ? { root, relative: path.slice(root.prefix.length) } : undefined;
}
