// Runs the product: builds, packages, and opens VS Code with the extension on a folder.
// Desktop `code` when it is on PATH; otherwise the browser VS Code from code-server on 127.0.0.1 (URL printed).
// Usage: npm start [-- FOLDER]   (default: the folder npm was started from; PORT=8080 picks the port)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer } from './ensureCodeServer.mjs';
import { packageExtension } from './package.mjs';
import { codeServerDirs, installVsix, prepareCodeServerDirs, startCodeServer } from './lib/codeServer.mjs';
import { freePort, runCommand } from './lib/processes.mjs';
import { commandPath } from './lib/systemPackages.mjs';
import { timedStep } from './lib/timing.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Kept between runs so the browser VS Code remembers its state, like a person's own install.
const stateDir = path.join(repoRoot, '.cache', 'start');

/** The folder to open: the argument, resolved from where the user typed the command (npm runs us in the repo root). */
function targetFolder() {
  const invokedFrom = process.env.INIT_CWD ?? process.cwd();
  const folder = path.resolve(invokedFrom, process.argv[2] ?? '.');
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    throw new Error(`${folder} is not a folder; pass the folder to open: npm start -- path/to/folder`);
  }
  return folder;
}

async function openInDesktop(code, vsixPath, folder) {
  await timedStep('install the extension into VS Code', () =>
    runCommand(code, ['--install-extension', vsixPath, '--force']),
  );
  await runCommand(code, [folder]);
  console.log(`\nOpened ${folder} in VS Code (${code}) with RLM Explorer installed.`);
}

async function openInBrowser(vsixPath, folder) {
  const layout = await timedStep('ensure code-server', () => ensureCodeServer());
  const dirs = codeServerDirs(stateDir);
  prepareCodeServerDirs(dirs, { keepUserSettings: true });
  await timedStep('install the extension into code-server', () => installVsix(layout, dirs, vsixPath));
  const port = process.env.PORT ? Number(process.env.PORT) : await freePort();
  const { server, url } = await timedStep(`start code-server on 127.0.0.1:${port}`, () =>
    startCodeServer(layout, dirs, { port, folder, echo: process.env.RLM_VERBOSE === '1' }),
  );
  console.log(
    `\nRLM Explorer in VS Code for the browser, on ${folder}:\n\n  ${url}?folder=${encodeURIComponent(folder)}\n`,
  );
  console.log(
    'Open that URL in a browser (RLM is in the activity bar; F1 → "RLM: …" runs the commands). Ctrl+C stops it.',
  );
  const exit = await server.exitPromise;
  throw new Error(`code-server stopped by itself (${exit}); run with RLM_VERBOSE=1 to see its output.`);
}

async function main() {
  const folder = targetFolder();
  const { vsixPath } = await packageExtension({ quiet: true });
  const code = commandPath('code');
  if (code) await openInDesktop(code, vsixPath, folder);
  else await openInBrowser(vsixPath, folder);
}

main().catch((error) => {
  console.error(`\nstart: ${error.message}`);
  process.exit(1);
});
