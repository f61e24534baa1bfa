import * as path from 'node:path';
import { groupLabels } from './traceTreeNodes';
import type { TraceTreeNode } from './traceTreeNodes';

/** How a row reads in the tree, independent of the VS Code API (the provider turns it into a TreeItem). */
export interface TraceRow {
  label: string;
  description?: string;
  tooltip: string;
  /** A codicon id. */
  icon: string;
  /** Where a click goes (workspace-relative, 1-based). */
  open?: { file: string; line: number };
  /** The TreeItem contextValue, for menus. */
  context: string;
}

const kindIcons: Record<string, string> = {
  class: 'symbol-class',
  interface: 'symbol-interface',
  struct: 'symbol-struct',
  enum: 'symbol-enum',
  trait: 'symbol-interface',
  type: 'symbol-type-parameter',
  function: 'symbol-function',
  method: 'symbol-method',
  constructor: 'symbol-constructor',
  property: 'symbol-property',
  field: 'symbol-field',
  variable: 'symbol-variable',
  constant: 'symbol-constant',
  module: 'symbol-module',
  namespace: 'symbol-namespace',
  macro: 'symbol-misc',
  file: 'symbol-file',
};

const groupIcons = {
  callers: 'call-incoming',
  callees: 'call-outgoing',
  imports: 'package',
  importers: 'references',
} as const;

export function traceRow(node: TraceTreeNode): TraceRow {
  switch (node.type) {
    case 'symbol': {
      const { symbol } = node;
      const where = `${symbol.file}:${symbol.line}`;
      const parts = [where, ...(node.confidence ? [node.confidence] : []), ...(node.cycle ? ['cycle'] : [])];
      const sites = node.sites.map((s) => `${s.file}:${s.line}`);
      const relation = node.relation === 'caller' ? 'calls it at' : 'called at';
      return {
        label: symbol.qualifiedName,
        description: parts.join(' · '),
        tooltip: [
          `${symbol.kind} ${symbol.qualifiedName}`,
          `defined at ${where}`,
          ...(sites.length ? [`${relation} ${sites.join(', ')}`] : []),
          ...(node.confidence ? [`resolved by ${confidenceWords[node.confidence]}`] : []),
          ...(node.cycle ? ['already on the path from the root: not expanded again'] : []),
        ].join('\n'),
        icon: node.cycle ? 'sync' : (kindIcons[symbol.kind] ?? 'symbol-misc'),
        open: { file: symbol.file, line: symbol.line },
        context: `traceSymbol.${node.relation}`,
      };
    }
    case 'group':
      return {
        label: groupLabels[node.group],
        tooltip: `${groupLabels[node.group]} of ${node.owner.symbol.qualifiedName}`,
        icon: groupIcons[node.group],
        context: `traceGroup.${node.group}`,
      };
    case 'import': {
      const target = node.record.files[0];
      const names = node.record.names.map((n) => (n.alias ? `${n.name} as ${n.alias}` : n.name)).join(', ');
      return {
        label: node.record.module,
        description: [
          target ?? 'outside the workspace',
          `${node.file}:${node.record.line}`,
          ...(node.cycle ? ['cycle'] : []),
        ].join(' · '),
        tooltip: [
          `${node.file}:${node.record.line} imports ${names || 'the module'} from ${node.record.module}`,
          target ? `resolves to ${target}` : 'not a workspace file',
        ].join('\n'),
        icon: node.cycle ? 'sync' : target ? 'file-code' : 'package',
        open: target ? { file: target, line: 1 } : { file: node.file, line: node.record.line },
        context: 'traceImport',
      };
    }
    case 'importer':
      return {
        label: path.posix.basename(node.file),
        description: [node.file, ...(node.cycle ? ['cycle'] : [])].join(' · '),
        tooltip: `${node.file} imports ${importedFile(node.parent)}`,
        icon: node.cycle ? 'sync' : 'file-code',
        open: { file: node.file, line: 1 },
        context: 'traceImporter',
      };
    case 'message':
      return { label: node.text, tooltip: node.text, icon: 'info', context: 'traceMessage' };
  }
}

const confidenceWords = {
  exact: 'scope (exact: same scope, this/self, or confirmed by the language server)',
  import: 'import (through an import, the same package, or a declared type)',
  name: 'name only (another symbol with this name may be meant)',
} as const;

function importedFile(parent: TraceTreeNode | undefined): string {
  if (parent?.type === 'importer') return parent.file;
  if (parent?.type === 'group') return parent.owner.symbol.file;
  return 'this file';
}
