// Installs code-server (VS Code 1.100.3 for the browser) into .cache/code-server without its postinstall,
// doing by hand what that script does, since it refuses root and downloads rg. Idempotent: a marker makes reruns instant.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runCommand } from './lib/processes.mjs';
import { assertSystemPackages, commandPath } from './lib/systemPackages.mjs';

export const codeServerVersion = '4.100.3';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const defaultCacheDir = path.join(repoRoot, '.cache', 'code-server');

/** Native modules of VS Code's server that the postinstall rebuilds. */
const vscodeNativeModules = [
  'kerberos',
  'node-pty',
  '@parcel/watcher',
  '@vscode/spdlog',
  'native-watchdog',
  '@vscode/deviceid',
];

/** Where the parts of an installed code-server are. */
export function codeServerLayout(cacheDir = defaultCacheDir) {
  const packageDir = path.join(cacheDir, 'node_modules', 'code-server');
  const vscodeDir = path.join(packageDir, 'lib', 'vscode');
  return {
    cacheDir,
    packageDir,
    vscodeDir,
    /** VS Code's own server: used with the extension-tests payload. */
    serverMain: path.join(vscodeDir, 'out', 'server-main.js'),
    /** code-server's CLI (`--install-extension`, `--auth none`, ...): run with node. */
    cliEntry: path.join(packageDir, 'out', 'node', 'entry.js'),
    marker: path.join(cacheDir, `.installed-${codeServerVersion}.json`),
  };
}

/**
 * Makes sure code-server is installed and usable; returns its layout.
 * `log` receives one line per step.
 */
export async function ensureCodeServer({ cacheDir = defaultCacheDir, log = (line) => console.log(line) } = {}) {
  const layout = codeServerLayout(cacheDir);
  if (fs.existsSync(layout.marker) && fs.existsSync(layout.serverMain) && fs.existsSync(layout.cliEntry)) return layout;

  assertSystemPackages(['ripgrep', 'libkrb5-dev', 'g++', 'make', 'python3']);
  const started = Date.now();
  const env = npmEnvironment();
  const steps = 5;
  let stepNumber = 0;
  log(
    `code-server: installing the browser VS Code (code-server ${codeServerVersion}) into ${cacheDir}, once: ${steps} steps, about 3-4 minutes on 2 cores`,
  );
  const step = async (title, command, args, cwd) => {
    const t0 = Date.now();
    const label = `[${++stepNumber}/${steps}] ${title}`;
    log(`code-server: ${label}`);
    // npm says nothing while it works: a line every 15 s shows the install is alive.
    const ticker = setInterval(
      () => log(`code-server: ${label}: still working (${((Date.now() - t0) / 1000).toFixed(0)} s)`),
      15_000,
    );
    try {
      await runCommand(command, args, {
        cwd,
        env,
        capture: true,
        hint: `Installing code-server ${codeServerVersion} into ${cacheDir} failed at "${title}". Delete that folder and run again; the output of the step follows.`,
      });
    } finally {
      clearInterval(ticker);
    }
    log(`code-server: ${label} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  };

  fs.mkdirSync(cacheDir, { recursive: true });
  const manifest = path.join(cacheDir, 'package.json');
  if (!fs.existsSync(manifest)) {
    fs.writeFileSync(manifest, `${JSON.stringify({ name: 'rlm-code-server-cache', private: true }, null, 2)}\n`);
  }
  const npmInstall = ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier'];
  await step(
    `npm install code-server@${codeServerVersion}`,
    'npm',
    [...npmInstall, `code-server@${codeServerVersion}`],
    cacheDir,
  );
  await step("install VS Code's server dependencies", 'npm', [...npmInstall, '--omit=dev'], layout.vscodeDir);
  await step(
    'rebuild native modules',
    'npm',
    ['rebuild', '--ignore-scripts=false', '--foreground-scripts', ...vscodeNativeModules],
    layout.vscodeDir,
  );
  installRipgrep(layout.vscodeDir);
  const asarLink = path.join(layout.vscodeDir, 'node_modules.asar');
  if (!fs.existsSync(asarLink)) fs.symlinkSync('node_modules', asarLink);
  await step(
    "install built-in extensions' dependencies",
    'npm',
    [...npmInstall, '--omit=dev'],
    path.join(layout.vscodeDir, 'extensions'),
  );
  await step('rebuild argon2', 'npm', ['rebuild', '--ignore-scripts=false', 'argon2'], cacheDir);

  fs.writeFileSync(
    layout.marker,
    `${JSON.stringify({ version: codeServerVersion, installedAt: new Date().toISOString() }, null, 2)}\n`,
  );
  log(`code-server: ${codeServerVersion} ready in ${cacheDir} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  return layout;
}

/** `@vscode/ripgrep` downloads rg from GitHub in its postinstall; Debian's rg stands in for it. */
function installRipgrep(vscodeDir) {
  const rg = commandPath('rg');
  const target = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(fs.realpathSync(rg), target);
  fs.chmodSync(target, 0o755);
}

/**
 * The environment for nested npm runs. Under `npm test`, npm exports its settings as npm_config_*: our project's
 * `ignore-scripts=true` would turn the rebuilds into no-ops, `yes=false` would stop node-pty's `npx node-gyp`, and
 * `local_prefix` would point the installs at this repository. Each nested npm reads its config files itself.
 */
function npmEnvironment() {
  const inherited = Object.entries(process.env).filter(([key]) => !/^npm_(config|package|lifecycle)_/i.test(key));
  const env = { ...Object.fromEntries(inherited), npm_config_yes: 'true' };
  for (const key of ['npm_config_nodedir', 'npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']) {
    if (process.env[key]) env[key] = process.env[key];
  }
  // node-gyp would download Node's headers; use the ones installed next to this node when there are some.
  const nodePrefix = path.resolve(path.dirname(process.execPath), '..');
  if (!env.npm_config_nodedir && fs.existsSync(path.join(nodePrefix, 'include', 'node', 'common.gypi'))) {
    env.npm_config_nodedir = nodePrefix;
  }
  return env;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  ensureCodeServer()
    .then((layout) => console.log(`code-server ${codeServerVersion}: ${layout.packageDir}`))
    .catch((error) => {
      console.error(error.message);
      process.exit(1);
    });
}
