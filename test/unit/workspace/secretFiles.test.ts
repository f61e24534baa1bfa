import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packWorkspace } from '../../../src/core/eval/directContext';
import { SecretFileError } from '../../../src/core/workspace/errors/index';
import { comparePaths } from '../../../src/core/workspace/files/comparePaths';
import { findRipgrepOnPath } from '../../../src/core/workspace/grep/findRipgrep';
import { defaultSecretFileGlobs } from '../../../src/core/workspace/limits';
import { NodeWorkspace } from '../../../src/core/workspace/nodeWorkspace';
import { findPrivateKey } from '../../../src/core/workspace/text/findPrivateKey';

// Key headers are assembled at run time, so this file does not hold one and stays readable when the project explores itself.
const pemHeader = (kind: string): string => ['-----BEGIN', `${kind}PRIVATE KEY-----`].join(' ');
const puttyHeader = ['PuTTY', 'User', 'Key', 'File', '3: ssh-ed25519'].join('-');

/** Secret files seen in cloned repositories under names the first secret list did not know. */
const secretsByName: Record<string, string> = {
  '.ssh/deploy_github': 'deploy key\n',
  'deploy/production.env': 'DB_PASSWORD=token\n',
  'config/.ENV.LOCAL': 'API_KEY=token\n',
  'keys/ID_RSA': 'token\n',
  'server.key.bak': 'key backup\n',
  'key.ppk': 'putty key\n',
  '.kube/config': 'token: kube-token\n',
  '.docker/config.json': '{"auths": {"ghcr.io": {"auth": "token"}}}\n',
  '.config/gh/hosts.yml': 'github.com:\n  oauth_token: token\n',
  '.yarnrc.yml': 'npmAuthToken: token\n',
  '.pgpass': 'db:5432:app:app:token\n',
  '.htpasswd': 'admin:$apr1$token\n',
  'infra/terraform.tfstate': '{"password": "token"}\n',
  'infra/terraform.tfstate.backup': '{"password": "token"}\n',
  '.git-credentials.bak': 'https://user:token@example.com\n',
  '.bash_history': 'export TOKEN=token\n',
  '.aws/config': '[default]\nregion = token\n',
  '.gnupg/private-keys-v1.d/key': 'token\n',
  'android/release.keystore': 'token\n',
};

/** Files with key content under ordinary names: refused by what they hold. */
const secretsByContent: Record<string, string> = {
  'gcp-sa.json': `{"type": "service_account", "private_key": "${pemHeader('')}\\nMIIEvQ\\n-----END PRIVATE KEY-----\\n", "token": 1}\n`,
  'notes/deploy.txt': `token below\n${pemHeader('OPENSSH ')}\nb3BlbnNzaC1rZXk\n`,
  'notes/legacy.txt': `${pemHeader('RSA ')}\nMIIEpA token\n`,
  'notes/putty.txt': `${puttyHeader}\nEncryption: none\ntoken\n`,
};

/** Near misses that stay readable: names that only resemble secret ones, and text about keys without one. */
const ordinary: Record<string, string> = {
  'src/keys.ts': 'export const token = 1;\n',
  'src/order_history/models.py': 'token = 1\n',
  'src/history.ts': 'export const token = 1;\n',
  'src/env.ts': 'export const token = process.env.TOKEN;\n',
  'types/process.env.d.ts': 'declare const token: string;\n',
  'docker-compose.yml': 'token: 1\n',
  '.config/other/settings.json': '{"token": 1}\n',
  'src/ssh/client.ts': 'export const token = "-----BEGIN PUBLIC KEY-----";\n',
  'docs/keys.md': 'A token file starts with a BEGIN line naming a PRIVATE KEY.\n',
};

