import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { matchLine } from './findMatchingLines';
import type { LineMatch } from './findMatchingLines';
import { GrepCollector } from './grepCollector';
import type { GrepSettings } from './grepCollector';
import { parseRipgrepLine } from './parseRipgrepLine';
import type { RipgrepEvent } from './parseRipgrepLine';
import { buildRipgrepArgs } from './ripgrepArgs';
import type { GlobArgument } from '../files/globArgument';
import type { PathFilter } from '../files/pathFilter';
import { toDisplayPath } from '../files/resolveWorkspacePath';
import type { SearchPattern } from '../regex/compileSearchPattern';
import { stripLineEnding } from '../text/decodeText';
import type { GrepResult, WorkspaceRoot } from '../workspace';

export interface RipgrepSearch {
  ripgrepPath: string;
  roots: readonly WorkspaceRoot[];
  pattern: SearchPattern;
  filter: PathFilter;
  glob?: GlobArgument;
  settings: GrepSettings;
}

/** The file ripgrep is reporting on, while its messages arrive. */
interface OpenFile {
  display: string;
  wanted: boolean;
  lines: Map<number, string>;
  found: LineMatch[];
}

/**
 * Searches with ripgrep, root after root, and returns what the JavaScript engine would: ripgrep's lines are
 * re-checked with the JavaScript regex (for the columns and the exact JS meaning), filtered like
 * `walkFiles`, and binary files are dropped whole. Returns undefined when ripgrep cannot run or refuses the
 * pattern, so the caller falls back to `grepWithJs`.
 */
export async function grepWithRipgrep(search: RipgrepSearch): Promise<GrepResult | undefined> {
  const { settings } = search;
  settings.signal?.throwIfAborted();
  const collector = new GrepCollector(settings);
  for (let rootIndex = 0; rootIndex < search.roots.length && !collector.done; rootIndex++) {
    const ran = await searchRoot(search, rootIndex, collector);
    if (!ran) return undefined;
  }
  return collector.result('ripgrep');
}

function searchRoot(search: RipgrepSearch, rootIndex: number, collector: GrepCollector): Promise<boolean> {
  const { settings, pattern, roots } = search;
  const root = roots[rootIndex] as WorkspaceRoot;
  const args = buildRipgrepArgs({
    pattern: pattern.ripgrepPattern,
    caseSensitive: pattern.caseSensitive,
    contextLines: settings.contextLines,
    maxFileBytes: settings.maxFileBytes,
    excludeArgs: search.filter.ripgrepArgs(),
    basenameGlob: search.glob?.ripgrepBasenameGlob,
  });
  return new Promise<boolean>((resolve, reject) => {
    const child = spawn(search.ripgrepPath, args, { cwd: root.fsPath, stdio: ['ignore', 'pipe', 'pipe'] });
    const decoder = new StringDecoder('utf8');
    let buffered = '';
    let stderr = '';
    let sawOutput = false;
    let stopped = false;
    let file: OpenFile | undefined;

    const stop = (): void => {
      stopped = true;
      child.kill();
    };
    const onAbort = (): void => stop();
    settings.signal?.addEventListener('abort', onAbort, { once: true });

    const handle = (event: RipgrepEvent): void => {
      if (event.type === 'begin') {
        const relative = event.path.replace(/\\/g, '/').replace(/^\.\//, '');
        const display = toDisplayPath(roots, rootIndex, relative);
        const wanted = search.filter.allowsFile(relative) && (search.glob?.matches(relative, display) ?? true);
        file = { display, wanted, lines: new Map(), found: [] };
      } else if ((event.type === 'match' || event.type === 'context') && file?.wanted === true) {
        const text = stripLineEnding(event.text);
        file.lines.set(event.lineNumber, text);
        if (event.type === 'match' && file.found.length < collector.wanted) {
          const hit = matchLine(pattern, text);
          if (hit !== undefined) file.found.push({ line: event.lineNumber, ...hit });
        }
      } else if (event.type === 'end' && file !== undefined) {
        if (file.wanted && event.binary) collector.skip(file.display, 'binary');
        else if (file.found.length > 0) {
          const lines = file.lines;
          collector.addFile(file.display, file.found, (line) => lines.get(line));
        }
        file = undefined;
        // Stop only between files: a NUL byte later in the file would still drop its matches.
        if (collector.done) stop();
      }
    };

    child.stdout.on('data', (chunk: Buffer) => {
      if (stopped) return;
      sawOutput = true;
      buffered += decoder.write(chunk);
      let newline = buffered.indexOf('\n');
      let from = 0;
      while (newline >= 0 && !stopped) {
        handle(parseRipgrepLine(buffered.slice(from, newline)));
        from = newline + 1;
        newline = buffered.indexOf('\n', from);
      }
      buffered = stopped ? '' : buffered.slice(from);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 65536) stderr += chunk.toString('utf8');
    });
    child.on('error', () => {
      settings.signal?.removeEventListener('abort', onAbort);
      resolve(false);
    });
    child.on('close', (code) => {
      settings.signal?.removeEventListener('abort', onAbort);
      if (settings.signal?.aborted) return reject(settings.signal.reason);
      // Exit 2 with no output at all: ripgrep refused the pattern (or could not start searching).
      if (code === 2 && !sawOutput && !stderr.includes('No files were searched')) return resolve(false);
      for (const path of unreadablePaths(stderr)) {
        const relative = path.replace(/\\/g, '/').replace(/^\.\//, '');
        if (search.filter.allowsFile(relative)) collector.skip(toDisplayPath(roots, rootIndex, relative), 'unreadable');
      }
      resolve(true);
    });
  });
}

/** Paths from ripgrep's "path: Permission denied (os error 13)" messages. */
function unreadablePaths(stderr: string): string[] {
  const paths: string[] = [];
  for (const line of stderr.split('\n')) {
    const match = /^(?:rg: )?(.+?): .*\(os error \d+\)\s*$/.exec(line);
    if (match !== null) paths.push(match[1] as string);
  }
  return paths;
}
