import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRipgrepOnPath } from '../../../src/core/workspace/grep/findRipgrep';
import { parseRipgrepLine } from '../../../src/core/workspace/grep/parseRipgrepLine';

/** What a full JSON.parse of the same line says, for comparison with the fast path. */
function slowParse(json: string): unknown {
  const message = JSON.parse(json) as { type: string; data: Record<string, unknown> };
  const data = message.data as {
    path?: { text?: string };
    lines?: { text?: string; bytes?: string };
    line_number?: number;
    binary_offset?: number | null;
  };
  const decode = (field?: { text?: string; bytes?: string }): string =>
    field?.text ?? (field?.bytes === undefined ? '' : Buffer.from(field.bytes, 'base64').toString('utf8'));
  if (message.type === 'begin') return { type: 'begin', path: decode(data.path) };
  if (message.type === 'match' || message.type === 'context')
    return { type: message.type, lineNumber: data.line_number, text: decode(data.lines) };
  if (message.type === 'end')
    return { type: 'end', binary: data.binary_offset !== null && data.binary_offset !== undefined };
  return { type: 'other' };
}

describe('parseRipgrepLine', () => {
  it('reads every line of real ripgrep output as a full JSON parse does', async () => {
    const ripgrep = await findRipgrepOnPath();
    if (ripgrep === undefined) throw new Error('This test needs ripgrep on PATH (Debian: apt-get install ripgrep).');
    const folder = mkdtempSync(nodePath.join(tmpdir(), 'rlm-rgjson-'));
    try {
      writeFileSync(
        nodePath.join(folder, 'quotes "and" \\slashes.txt'),
        'say "hi" \\n not a newline\n\ttab and \u0001 control\nhi 😀 é\n',
      );
      writeFileSync(nodePath.join(folder, 'latin1.txt'), Buffer.from([0x68, 0x69, 0x20, 0xe9, 0x0a, 0x68, 0x69, 0x0a]));
      writeFileSync(nodePath.join(folder, 'crlf.txt'), 'hi\r\nthere\r\nhi "x"\r\n');
      const run = spawnSync(ripgrep, ['--json', '--no-config', '-C', '1', 'hi', '.'], {
        cwd: folder,
        encoding: 'utf8',
      });
      const lines = run.stdout.split('\n').filter(Boolean);
      expect(lines.filter((line) => line.startsWith('{"type":"match"')).length).toBe(6);
      expect(lines.some((line) => line.includes('"bytes"'))).toBe(true);
      for (const line of lines) expect(parseRipgrepLine(line), line).toEqual(slowParse(line));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
