/**
 * Live progress of `rlm ask` on stderr: on a terminal the run tree is redrawn in place (at most every 100 ms);
 * otherwise one compact line per step is appended, with no escape codes.
 */
import type { RunEvent } from '../../core/engine/runEvents';
import { RunState } from '../../core/engine/runState';
import { renderRunTree } from '../../core/engine/runTree';
import { mapStrings } from '../../core/llm/redactSecrets';
import { stripTerminalControls } from './terminalText';

export interface AskProgressOptions {
  write: (text: string) => void;
  /** Redraw in place (stderr is a terminal); false appends lines. */
  live: boolean;
  /** Terminal width: live lines are cut to it so redrawing never has to count wrapped lines. */
  columns: number;
  /**
   * Removes the API key. Applied to every string of an event before anything is cut to width (a key cut in half
   * would slip past it) and again to every line written.
   */
  redact: (text: string) => string;
}

const redrawEveryMs = 100;

export class AskProgress {
  readonly state = new RunState();
  private drawnLines = 0;
  private lastDraw = 0;
  private pending: ReturnType<typeof setTimeout> | undefined;
  private activity = 'starting';
  private readonly cellLines = new Map<string, number>();

  constructor(private readonly options: AskProgressOptions) {}

  /** Model output and endpoint errors lose their terminal control sequences, then the key. */
  private clean(text: string): string {
    return this.options.redact(stripTerminalControls(text));
  }

  /** A line outside the tree (index built, retries, the run log path). */
  note(text: string): void {
    if (!this.options.live) {
      this.options.write(`${this.clean(text)}\n`);
      return;
    }
    this.clear();
    this.options.write(`${this.clean(text)}\n`);
    this.draw();
  }

  apply(raw: RunEvent): void {
    const event = mapStrings(raw, (text) => this.clean(text));
    this.state.apply(event);
    const line = describeEvent(event, this.cellLines);
    if (line === undefined) return;
    if (!this.options.live) {
      this.options.write(this.options.redact(`${'  '.repeat(event.depth)}${line}\n`));
      return;
    }
    this.activity = `${'  '.repeat(event.depth)}${line}`;
    this.scheduleDraw();
  }

  /** Draws the final tree (live) and stops redrawing. */
  finish(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = undefined;
    if (!this.options.live) return;
    this.clear();
    this.options.write(this.options.redact(`${renderRunTree(this.state.runs, { width: this.options.columns })}\n`));
    this.drawnLines = 0;
  }

  private scheduleDraw(): void {
    if (this.pending) return;
    const wait = Math.max(0, this.lastDraw + redrawEveryMs - Date.now());
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.clear();
      this.draw();
    }, wait);
    this.pending.unref?.();
  }

  private draw(): void {
    const width = this.options.columns;
    const tree = renderRunTree(this.state.runs, { width });
    const frame = `${tree ? `${tree}\n` : ''}${cut(`… ${this.activity.trim()}`, width)}\n`;
    this.options.write(this.options.redact(frame));
    this.drawnLines = frame.split('\n').length - 1;
    this.lastDraw = Date.now();
  }

  private clear(): void {
    if (this.drawnLines > 0) this.options.write(`\x1b[${this.drawnLines}F\x1b[0J`);
    this.drawnLines = 0;
  }
}

/** One compact line per step worth seeing; undefined for steps the tree already shows. */
function describeEvent(event: RunEvent, cellLines: Map<string, number>): string | undefined {
  switch (event.type) {
    case 'run-start':
      return `▸ run ${event.runId} (${event.model}): ${cut(oneLine(event.question), 100)}`;
    case 'iteration':
      return `iteration ${event.iteration}`;
    case 'model-reply': {
      const tokens = event.usage.inputTokens + event.usage.outputTokens;
      const fitted = event.contextNote ? `; ${cut(oneLine(event.contextNote), 160)}` : '';
      return `  model replied in ${secs(event.durationMs)} (${tokens} tokens${event.usage.estimated ? ', estimated' : ''})${fitted}`;
    }
    case 'code':
      cellLines.set(event.cellId, event.code.split('\n').length);
      return undefined;
    case 'output': {
      const lines = cellLines.get(event.cellId) ?? 0;
      cellLines.delete(event.cellId);
      const result = event.error
        ? `error: ${cut(oneLine(event.error), 80)}`
        : `${event.output.split('\n').filter(Boolean).length} output line(s)`;
      return `  cell (${lines} line(s)) ran in ${secs(event.durationMs)}: ${result}`;
    }
    case 'sub-call':
      return `  sub-call ${event.callId} ${event.error ? `failed: ${cut(oneLine(event.error), 80)}` : 'ok'} in ${secs(event.durationMs)}${event.contextNote ? `; ${cut(oneLine(event.contextNote), 160)}` : ''}`;
    case 'child-run':
      return `  rlm(): ${cut(oneLine(event.question), 100)}`;
    case 'limit':
      return `  limit reached: ${event.limit} (${event.detail})`;
    case 'error':
      return `  error: ${cut(oneLine(event.message), 160)}`;
    case 'answer':
      return `■ run ${event.runId} ended: ${event.reason} after ${event.iterations} iteration(s) in ${secs(event.durationMs)}`;
    default:
      return undefined;
  }
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(1, width - 1))}…`;
}
