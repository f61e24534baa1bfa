import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ignore from 'ignore';
import type { Ignore } from 'ignore';
import { afterEach, describe, expect, it } from 'vitest';
import { GitignoreRules } from '../../../src/core/workspace/files/gitignoreRules';
import { NodeWorkspace } from '../../../src/core/workspace/nodeWorkspace';

/** `ignore`'s answer for one .gitignore: the reference the indexed rules must give exactly. */
function referenceVerdict(content: string, relativePath: string, isFolder: boolean): Verdict {
  const parser = ignore({ ignorecase: false });
  content.split(/\r?\n/).forEach((pattern, index) => parser.add({ pattern, mark: String(index + 1) }));
  const result = parser.test(isFolder ? `${relativePath}/` : relativePath);
  return result.ignored ? { line: Number(result.rule?.mark), pattern: result.rule?.pattern } : 'kept';
}

type Verdict = 'kept' | { line: number; pattern: string | undefined };

function ourVerdict(rules: GitignoreRules, relativePath: string, isFolder: boolean): Verdict {
  const rule = rules.ruleIgnoring(relativePath, isFolder);
  return rule === undefined ? 'kept' : { line: rule.line, pattern: rule.pattern };
}

/** Every (rules, path, kind) where the indexed rules disagree with `ignore`, in the .gitignore's folder or below one. */
function disagreements(contents: readonly string[], paths: readonly string[]): string[] {
  const found: string[] = [];
  for (const content of contents) {
    for (const folder of ['', 'deep/er']) {
      const rules = new GitignoreRules();
      rules.add(folder, content);
      for (const relativePath of paths) {
        for (const isFolder of [false, true]) {
          const expected = referenceVerdict(content, relativePath, isFolder);
          const actual = ourVerdict(rules, folder === '' ? relativePath : `${folder}/${relativePath}`, isFolder);
          if (JSON.stringify(actual) !== JSON.stringify(expected)) {
            found.push(
              `${JSON.stringify(content)} in '${folder}' on ${relativePath}${isFolder ? '/' : ''}: ` +
                `${JSON.stringify(actual)}, ignore says ${JSON.stringify(expected)}`,
            );
          }
        }
      }
    }
  }
  return found;
}

const tablePaths = [
  'foo',
  'foo.o',
  'a/foo.o',
  'a/b/foo.o',
  '.o',
  'foo.o.cmd',
  'foo.mod.c',
  'foo.c',
  'x.tab.c',
  'x.tab.h',
  'x.tab.o',
  'build',
  'a/build',
  'a/build/x',
  'build/x.c',
  'builds',
  'patches-1',
  'a/patches-x',
  'patches',
  'vmlinux',
  'vmlinux.o',
  'a/vmlinux',
  'include/config',
  'include/config/x.h',
  'a/include/config',
  'arch/x86/include/generated',
  'arch/x86/include/generated/asm.h',
  'keep.o',
  'a/keep.o',
  'docs/keep.md',
  'docs/other.md',
  'docs',
  'notes~',
  'notes~.bak',
  'x_test',
  'x_test.c',
  'a/vdso-image.c',
  'a/vdso32-image.c',
  'vdso-image.c.o',
  '#autosave#',
  '!important',
  '#hash',
  'with space',
  'with space ',
  'ends.d',
  'a/ends.d',
  'Makefile',
  'a+b(c)$^.{x}|y',
  'utils/cpufreq-set.o',
  'a/utils/cpufreq-set.o',
  'x/y/z',
  'é.o',
  'ü/名前.o',
];

