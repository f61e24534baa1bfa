// The rules the VS Code adapter passes (its editor excludes) on the core walk give the results the integration
// tier asserts for the extension (test/integration/suite/workspace.test.ts), with either search engine.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withEditorExcludes } from '../../../src/core/workspace/editorExcludes';
import { findRipgrepOnPath } from '../../../src/core/workspace/grep/findRipgrep';
import { NodeWorkspace } from '../../../src/core/workspace/nodeWorkspace';
import {
  collectAgreementResults,
  expectedAgreement,
  folderEditorExcludes,
  writeAgreementFixture,
} from '../../fixtures/workspace/agreementFixture';

const integrationFolder = nodePath.resolve('test', 'fixtures', 'integration-workspace');

describe('one set of workspace rules for the CLI and the editor', () => {
  let base: string;
  let root: string;
  let remove: () => void;
  let ripgrepPath: string;

  beforeAll(async () => {
    base = mkdtempSync(nodePath.join(tmpdir(), 'rlm-agreement-'));
    root = nodePath.join(base, 'project');
    mkdirSync(root);
    remove = writeAgreementFixture(root, nodePath.join(base, 'outside'));
    const found = await findRipgrepOnPath();
    if (found === undefined) throw new Error('These tests need ripgrep on PATH (Debian: apt-get install ripgrep).');
    ripgrepPath = found;
  });
  afterAll(() => {
    remove();
    rmSync(base, { recursive: true, force: true });
  });

  const editorWorkspace = (ripgrep: string | false): NodeWorkspace =>
    new NodeWorkspace({
      roots: root,
      limits: withEditorExcludes({}, folderEditorExcludes(integrationFolder)),
      ripgrep,
    });

  it('reads the integration fixture folder settings the adapter passes on', () => {
    expect(folderEditorExcludes(integrationFolder)).toEqual(['**/*.snapshot', '**/vendor']);
  });

  it('lists, greps with ripgrep, reads and locates as the extension does', async () => {
    const workspace = editorWorkspace(ripgrepPath);
    expect((await workspace.grep('agreement-needle')).engine).toBe('ripgrep');
    expect(await collectAgreementResults(workspace, root)).toEqual(expectedAgreement);
  });

  it('gives the same with the JavaScript search engine', async () => {
    const workspace = editorWorkspace(false);
    expect((await workspace.grep('agreement-needle')).engine).toBe('js');
    expect(await collectAgreementResults(workspace, root)).toEqual(expectedAgreement);
  });

  it('without the editor excludes, lists and searches the snapshot and the vendored file', async () => {
    const results = await collectAgreementResults(new NodeWorkspace({ roots: root, ripgrep: false }), root);
    expect(results.listed).toEqual(
      [...expectedAgreement.listed, 'agreement/old.snapshot', 'agreement/vendor/lib.js'].sort(),
    );
    expect(results.grep).toEqual([
      ...expectedAgreement.grep.slice(0, 2),
      'agreement/old.snapshot:1:1: agreement-needle in a snapshot',
      'agreement/vendor/lib.js:1:4: // agreement-needle vendored',
    ]);
  });
});

describe('withEditorExcludes', () => {
  it('adds the editor globs to the rlm excludes once each, and leaves out a glob over the bounds with a warning', () => {
    const warnings: string[] = [];
    const overBound = '{a,b}'.repeat(8);
    const limits = withEditorExcludes(
      { excludeGlobs: ['tmp/**'], maxListedFiles: 5 },
      ['**/vendor', 'tmp/**', overBound],
      (m) => warnings.push(m),
    );
    expect(limits).toEqual({ excludeGlobs: ['tmp/**', '**/vendor'], maxListedFiles: 5 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/editor exclude glob left out: .*braces expand to more than 100 patterns/);
    expect(warnings[0]).toContain(overBound);
  });
});
