import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { PathOutsideWorkspaceError } from '../../../src/core/workspace/errors/pathOutsideWorkspaceError';
import { comparePaths } from '../../../src/core/workspace/files/comparePaths';
import { compileGlobArgument } from '../../../src/core/workspace/files/globArgument';
import { GitignoreRules } from '../../../src/core/workspace/files/gitignoreRules';
import { PathFilter } from '../../../src/core/workspace/files/pathFilter';
import { resolveWorkspacePath } from '../../../src/core/workspace/files/resolveWorkspacePath';
import { defaultSecretFileGlobs } from '../../../src/core/workspace/limits';

const one = [{ name: 'app', fsPath: '/work/app' }];
const two = [
  { name: 'app', fsPath: '/work/app' },
  { name: 'lib', fsPath: '/work/lib' },
];

describe('resolveWorkspacePath', () => {
  it('resolves relative paths, normalising "." and ".." that stay inside', () => {
    expect(resolveWorkspacePath(one, 'src/../src/./a.ts')).toMatchObject({
      relativePath: 'src/a.ts',
      displayPath: 'src/a.ts',
      absolutePath: nodePath.join('/work/app', 'src', 'a.ts'),
    });
    expect(resolveWorkspacePath(one, 'src\\win\\path.ts').relativePath).toBe('src/win/path.ts');
    expect(resolveWorkspacePath(one, '.').displayPath).toBe('.');
  });

  it('refuses a path longer than any file system allows with a short error, however long it is', () => {
    const huge = 'a/'.repeat(8e6);
    expect(() => resolveWorkspacePath(one, huge)).toThrow(/a path of 16000000 characters/);
    let message = '';
    try {
      resolveWorkspacePath(one, huge);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.length).toBeLessThan(400);
    expect(resolveWorkspacePath(one, 'd/'.repeat(1000) + 'f.ts').relativePath).toBe('d/'.repeat(1000) + 'f.ts');
  });

  it('accepts absolute paths inside a root and refuses the rest', () => {
    expect(resolveWorkspacePath(two, '/work/lib/x/y.ts')).toMatchObject({ rootIndex: 1, displayPath: 'lib/x/y.ts' });
    const refusals: [string, PathOutsideWorkspaceError['reason']][] = [
      ['../etc/passwd', 'parent-segments'],
      ['src/../../x', 'parent-segments'],
      ['/etc/passwd', 'absolute'],
      ['/work/application/x', 'absolute'],
    ];
    for (const [input, reason] of refusals) {
      expect(() => resolveWorkspacePath(one, input), input).toThrow(PathOutsideWorkspaceError);
      try {
        resolveWorkspacePath(one, input);
      } catch (error) {
        expect((error as PathOutsideWorkspaceError).reason).toBe(reason);
      }
    }
  });

  it('in multi-root, needs the root name first and prefixes it', () => {
    expect(resolveWorkspacePath(two, 'lib/src/a.ts')).toMatchObject({
      rootIndex: 1,
      relativePath: 'src/a.ts',
      displayPath: 'lib/src/a.ts',
    });
    expect(() => resolveWorkspacePath(two, 'src/a.ts')).toThrow(/start the path with one of their names \(app, lib\)/);
    expect(() => resolveWorkspacePath(two, 'app/../lib/a.ts')).toThrow(PathOutsideWorkspaceError);
  });
});

describe('comparePaths', () => {
  it('sorts a folder where its name sorts, in code point order, as ripgrep --sort path walks', () => {
    const paths = ['a.ts', 'a/x', 'Z', 'a-b', 'é', '𝒳', 'ｂ', 'b/c/d', 'b/c.ts'];
    expect([...paths].sort(comparePaths)).toEqual(['Z', 'a/x', 'a-b', 'a.ts', 'b/c/d', 'b/c.ts', 'é', 'ｂ', '𝒳']);
  });
});