describe('secret files', () => {
  let root: string;
  let engines: [string, NodeWorkspace][];

  beforeAll(async () => {
    root = mkdtempSync(nodePath.join(tmpdir(), 'rlm-secrets-'));
    for (const [path, content] of Object.entries({ ...secretsByName, ...secretsByContent, ...ordinary })) {
      mkdirSync(nodePath.dirname(nodePath.join(root, path)), { recursive: true });
      writeFileSync(nodePath.join(root, path), content);
    }
    const ripgrep = await findRipgrepOnPath();
    if (ripgrep === undefined) throw new Error('These tests need ripgrep on PATH (Debian: apt-get install ripgrep).');
    engines = [
      ['ripgrep', new NodeWorkspace({ roots: root, ripgrep })],
      ['js', new NodeWorkspace({ roots: root, ripgrep: false })],
    ];
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('declares the same default list in package.json as the core uses', () => {
    const manifest = JSON.parse(readFileSync(nodePath.join(__dirname, '../../../package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
    };
    const declared = manifest.contributes.configuration.properties['rlm.workspace.secretFileGlobs']?.default;
    expect(declared).toEqual([...defaultSecretFileGlobs]);
  });

  it('lists none of the secret files and every ordinary one', async () => {
    const [, workspace] = engines[0] as [string, NodeWorkspace];
    const { files } = await workspace.listFiles();
    expect(files).toEqual([...Object.keys(secretsByContent), ...Object.keys(ordinary)].sort(comparePaths));
  });

  it('refuses to read a secret file by name, naming the glob it matches', async () => {
    const [, workspace] = engines[0] as [string, NodeWorkspace];
    for (const path of Object.keys(secretsByName)) {
      const error = await workspace.readFile(path).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error, path).toBeInstanceOf(SecretFileError);
      expect((error as SecretFileError).glob, path).toBeDefined();
      expect((error as Error).message, path).toMatch(/looks like a secret file \(matches "/);
    }
    await expect(workspace.readFile('.ssh/deploy_github')).rejects.toThrow(/matches "\*\*\/\.ssh\/\*\*"/);
    await expect(workspace.readFile('server.key.bak')).rejects.toThrow(/matches "\*\.key\.\*"/);
  });

  it('refuses to read a file holding a private key, whichever lines are asked for', async () => {
    const [, workspace] = engines[0] as [string, NodeWorkspace];
    for (const path of Object.keys(secretsByContent)) {
      const error = await workspace.readFile(path, { startLine: 1, endLine: 1 }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error, path).toBeInstanceOf(SecretFileError);
      expect((error as SecretFileError).code, path).toBe('secret-file');
      expect((error as Error).message, path).toMatch(/refused, it holds a private key/);
      expect((error as Error).message, path).not.toMatch(/MIIE|b3BlbnNzaC1rZXk|token/);
    }
    const error = (await workspace.readFile('gcp-sa.json').catch((caught: unknown) => caught)) as SecretFileError;
    expect(error.privateKey).toBe(pemHeader(''));
  });

  it('reads the ordinary files', async () => {
    const [, workspace] = engines[0] as [string, NodeWorkspace];
    for (const path of Object.keys(ordinary)) expect((await workspace.readFile(path)).totalLines, path).toBe(1);
  });

  it('searches no secret file with either engine, and reports key-holding files as skipped', async () => {
    for (const [engine, workspace] of engines) {
      const result = await workspace.grep('token');
      expect(result.engine, engine).toBe(engine);
      expect([...new Set(result.matches.map((match) => match.file))], engine).toEqual(
        Object.keys(ordinary).sort(comparePaths),
      );
      const keyHolders = result.skipped.filter((file) => file.reason === 'private-key').map((file) => file.file);
      expect(keyHolders.sort(), engine).toEqual(Object.keys(secretsByContent).sort());
    }
  });

  it("leaves key-holding files out of the eval's direct baseline, which pastes whole files", async () => {
    const [, workspace] = engines[0] as [string, NodeWorkspace];
    const packed = await packWorkspace(workspace, {
      contextWindow: 1_000_000,
      maxTokensPerCall: 1_000,
      reservedTokens: 0,
    });
    for (const path of Object.keys(ordinary)) expect(packed.text).toContain(`=== ${path} ===`);
    for (const path of Object.keys(secretsByContent)) expect(packed.text).not.toContain(`=== ${path} ===`);
    expect(packed.text).not.toMatch(/MIIE|b3BlbnNzaC1rZXk|Encryption: none/);
  });

  it('keeps a key out of a search even when ripgrep stops early in a file with many matches', async () => {
    const many = `${'token\n'.repeat(50)}${pemHeader('EC ')}\nMHcCAQ\n`;
    writeFileSync(nodePath.join(root, 'notes/many.txt'), many);
    try {
      for (const [engine, workspace] of engines) {
        const result = await workspace.grep('token', { maxResults: 5, glob: 'notes/many.txt' });
        expect(result.matches, engine).toEqual([]);
        expect(result.skipped, engine).toEqual([{ file: 'notes/many.txt', reason: 'private-key' }]);
      }
    } finally {
      rmSync(nodePath.join(root, 'notes/many.txt'));
    }
  });
});

describe('findPrivateKey', () => {
  it('finds the headers of PEM, OpenSSH, PGP and PuTTY keys', () => {
    for (const kind of ['', 'RSA ', 'EC ', 'DSA ', 'OPENSSH ', 'ENCRYPTED '])
      expect(findPrivateKey(`x\n${pemHeader(kind)}\n`), kind).toBe(pemHeader(kind));
    const pgp = ['-----BEGIN', 'PGP PRIVATE KEY BLOCK-----'].join(' ');
    expect(findPrivateKey(pgp)).toBe(pgp);
    expect(findPrivateKey(`${puttyHeader}\n`)).toBe('PuTTY-User-Key-File-3:');
  });

  it('finds nothing in public keys, certificates or prose about keys', () => {
    for (const text of [
      '-----BEGIN PUBLIC KEY-----',
      '-----BEGIN CERTIFICATE-----',
      'ssh-ed25519 AAAAC3Nz user@host',
      'PRIVATE KEY without a header',
      `-----BEGIN ${'A'.repeat(41)} PRIVATE KEY-----`,
    ])
      expect(findPrivateKey(text), text).toBeUndefined();
  });
});