describe('GitignoreRules agree with the ignore package rule by rule', () => {
  it('on literal names, *suffix, prefix*, anchored paths, folder-only rules and negations in every order', () => {
    const contents = [
      '*.o',
      '*.o\n!keep.o',
      '!keep.o\n*.o',
      '*.o\nfoo.o\n!foo.o\nfoo.o',
      'foo.o\n*.o',
      'build/',
      'build/\n!build/',
      '/build/',
      '/build',
      'build',
      'build\n!/build',
      '/vmlinux\nvmlinux*\n!a/vmlinux',
      'patches-*\npatches',
      'patches-*/',
      '*.d/',
      '*.d',
      '*~\n\\#*#\n#autosave#',
      '*_test\n*-image.c\n!vdso-image.c',
      '!#hash\n#hash\n!#hash',
      '*.tab.[ch]\n*.o.*\n*.mod.c',
      '*.c\n!*.mod.c',
      '/include/config/\n/arch/*/include/generated/',
      'include/config',
      'utils/cpufreq-set.o',
      'a/utils/cpufreq-set.o',
      '.*\n!.gitignore',
      '\\!important\n\\#hash',
      '!!important',
      'with space\nwith\\ space\\ ',
      'Makefile   ',
      'a+b(c)$^.{x}|y',
      'docs/**\n!docs/keep.md',
      'docs/**/\n**/keep.md',
      '**/build\n!**/build/x.c',
      'a/**/foo.o\n!a/b/foo.o',
      '**\n!*.c',
      '*\n!*/\n!*.c',
      '/*\n!/docs/',
      'x/y\n!x/y/z',
      'fo?\nb[a-z]ild\n*.[!o]',
      '[0-9]*\n*.[ch]',
      'é.o\n名前.o',
      '\ufeff*.o\nfoo\r',
      '# a comment\n\n   \n*.o\n',
    ];
    expect(disagreements(contents, tablePaths)).toEqual([]);
  });

  it('on generated .gitignore files mixing every form (fixed seed)', () => {
    const fragments = [
      '*.o',
      '*.c',
      '*.tab.[ch]',
      '*~',
      'foo',
      'foo.o',
      'build',
      'build/',
      '/build',
      '/build/',
      'a/',
      'a/b',
      '/a/b/',
      'a/**',
      '**/b',
      'a/**/c',
      'patches-*',
      'b*',
      '*b',
      '.*',
      'x?',
      '[ab]*',
      '\\!x',
      'c/',
      '/c',
      '*.d/',
      'b/c.o',
      '/a/*/c',
      'foo ',
      'é*',
      '**',
      '*',
    ];
    const segments = ['a', 'b', 'c', 'foo', 'foo.o', 'x.c', 'b.d', 'build', 'patches-1', '.hid', 'c~', 'x1', '!x', 'é'];
    let seed = 1337;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const contents = Array.from({ length: 150 }, () =>
      Array.from(
        { length: 1 + random(6) },
        () => (random(3) === 0 ? '!' : '') + fragments[random(fragments.length)],
      ).join('\n'),
    );
    const paths = Array.from({ length: 80 }, () =>
      Array.from({ length: 1 + random(3) }, () => segments[random(segments.length)]).join('/'),
    );
    expect(disagreements(contents, paths)).toEqual([]);
  });
});

describe('GitignoreRules across nested .gitignore files', () => {
  // Expectations checked with `git status --ignored` on the same tree.
  const rules = new GitignoreRules();
  rules.add('', '*.log\n!important.log\n/a/b/\nbuild/\ndocs/**\nlogs/\n!logs/keep.txt\nx/y\n');
  rules.add('sub', '!keep.log\n*.log\n!build/\nimportant.log\n');
  rules.add('a', '!b/\n');
  rules.add('docs', '!keep.md\n');
  rules.add('x', '!y/\n');

  it.each([
    ['x.log', true],
    ['important.log', false],
    ['sub/important.log', true],
    ['sub/keep.log', true],
    ['build/o', true],
    ['sub/build/o', false],
    ['docs/keep.md', false],
    ['docs/other.md', true],
    ['logs/keep.txt', true],
    ['a/b/c', false],
    ['x/y/z.txt', false],
    ['x/y.txt', false],
  ])('%s is ignored: %s', (file, ignored) => {
    expect(rules.isIgnored(file, false)).toBe(ignored);
  });
});

