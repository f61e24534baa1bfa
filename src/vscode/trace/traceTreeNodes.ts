import * as path from 'node:path';
import type { Confidence, ResolvedImport, SymbolRef } from '../../core/symbols/index';
import type { CallRow } from '../symbols/preciseTypes';

/** What the trace tree asks the symbol index; `VscodeSymbolService` has this shape. */
export interface TraceQueries {
  callers(symbol: string): Promise<CallRow[]>;
  callees(symbol: string): Promise<CallRow[]>;
  imports(file: string): Promise<ResolvedImport[] | undefined>;
  importers(file: string): Promise<string[]>;
}

export type TraceGroup = 'callers' | 'callees' | 'imports' | 'importers';

interface NodeBase {
  /** Unique in the tree (the TreeItem id): the parent's key plus this row's segment. */
  key: string;
  parent?: TraceTreeNode;
}

/** A symbol row: the traced root, or a caller/callee row that expands in the same direction. */
export interface SymbolNode extends NodeBase {
  type: 'symbol';
  symbol: SymbolRef;
  relation: 'root' | 'caller' | 'callee';
  /** Best confidence among the call sites (absent on the root). */
  confidence?: Confidence;
  /** Call sites between this row and its parent row (caller rows: in this symbol; callee rows: in the parent). */
  sites: Array<{ file: string; line: number }>;
  /** The symbol is already on the path from the root: shown, never expanded. */
  cycle: boolean;
}

interface GroupNode extends NodeBase {
  type: 'group';
  group: TraceGroup;
  owner: SymbolNode;
}

/** An import statement of a file; expands into the imports of the file it resolved to. */
interface ImportNode extends NodeBase {
  type: 'import';
  record: ResolvedImport;
  /** The importing file. */
  file: string;
  cycle: boolean;
}

/** A file that imports the parent's file; expands into its own importers. */
interface ImporterNode extends NodeBase {
  type: 'importer';
  file: string;
  cycle: boolean;
}

interface MessageNode extends NodeBase {
  type: 'message';
  text: string;
}

export type TraceTreeNode = SymbolNode | GroupNode | ImportNode | ImporterNode | MessageNode;

/** Rows per expansion: a hub symbol can have hundreds of callers; the rest is counted in a message row. */
const maxRowsPerGroup = 200;

export const groupLabels: Record<TraceGroup, string> = {
  callers: 'Callers',
  callees: 'Callees',
  imports: 'Imports',
  importers: 'Imported by',
};

export function rootNode(symbol: SymbolRef): SymbolNode {
  return { type: 'symbol', key: `root:${symbol.id}`, symbol, relation: 'root', sites: [], cycle: false };
}

/** Whether a row can be expanded (the tree asks before it queries anything). */
export function isExpandable(node: TraceTreeNode): boolean {
  switch (node.type) {
    case 'group':
      return true;
    case 'symbol':
      // A file's top level has no callers and the index answers callees only for definitions.
      return !node.cycle && node.symbol.kind !== 'file';
    case 'import':
      return !node.cycle && node.record.files.length > 0;
    case 'importer':
      return !node.cycle;
    case 'message':
      return false;
  }
}

/** The children of a row, asking the index only for the row being expanded. */
export async function childrenOf(node: TraceTreeNode, queries: TraceQueries): Promise<TraceTreeNode[]> {
  switch (node.type) {
    case 'symbol':
      if (!isExpandable(node)) return [];
      if (node.relation === 'root') {
        return (['callers', 'callees', 'imports', 'importers'] as const).map((group) => ({
          type: 'group',
          key: `${node.key}/${group}`,
          parent: node,
          group,
          owner: node,
        }));
      }
      return symbolRows(node, node.relation === 'caller' ? 'callers' : 'callees', queries);
    case 'group':
      switch (node.group) {
        case 'callers':
        case 'callees':
          return symbolRows(node, node.group, queries);
        case 'imports':
          return importRows(node, node.owner.symbol.file, queries);
        case 'importers':
          return importerRows(node, node.owner.symbol.file, queries);
      }
      return [];
    case 'import':
      return isExpandable(node) ? importRows(node, node.record.files[0], queries) : [];
    case 'importer':
      return isExpandable(node) ? importerRows(node, node.file, queries) : [];
    case 'message':
      return [];
  }
}

