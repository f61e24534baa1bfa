import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { CliCommand } from './cliCommand';
import { parseCommandArgs } from '../commandArgs';
import { UsageError } from '../usageError';
import { readRunLog } from '../../core/engine/runLog';
import { RunState } from '../../core/engine/runState';
import { renderRunTree } from '../../core/engine/runTree';

export const replayCommand: CliCommand = {
  name: 'replay',
  summary: 'Print the tree of a saved rlm ask run: runs, iterations, durations, tokens, cost',
  usage: [
    'Usage: rlm replay FILE [--json]',
    '',
    'FILE is a run log written by rlm ask (<repo>/.cache/rlm/runs/*.jsonl). Prints each run and child run with its',
    'iterations (model time, tokens, cells, sub-calls), limits, errors and answer. Cost reads "cost unknown" when',
    'no model of the run has a price, and "≥ $X" when only some do.',
    '',
    'Options:',
    '  --json            print the tree as JSON',
    '  -h, --help        show this help',
  ].join('\n'),

  async run(args, io) {
    const { values, positionals } = parseCommandArgs('replay', args, {
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (positionals.length !== 1)
      throw new UsageError(`replay wants one FILE, got ${positionals.length}. See rlm help replay.`);
    const file = path.resolve(io.cwd, positionals[0]);
    if (!existsSync(file)) {
      io.stderr(`rlm replay: ${file}: no such file. Run logs are in <repo>/.cache/rlm/runs/.\n`);
      return 1;
    }
    const { runs } = RunState.fromEvents(readRunLog(file));
    if (runs.length === 0) {
      io.stderr(`rlm replay: ${file} holds no run (no run-start event).\n`);
      return 1;
    }
    if (values.json === true) {
      io.stdout(`${JSON.stringify(runs, null, 2)}\n`);
      return 0;
    }
    io.stdout(`${renderRunTree(runs, { steps: true })}\n`);
    return 0;
  },
};
