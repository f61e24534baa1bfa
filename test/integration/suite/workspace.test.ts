// The workspace adapter inside a real VS Code: editor excludes, .gitignore, secrets, symlinks, path safety, ripgrep.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { comparePaths } from '../../../src/core/workspace/index';
import type { Workspace, WorkspaceError } from '../../../src/core/workspace/index';
import { createVscodeWorkspace } from '../../../src/vscode/vscodeWorkspace';
import {
  agreementNeedle,
  collectAgreementResults,
  expectedAgreement,
  writeAgreementFixture,
} from '../../fixtures/workspace/agreementFixture';

function folderPath(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration tests open a folder');
  return folder.uri.fsPath;
}

async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<WorkspaceError> {
  try {
    await promise;
  } catch (error) {
    assert.equal((error as WorkspaceError).code, code, `expected code ${code}, got: ${(error as Error).message}`);
    return error as WorkspaceError;
  }
  assert.fail(`expected a ${code} error`);
}

describe('VscodeWorkspace', () => {
  let workspace: Workspace;
  const created: string[] = [];
  const log = vscode.window.createOutputChannel('RLM Explorer tests', { log: true });

  before(() => {
    const root = folderPath();
    // Made at run time: the fixture's .gitignore keeps generated/ out of the repository too.
    fs.mkdirSync(path.join(root, 'generated'), { recursive: true });
    fs.writeFileSync(path.join(root, 'generated', 'output.ts'), 'export const built = "needle-in-the-haystack";\n');
    // Inside generated/ so that a run killed before its clean-up leaves nothing git would pick up.
    fs.symlinkSync('/etc/hostname', path.join(root, 'generated', 'escape-link'));
    created.push(path.join(root, 'generated'));
    const current = createVscodeWorkspace(log);
    assert.ok(current);
    workspace = current;
  });

  after(() => {
    for (const file of created) fs.rmSync(file, { recursive: true, force: true });
    log.dispose();
  });

  it('has one root named after the folder, so paths carry no prefix', () => {
    assert.equal(workspace.roots.length, 1);
    assert.equal(workspace.roots[0]?.name, path.basename(folderPath()));
  });

  it('lists files sorted, leaving out .gitignore, files.exclude, search.exclude and secret files', async () => {
    const listing = await workspace.listFiles();
    assert.ok(listing.files.includes('src/greeting.ts'));
    assert.ok(listing.files.includes('src/util/shout.ts'));
    for (const hidden of ['.env', 'generated/output.ts', 'old.snapshot', 'vendor/lib.js']) {
      assert.ok(!listing.files.includes(hidden), `${hidden} must not be listed`);
    }
    assert.deepEqual(listing.files, [...listing.files].sort(comparePaths));
    assert.equal(listing.omitted, 0);
    assert.equal(listing.total, listing.files.length);
  });

  it('filters by glob and caps with a count of the rest', async () => {
    const typescript = await workspace.listFiles('*.ts');
    assert.deepEqual(typescript.files, ['src/greeting.ts', 'src/util/shout.ts']);
    const capped = await workspace.listFiles(undefined, { maxResults: 2 });
    assert.equal(capped.files.length, 2);
    assert.equal(capped.omitted, capped.total - 2);
    assert.ok(capped.omitted > 0);
  });

  it('greps with the ripgrep VS Code ships and finds only what the listing shows', async () => {
    const result = await workspace.grep('needle-in-the-HAYSTACK');
    assert.equal(result.engine, 'ripgrep');
    assert.deepEqual(
      result.matches.map((m) => `${m.file}:${m.line}:${m.column}`),
      ['src/greeting.ts:9:31'],
    );
    assert.equal(result.matches[0]?.text, "export const fixtureMarker = 'needle-in-the-haystack';");
  });

  it('greps with context lines and a glob', async () => {
    const result = await workspace.grep('def count_by_category', { glob: 'scripts/**', contextLines: 1 });
    assert.equal(result.matches.length, 1);
    const match = result.matches[0];
    assert.equal(match?.file, 'scripts/inventory.py');
    assert.equal(match?.line, 6);
    assert.deepEqual(match?.after, ['    """Returns a Counter of item categories."""']);
  });

  it('reads numbered line ranges', async () => {
    const read = await workspace.readFile('src/util/shout.ts', { startLine: 2, endLine: 3 });
    assert.equal(read.totalLines, 4);
    assert.equal(
      read.text,
      '2| export function shout(message: string): string {\n3|   return `${message.toUpperCase()}!!`;',
    );
  });

  it('refuses paths that leave the workspace, secrets, folders and missing files with typed errors', async () => {
    await rejectsWithCode(workspace.readFile('../outside.txt'), 'path-outside-workspace');
    await rejectsWithCode(workspace.readFile('/etc/passwd'), 'path-outside-workspace');
    await rejectsWithCode(workspace.readFile('generated/escape-link'), 'path-outside-workspace');
    await rejectsWithCode(workspace.readFile('.env'), 'secret-file');
    await rejectsWithCode(workspace.readFile('src'), 'is-directory');
    // Opening a location (a path from the webview or from model output) goes through the same checks.
    assert.equal(
      (await workspace.locate('src/greeting.ts')).fsPath,
      fs.realpathSync(path.join(folderPath(), 'src', 'greeting.ts')),
    );
    await rejectsWithCode(workspace.locate('../../../etc/hostname'), 'path-outside-workspace');
    await rejectsWithCode(workspace.locate('generated/escape-link'), 'path-outside-workspace');
    await rejectsWithCode(workspace.locate('.env'), 'secret-file');
    const missing = await rejectsWithCode(workspace.readFile('src/nope.ts'), 'file-not-found');
    assert.match(missing.message, /src\/nope\.ts/);
  });
});

// The unit tier asserts the same `expectedAgreement` for the core's NodeWorkspace (test/unit/workspace/adapterAgreement.test.ts).
describe('VscodeWorkspace follows the same rules as the CLI', () => {
  let root: string;
  let remove: (() => void) | undefined;
  const log = vscode.window.createOutputChannel('RLM Explorer agreement tests', { log: true });

  before(() => {
    root = folderPath();
    remove = writeAgreementFixture(root, fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-agreement-outside-')));
  });

  after(() => {
    remove?.();
    log.dispose();
  });

  it('lists, greps, reads and locates symlinks, ignored, excluded, secret, binary, huge and .git files as the core does', async () => {
    const workspace = createVscodeWorkspace(log);
    assert.ok(workspace);
    assert.equal((await workspace.grep(agreementNeedle)).engine, 'ripgrep');
    assert.deepEqual(await collectAgreementResults(workspace, root), expectedAgreement);
  });

  it("never lists a file VS Code's own file search leaves out", async () => {
    const workspace = createVscodeWorkspace(log);
    assert.ok(workspace);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const found = new Set(
      (await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'))).map((uri) =>
        path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/'),
      ),
    );
    assert.ok(found.has('src/greeting.ts'), 'findFiles sees the folder');
    const listed = (await workspace.listFiles()).files;
    assert.ok(listed.includes('agreement/kept.ts'));
    assert.deepEqual(
      listed.filter((file) => !found.has(file)),
      [],
    );
  });
});
