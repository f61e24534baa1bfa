import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { replFunctionsMarkdown } from '../../../src/core/sandbox/replFunctions';

const readme = readFileSync(path.join(__dirname, '../../../README.md'), 'utf8');

describe('README REPL reference', () => {
  it('is the table generated from the REPL function table (run `npm run docs` after changing it)', () => {
    const start = readme.indexOf('<!-- repl-functions:start');
    const end = readme.indexOf('<!-- repl-functions:end -->');
    expect(start).toBeGreaterThan(0);
    const section = readme.slice(readme.indexOf('\n', start) + 1, end).trim();
    expect(section).toBe(replFunctionsMarkdown().trim());
  });
});
