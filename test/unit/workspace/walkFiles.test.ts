import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparePaths } from '../../../src/core/workspace/files/comparePaths';
import { walkFiles } from '../../../src/core/workspace/files/walkFiles';
import { PathFilter } from '../../../src/core/workspace/files/pathFilter';
import { NodeWorkspace } from '../../../src/core/workspace/nodeWorkspace';

describe('walking a large flat folder with subfolders among its files', () => {
  let root: string;
  const files: string[] = [];

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-walk-'));
    // More entries than one walk step, with folders between files and names whose order differs by encoding.
    for (let i = 0; i < 4_500; i++) files.push(`f${String(i).padStart(4, '0')}.c`);
    files.push('f2000/inner.c', 'f2000-x.c', 'f4100/a/b.c', 'é.c', 'Z.c', '\u{1d4b3}.c', '\uff42.c');
    for (const file of files) {
      fs.mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), '');
    }
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('lists every file once, in tree order across steps', async () => {
    const list = await new NodeWorkspace({ roots: root, ripgrep: false }).listFiles(undefined, {
      maxResults: 10_000,
    });
    expect(list.files).toEqual([...files].sort(comparePaths));
    expect(list.total).toBe(files.length);
  });

  it('counts the files past the cap without listing them', async () => {
    const list = await new NodeWorkspace({ roots: root, ripgrep: false }).listFiles(undefined, { maxResults: 10 });
    expect(list).toEqual({
      files: [...files].sort(comparePaths).slice(0, 10),
      total: files.length,
      omitted: files.length - 10,
    });
  });

  it('gives each file its absolute path', async () => {
    const filter = new PathFilter({ secretFileGlobs: [], excludeGlobs: [] });
    const walked = await walkFiles([{ name: 'r', fsPath: root }], { filter });
    const deep = walked.find((file) => file.relativePath === 'f4100/a/b.c');
    expect(deep?.absolutePath).toBe(path.join(root, 'f4100', 'a', 'b.c'));
    expect(walked).toHaveLength(files.length);
  });

  it('stops when its signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stopped by the user'));
    await expect(
      new NodeWorkspace({ roots: root, ripgrep: false }).listFiles(undefined, { signal: controller.signal }),
    ).rejects.toThrow('stopped by the user');
  });
});
