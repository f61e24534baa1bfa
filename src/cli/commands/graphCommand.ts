import type { CliCommand } from './cliCommand';
import { openRepoIndex, symbolIndexUsage } from './symbolsCliSupport';
import { parseCommandArgs, workspaceOptions, workspaceOptionsUsage } from '../commandArgs';
import { UsageError } from '../usageError';

export const graphCommand: CliCommand = {
  name: 'graph',
  summary: 'Write every definition and resolved edge of the repo (--json), or count them',
  usage: [
    'Usage: rlm graph [--repo DIR] [--json]',
    '',
    'With --json prints {"definitions":[{"id","name","qualifiedName","kind","file","line","endLine"}],',
    '"edges":[{"from","to","kind":"call"|"import"|"type","confidence":"exact"|"import"|"name"}]}.',
    'Files are relative to the repo, lines 1-based; each file also appears as a definition of kind "file"',
    '(id = its path) for top-level calls and import edges. Without --json prints counts per edge kind.',
    ...symbolIndexUsage,
    '',
    'Options:',
    ...workspaceOptionsUsage,
  ].join('\n'),

  async run(args, io) {
    const { values, positionals } = parseCommandArgs('graph', args, workspaceOptions);
    if (positionals.length)
      throw new UsageError(`graph takes no arguments, got "${positionals[0]}". See rlm help graph.`);
    const { index } = await openRepoIndex('graph', values.repo, io);
    const json = values.json === true;
    // Written as it is resolved, a file at a time: a kernel-sized graph never sits in memory whole.
    const out = new ChunkedOutput(io.stdout);
    let definitions = 0;
    let edges = 0;
    let edgesStarted = false;
    const counts = new Map<string, number>();
    let lastProgress = Date.now();
    if (json) out.write('{"definitions":[');
    await index.streamGraph({
      definitions: (refs) => {
        if (json) for (const ref of refs) out.write(`${definitions++ ? ',' : ''}${JSON.stringify(ref)}`);
        else definitions += refs.length;
      },
      edges: (found) => {
        if (json && !edgesStarted) out.write('],"edges":[');
        edgesStarted = true;
        for (const edge of found) {
          if (json) out.write(`${edges ? ',' : ''}${JSON.stringify(edge)}`);
          else {
            const key = `${edge.kind}/${edge.confidence}`;
            counts.set(key, (counts.get(key) ?? 0) + 1);
          }
          edges++;
        }
      },
      progress: (pass, done, total) => {
        if (Date.now() - lastProgress < progressEveryMs || done === total) return;
        lastProgress = Date.now();
        const doing = pass === 'definitions' ? 'listing definitions' : 'resolving edges';
        io.stderr(`graph: ${doing}, ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} files\n`);
      },
    });
    if (json) {
      out.write(`${edgesStarted ? '' : '],"edges":['}]}\n`);
      out.flush();
      return 0;
    }
    io.stdout(`${definitions} definitions, ${edges} edges (use --json for the graph itself)\n`);
    for (const [key, count] of [...counts].sort()) io.stdout(`  ${key.padEnd(16)} ${count}\n`);
    return 0;
  },
};

/** Progress lines on stderr this often while a large graph is written. */
const progressEveryMs = 2000;

/** Text gathered into chunks of about 64 KB before it is written. */
class ChunkedOutput {
  private parts: string[] = [];
  private length = 0;

  constructor(private readonly sink: (text: string) => void) {}

  write(text: string): void {
    this.parts.push(text);
    this.length += text.length;
    if (this.length >= 65_536) this.flush();
  }

  flush(): void {
    if (this.parts.length) this.sink(this.parts.join(''));
    this.parts = [];
    this.length = 0;
  }
}
