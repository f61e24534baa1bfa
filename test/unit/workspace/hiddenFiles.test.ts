import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeWorkspace } from '../../../src/core/workspace/nodeWorkspace';

/** A tree shaped like Debian's kernel sources: the top-level .gitignore ends in "/*" and "!/debian/". */
function packagedTree(files: number, extraRules = ''): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-hidden-'));
  fs.writeFileSync(path.join(root, '.gitignore'), `*.o\n# Debian packaging\n/*\n!/debian/\n${extraRules}`);
  fs.mkdirSync(path.join(root, 'kernel/sched'), { recursive: true });
  for (let i = 0; i < files; i++)
    fs.writeFileSync(path.join(root, 'kernel/sched', `f${i}.c`), `int f${i}(void) { return ${i}; }\n`);
  fs.writeFileSync(path.join(root, 'Makefile'), 'all:\n');
  return root;
}

describe('listFiles when ignore rules hide the tree', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
  });

  it('names the .gitignore, line and rule that hide every file, and says what to do', async () => {
    const root = packagedTree(12);
    roots.push(root);
    const list = await new NodeWorkspace({ roots: root, ripgrep: false }).listFiles();
    expect(list.total).toBe(0);
    // The .gitignore hides itself too: 12 sources, the Makefile and the .gitignore.
    expect(list.hidden).toMatchObject({
      hiddenFiles: 14,
      partial: false,
      rules: [{ file: '.gitignore', line: 3, pattern: '/*', hiddenFiles: 14 }],
    });
    expect(list.hidden?.message).toMatch(
      /^All 14 files are hidden by the rule `\/\*` in \.gitignore:3\. .*remove or narrow that rule/,
    );
  });

  it('explains a nearly empty listing, counting only files the glob matches', async () => {
    const root = packagedTree(30);
    roots.push(root);
    fs.mkdirSync(path.join(root, 'debian'));
    fs.writeFileSync(path.join(root, 'debian/rules.c'), 'int rules;\n');
    const list = await new NodeWorkspace({ roots: root, ripgrep: false }).listFiles('*.c');
    expect(list.files).toEqual(['debian/rules.c']);
    expect(list.hidden?.hiddenFiles).toBe(30);
    expect(list.hidden?.message).toMatch(/^30 of 31 files are hidden by the rule `\/\*` in \.gitignore:3/);
  });

  it('says nothing when ignore rules hide only build output', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-hidden-'));
    roots.push(root);
    fs.writeFileSync(path.join(root, '.gitignore'), 'build/\n');
    fs.mkdirSync(path.join(root, 'build'));
    fs.writeFileSync(path.join(root, 'build/out.js'), '1');
    fs.writeFileSync(path.join(root, 'main.c'), 'int main(void) { return 0; }\n');
    fs.writeFileSync(path.join(root, 'util.c'), 'int util(void) { return 0; }\n');
    const list = await new NodeWorkspace({ roots: root, ripgrep: false }).listFiles();
    expect(list.total).toBe(3);
    expect(list.hidden).toBeUndefined();
  });
});
