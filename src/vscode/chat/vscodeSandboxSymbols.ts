import type { SandboxSymbolService, SymbolCallContext, TraceOptions } from '../../core/sandbox/sandboxTypes';
import {
  defaultSymbolResultLimits,
  definitionRecord,
  findRecords,
  notInIndexError,
  referenceRecords,
  traceRecord,
  undefinedSymbolError,
  type ReferenceRecord,
  type SymbolRecord,
  type TraceRecord,
} from '../../core/sandbox/symbolRecords';
import type { VscodeSymbolService } from '../symbols/vscodeSymbolService';

/**
 * The REPL's symbol functions on the extension's symbol service (the persisted, watched index, checked by the language
 * servers in precise mode), answering with the same compact records as the CLI's IndexedSymbolService.
 */
export class VscodeSandboxSymbols implements SandboxSymbolService {
  private readonly limits = defaultSymbolResultLimits;

  constructor(private readonly service: VscodeSymbolService) {}

  async symbols(path: string, context: SymbolCallContext = {}): Promise<SymbolRecord[]> {
    const file = path.replace(/\\/g, '/').replace(/^\.\//, '');
    const outline = await this.service.outline(file, context.signal);
    if (!outline) throw notInIndexError(file);
    return outline.map(definitionRecord);
  }

  async findSymbol(name: string, context: SymbolCallContext = {}): Promise<SymbolRecord[]> {
    return findRecords(
      await this.service.findSymbol(name, { limit: this.limits.findResults + 1, signal: context.signal }),
      this.limits,
      context,
    );
  }

  async references(name: string, context: SymbolCallContext = {}): Promise<ReferenceRecord[]> {
    await this.assertDefined('references', name, context.signal);
    return referenceRecords(await this.service.references(name, { signal: context.signal }), this.limits, context);
  }

  async trace(name: string, options: TraceOptions, context: SymbolCallContext = {}): Promise<TraceRecord> {
    await this.assertDefined('trace', name, context.signal);
    const graph = await this.service.trace(name, {
      direction: options.direction,
      depth: options.depth,
      maxNodes: this.limits.traceNodes,
      signal: context.signal,
    });
    return traceRecord(graph, context);
  }

  private async assertDefined(fn: string, name: string, signal: AbortSignal | undefined): Promise<void> {
    if ((await this.service.findSymbol(name, { exact: true, limit: 1, signal })).length === 0)
      throw undefinedSymbolError(fn, name);
  }
}
