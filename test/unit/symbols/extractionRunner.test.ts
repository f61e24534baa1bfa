import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExtraction } from '../../../src/core/symbols/extractionRunner';
import { GrammarLoader } from '../../../src/core/symbols/grammarLoader';
import { defaultSymbolIndexOptions } from '../../../src/core/symbols/symbolIndexOptions';

describe('runExtraction on worker threads', () => {
  it('fails with a clear error when a worker exits before the build is done, instead of waiting forever', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'rlm-worker-'));
    const script = path.join(folder, 'exitingWorker.js');
    writeFileSync(script, 'process.exit(3);\n');
    const run = runExtraction({
      files: [{ file: 'a.ts', fsPath: path.join(folder, 'a.ts') }],
      options: { ...defaultSymbolIndexOptions, workers: 1, batchSize: 1 },
      onOutcome: () => undefined,
      workerScript: script,
      loader: new GrammarLoader(),
    });
    await expect(run).rejects.toThrow(/Symbol worker exited \(code 3\) with 1 of 1 files still to index/);
  });
});
