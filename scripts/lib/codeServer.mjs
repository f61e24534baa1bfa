// code-server as a person uses it: a .vsix installed into an extensions folder, the browser VS Code on loopback.
import fs from 'node:fs';
import path from 'node:path';
import { BackgroundProcess, runCommand, waitForHttp } from './processes.mjs';

/** Settings that keep first-run screens, trust prompts and telemetry out of the way. */
const quietWorkbenchSettings = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  // The fixture folder sits inside this repository: no prompt to open the parent git repository.
  'git.openRepositoryInParentFolders': 'never',
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
};

/**
 * Folders one code-server instance keeps its state in. `stateDir` also holds its config file and XDG
 * folders, so nothing is written to the user's ~/.config or ~/.local.
 */
export function codeServerDirs(stateDir) {
  return {
    stateDir,
    extensionsDir: path.join(stateDir, 'extensions'),
    userDataDir: path.join(stateDir, 'user-data'),
    configFile: path.join(stateDir, 'config.yaml'),
  };
}

function codeServerEnv(dirs) {
  return {
    ...process.env,
    XDG_CONFIG_HOME: path.join(dirs.stateDir, 'xdg-config'),
    XDG_DATA_HOME: path.join(dirs.stateDir, 'xdg-data'),
  };
}

function commonArgs(dirs) {
  return ['--config', dirs.configFile, '--extensions-dir', dirs.extensionsDir, '--user-data-dir', dirs.userDataDir];
}

/**
 * Creates the folders, the config file (auth none, no TLS) and User/settings.json with the quiet defaults;
 * `keepUserSettings` leaves an existing settings.json alone (a person's own instance).
 */
export function prepareCodeServerDirs(dirs, { keepUserSettings = false } = {}) {
  for (const dir of [dirs.extensionsDir, path.join(dirs.userDataDir, 'User')]) fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(dirs.configFile, 'auth: none\ncert: false\n');
  const settingsFile = path.join(dirs.userDataDir, 'User', 'settings.json');
  if (keepUserSettings && fs.existsSync(settingsFile)) return;
  fs.writeFileSync(settingsFile, `${JSON.stringify(quietWorkbenchSettings, null, 2)}\n`);
}

/**
 * Merges settings into the instance's User/settings.json. The model endpoint (rlm.model.baseUrl, provider,
 * extraHeaders, pricing) is read from user settings only, never from a folder's, so tests set it here.
 */
export function writeUserSettings(dirs, settings) {
  const settingsFile = path.join(dirs.userDataDir, 'User', 'settings.json');
  const current = fs.existsSync(settingsFile) ? JSON.parse(fs.readFileSync(settingsFile, 'utf8')) : {};
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, `${JSON.stringify({ ...current, ...settings }, null, 2)}\n`);
}

/** `code-server --install-extension x.vsix` into the instance's extensions folder. */
export async function installVsix(layout, dirs, vsixPath) {
  await runCommand(
    process.execPath,
    [layout.cliEntry, ...commonArgs(dirs), '--force', '--install-extension', vsixPath],
    {
      env: codeServerEnv(dirs),
      capture: true,
      hint: `code-server could not install ${vsixPath}.`,
    },
  );
}

/** Starts code-server on 127.0.0.1:port with `folder` open; resolves once it answers HTTP. */
export async function startCodeServer(layout, dirs, { port, folder, echo = false }) {
  const server = new BackgroundProcess(
    'code-server',
    process.execPath,
    [
      layout.cliEntry,
      ...commonArgs(dirs),
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      folder,
    ],
    { env: codeServerEnv(dirs), echo },
  );
  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitForHttp(`${url}healthz`, 60_000, () => !server.exited);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { server, url };
}