/** Ids (symbol ids, file paths) of the rows from the root down to `node`, for cycle marks. */
function pathIds(node: TraceTreeNode | undefined): Set<string> {
  const ids = new Set<string>();
  for (let n = node; n; n = n.parent) {
    if (n.type === 'symbol') ids.add(n.symbol.id);
    else if (n.type === 'import' && n.record.files[0]) ids.add(`file:${n.record.files[0]}`);
    else if (n.type === 'importer') ids.add(`file:${n.file}`);
    if (n.type === 'group' && (n.group === 'imports' || n.group === 'importers'))
      ids.add(`file:${n.owner.symbol.file}`);
  }
  return ids;
}

async function symbolRows(
  parent: GroupNode | SymbolNode,
  direction: 'callers' | 'callees',
  queries: TraceQueries,
): Promise<TraceTreeNode[]> {
  const owner = parent.type === 'group' ? parent.owner : parent;
  const rows =
    direction === 'callers' ? await queries.callers(owner.symbol.id) : await queries.callees(owner.symbol.id);
  const seen = pathIds(parent);
  const nodes: TraceTreeNode[] = rows.slice(0, maxRowsPerGroup).map((row) => ({
    type: 'symbol',
    key: `${parent.key}/${row.symbol.id}`,
    parent,
    symbol: row.symbol,
    relation: direction === 'callers' ? 'caller' : 'callee',
    confidence: row.confidence,
    sites: uniqueSites(row.sites.map((s) => ({ file: s.file, line: s.line }))),
    cycle: seen.has(row.symbol.id),
  }));
  return withOverflow(
    parent,
    nodes,
    rows.length,
    direction === 'callers' ? 'No callers found in the index.' : 'No callees found in the index.',
  );
}

async function importRows(
  parent: GroupNode | ImportNode,
  file: string,
  queries: TraceQueries,
): Promise<TraceTreeNode[]> {
  const records = (await queries.imports(file)) ?? [];
  const seen = pathIds(parent);
  seen.add(`file:${file}`);
  const nodes: TraceTreeNode[] = records.slice(0, maxRowsPerGroup).map((record, index) => ({
    type: 'import',
    key: `${parent.key}/import:${index}:${record.module}`,
    parent,
    record,
    file,
    cycle: record.files[0] !== undefined && seen.has(`file:${record.files[0]}`),
  }));
  return withOverflow(parent, nodes, records.length, `${path.posix.basename(file)} imports nothing.`);
}

async function importerRows(
  parent: GroupNode | ImporterNode,
  file: string,
  queries: TraceQueries,
): Promise<TraceTreeNode[]> {
  const files = await queries.importers(file);
  const seen = pathIds(parent);
  seen.add(`file:${file}`);
  const nodes: TraceTreeNode[] = files.slice(0, maxRowsPerGroup).map((importer) => ({
    type: 'importer',
    key: `${parent.key}/importer:${importer}`,
    parent,
    file: importer,
    cycle: seen.has(`file:${importer}`),
  }));
  return withOverflow(parent, nodes, files.length, `No file imports ${path.posix.basename(file)}.`);
}

function withOverflow(parent: TraceTreeNode, nodes: TraceTreeNode[], total: number, empty: string): TraceTreeNode[] {
  if (total === 0) return [{ type: 'message', key: `${parent.key}/empty`, parent, text: empty }];
  if (total > nodes.length)
    nodes.push({ type: 'message', key: `${parent.key}/more`, parent, text: `… and ${total - nodes.length} more` });
  return nodes;
}

function uniqueSites(sites: Array<{ file: string; line: number }>): Array<{ file: string; line: number }> {
  const seen = new Set<string>();
  return sites
    .filter((s) => !seen.has(`${s.file}:${s.line}`) && seen.add(`${s.file}:${s.line}`) !== undefined)
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