describe('listFiles with nested .gitignore files', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root !== undefined) fs.rmSync(root, { recursive: true, force: true });
  });

  it('lists exactly the files the ignore package leaves in, .gitignore by .gitignore', async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-gitignore-'));
    const gitignores: Record<string, string> = {
      '': '*.o\n*.tab.[ch]\n/vmlinux\npatches-*\ngen/\n!keep.o\n/arch/*/include/generated/\nscripts/**/*.s\n',
      arch: '*.lds\n!boot.lds\n',
      'arch/x86': '!*.o\n/tools/\nvdso*.so\n',
      'arch/x86/kernel': '*.S\n!entry.S\n',
      scripts: '/basic/fixdep\n*.py\n',
    };
    const files = [
      'Makefile',
      'vmlinux',
      'arch/vmlinux',
      'init/main.c',
      'init/main.o',
      'init/keep.o',
      'init/parse.tab.c',
      'patches-1/x',
      'gen/a.c',
      'lib/gen/b.c',
      'arch/x86/boot.lds',
      'arch/x86/other.lds',
      'arch/x86/a.o',
      'arch/x86/tools/t.c',
      'arch/x86/sub/tools/t.c',
      'arch/x86/vdso64.so',
      'arch/x86/include/generated/asm.h',
      'arch/x86/include/asm.h',
      'arch/x86/kernel/head.S',
      'arch/x86/kernel/entry.S',
      'arch/x86/kernel/gen/x.c',
      'arch/arm/include/generated/y.h',
      'scripts/basic/fixdep',
      'scripts/basic/fixdep.c',
      'scripts/kconfig/x.py',
      'scripts/kconfig/deep/a.s',
      'scripts/a.s',
      'docs/x.o.txt',
      'docs/.hidden.rst',
    ];
    for (const [folder, content] of Object.entries(gitignores)) {
      fs.mkdirSync(path.join(root, folder), { recursive: true });
      fs.writeFileSync(path.join(root, folder, '.gitignore'), content);
    }
    for (const file of files) {
      fs.mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), '');
    }
    const levels = new Map(Object.entries(gitignores).map(([folder, content]) => [folder, ignore().add(content)]));
    const everyFile = [...files, ...Object.keys(gitignores).map((f) => (f === '' ? '.gitignore' : `${f}/.gitignore`))];
    const expected = everyFile.filter((file) => !referenceIgnored(levels, file)).sort();

    const listed = await new NodeWorkspace({ roots: root, ripgrep: false }).listFiles();
    expect([...listed.files].sort()).toEqual(expected);
    expect(listed.files).toContain('arch/x86/kernel/entry.S');
    expect(listed.files).not.toContain('arch/x86/kernel/head.S');
  });

  it('lists a folder a deeper .gitignore brings back, with its files, as git does', async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-gitignore-'));
    fs.mkdirSync(path.join(root, 'arch/x86/kernel/gen'), { recursive: true });
    fs.mkdirSync(path.join(root, 'gen'));
    fs.writeFileSync(path.join(root, '.gitignore'), 'gen/\n');
    fs.writeFileSync(path.join(root, 'arch/x86/kernel/.gitignore'), '!gen/\n');
    fs.writeFileSync(path.join(root, 'arch/x86/kernel/gen/x.c'), '');
    fs.writeFileSync(path.join(root, 'gen/a.c'), '');
    // `git status --ignored` on this tree: gen/a.c ignored, arch/x86/kernel/gen/x.c untracked.
    const listed = await new NodeWorkspace({ roots: root, ripgrep: false }).listFiles();
    expect(listed.files).toEqual(['.gitignore', 'arch/x86/kernel/.gitignore', 'arch/x86/kernel/gen/x.c']);
  });
});

/**
 * Git's walk with `ignore` as the matcher: a folder that is ignored hides everything below it; otherwise the
 * deepest .gitignore with a matching rule decides. (Exact while no .gitignore brings back a folder that a
 * shallower one ignores: `ignore` alone would still hide that folder's files.)
 */
function referenceIgnored(levels: ReadonlyMap<string, Ignore>, file: string): boolean {
  const segments = file.split('/');
  for (let depth = 1; depth <= segments.length; depth++) {
    const isFolder = depth < segments.length;
    for (let level = depth - 1; level >= 0; level--) {
      const rules = levels.get(segments.slice(0, level).join('/'));
      if (rules === undefined) continue;
      const inner = segments.slice(level, depth).join('/');
      const verdict = rules.test(isFolder ? `${inner}/` : inner);
      if (verdict.ignored) return true;
      if (verdict.unignored) break;
    }
  }
  return false;
}