describe('GitignoreRules', () => {
  it('lets a deeper .gitignore override a shallower one, last rule winning within a file', () => {
    const rules = new GitignoreRules();
    rules.add('', '*.log\nbuild/\n/top.txt\n');
    rules.add('pkg', '!keep.log\n*.txt\n!b.txt\n');
    expect(rules.isIgnored('x.log', false)).toBe(true);
    expect(rules.isIgnored('pkg/keep.log', false)).toBe(false);
    expect(rules.isIgnored('pkg/other.log', false)).toBe(true);
    expect(rules.isIgnored('pkg/build', true)).toBe(true);
    expect(rules.isIgnored('pkg/build', false)).toBe(false);
    expect(rules.isIgnored('top.txt', false)).toBe(true);
    expect(rules.isIgnored('sub/top.txt', false)).toBe(false);
    expect(rules.isIgnored('pkg/a.txt', false)).toBe(true);
    expect(rules.isIgnored('pkg/b.txt', false)).toBe(false);
    expect(rules.isIgnored('X.LOG', false)).toBe(false);
  });
});

describe('PathFilter', () => {
  const filter = new PathFilter({
    secretFileGlobs: defaultSecretFileGlobs,
    excludeGlobs: ['generated/**', '*.min.js'],
  });

  it('finds secret files by name at any depth, case-insensitively, and under secret folders', () => {
    expect(filter.secretGlobFor('.env')).toBe('.env*');
    expect(filter.secretGlobFor('deploy/.env.production')).toBe('.env*');
    expect(filter.secretGlobFor('certs/SERVER.PEM')).toBe('*.pem');
    expect(filter.secretGlobFor('keys/id_rsa.pub')).toBe('id_rsa*');
    // The folder is found first: everything under .ssh is secret, whatever its name.
    expect(filter.secretGlobFor('home/.ssh/id_rsa.pub')).toBe('**/.ssh/**');
    expect(filter.secretGlobFor('home/.SSH/deploy_github')).toBe('**/.ssh/**');
    expect(filter.secretGlobFor('home/.config/gh/hosts.yml')).toBe('**/.config/gh/**');
    expect(filter.secretGlobFor('credentials/aws.txt')).toBe('credentials');
    expect(filter.secretGlobFor('src/environment.ts')).toBeUndefined();
    expect(filter.secretGlobFor('src/keyboard.ts')).toBeUndefined();
  });

  it('excludes default names, extra globs, and their folders', () => {
    expect(filter.allowsFile('src/app.ts')).toBe(true);
    expect(filter.allowsFile('node_modules/x/index.js')).toBe(false);
    expect(filter.allowsFile('packages/a/dist/index.js')).toBe(false);
    expect(filter.allowsFile('generated/api.ts')).toBe(false);
    expect(filter.allowsFile('src/generated/api.ts')).toBe(true);
    expect(filter.allowsFile('web/app.min.js')).toBe(false);
    expect(filter.ripgrepArgs()).toEqual(
      expect.arrayContaining(['--glob', '!node_modules', '--glob', '!*.min.js', '--iglob', '!.env*']),
    );
    expect(filter.ripgrepArgs()).not.toContain('!generated/**');
  });
});

describe('compileGlobArgument', () => {
  it('matches basenames for globs without a slash, and folders given as plain paths', () => {
    const ts = compileGlobArgument('*.ts');
    expect(ts?.matches('deep/down/x.ts', 'deep/down/x.ts')).toBe(true);
    expect(ts?.ripgrepBasenameGlob).toBe('*.ts');
    const folder = compileGlobArgument('src/core/');
    expect(folder?.matches('src/core/a/b.ts', 'src/core/a/b.ts')).toBe(true);
    expect(folder?.matches('src/corex/b.ts', 'src/corex/b.ts')).toBe(false);
    expect(folder?.ripgrepBasenameGlob).toBeUndefined();
    expect(compileGlobArgument('lib/**')?.matches('src/a.ts', 'lib/src/a.ts')).toBe(true);
    expect(compileGlobArgument('**')).toBeUndefined();
  });
});
