import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitignoreRules } from '../../../src/core/workspace/files/gitignoreRules';
import { gitignoreRuleProblem } from '../../../src/core/workspace/files/gitignoreRuleBounds';
import { NodeWorkspace } from '../../../src/core/workspace/nodeWorkspace';

// A repository's .gitignore is input like any other: a rule the `ignore` package would match by backtracking for
// minutes on one long name (`*a*a*a*a*a*a*b` against 120 a's) is left out and reported. On the old code these
// listings hang the test until vitest's timeout.
const pathological = '*a*a*a*a*a*a*b';
const longName = 'a'.repeat(120);

describe('.gitignore rules over the glob bounds', () => {
  let root: string;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-gitignore-bounds-'));
    const write = (file: string, content = ''): void => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), content);
    };
    write('.gitignore', `*.log\n${pathological}\n# ${'x'.repeat(400)}\nbuild/\nt*e*s*t\n\\*\\*\\*\\*.txt\n`);
    write(longName, `${longName}\n`);
    write('aaaaaab', 'hidden by git, listed here\n');
    write('debug.log');
    write('build/out.js');
    write('tempest');
    write('****.txt');
    write('src/app.ts', 'export {};\n');
    write('sub/.gitignore', `!keep.tmp\n${'x'.repeat(301)}\n`);
    write('sub/data.bin');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('lists with the other rules applied and reports the rule left out, naming the file, line and rule', async () => {
    const list = await new NodeWorkspace({ roots: root, ripgrep: false }).listFiles();
    expect(list.files).toEqual(['.gitignore', longName, 'aaaaaab', 'src/app.ts', 'sub/.gitignore', 'sub/data.bin']);
    expect(list.skippedIgnoreRules).toMatchObject({
      count: 2,
      rules: [
        { file: '.gitignore', line: 2, pattern: pathological, reason: expect.stringMatching(/7 '\*' wildcards/) },
        { file: 'sub/.gitignore', line: 2, pattern: `${'x'.repeat(80)}…`, reason: expect.stringMatching(/301 char/) },
      ],
    });
    expect(list.skippedIgnoreRules?.message).toMatch(
      /^2 \.gitignore rules were not applied.*`\*a\*a\*a\*a\*a\*a\*b` in \.gitignore:2 .*sub\/\.gitignore:2/,
    );
  });

  it('says nothing when every rule is applied', async () => {
    const clean = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-gitignore-bounds-'));
    try {
      fs.writeFileSync(path.join(clean, '.gitignore'), '*.log\n');
      fs.writeFileSync(path.join(clean, 'a.ts'), '');
      const list = await new NodeWorkspace({ roots: clean, ripgrep: false }).listFiles();
      expect(list).toEqual({ files: ['.gitignore', 'a.ts'], total: 2, omitted: 0 });
    } finally {
      fs.rmSync(clean, { recursive: true, force: true });
    }
  });

  it('searches past the rule with the JavaScript engine too', async () => {
    const result = await new NodeWorkspace({ roots: root, ripgrep: false }).grep('^a+$');
    expect(result.matches.map((match) => match.file)).toEqual([longName]);
  });

  it('leaves the rule out when one path is decided alone', () => {
    const rules = new GitignoreRules();
    rules.add('', `${pathological}\n*.log\n`);
    expect(rules.ruleIgnoring(longName, false)).toBeUndefined();
    expect(rules.ruleIgnoring('aaaaaab', false), 'a name the rule would match').toBeUndefined();
    expect(rules.ruleIgnoring(`${longName}.log`, false)).toEqual({ folder: '', line: 2, pattern: '*.log' });
  });
});

describe('gitignoreRuleProblem', () => {
  it('passes the rules real repositories write', () => {
    for (const rule of ['*.o', '/build/', '!/debian/', '**/node_modules/**', 'a/**/b', '*.py[cod]', 't*e*s*t', '']) {
      expect(gitignoreRuleProblem(rule), rule).toBeUndefined();
    }
    expect(gitignoreRuleProblem(`# ${'*a'.repeat(300)}`), 'a comment').toBeUndefined();
    expect(gitignoreRuleProblem('\\*\\*\\*\\*\\*'), 'escaped stars are literal').toBeUndefined();
  });

  it('names what is over which bound', () => {
    expect(gitignoreRuleProblem('*a*a*a*b')).toMatch(/4 '\*' wildcards; at most 3/);
    expect(gitignoreRuleProblem('!*a*a*a*b'), 'a negation too').toMatch(/4 '\*' wildcards/);
    expect(gitignoreRuleProblem('src/*a*b*c*d/x')).toMatch(/a path segment has 4/);
    expect(gitignoreRuleProblem('a/**/b/**/c/**/d/**/e/**/f')).toMatch(/5 "\*\*" segments; at most 4/);
    expect(gitignoreRuleProblem(`/${'x'.repeat(300)}`)).toMatch(/301 characters long; at most 300/);
  });
});
