// The Debian packages the VS Code test tiers need, and a check that says how to install the missing ones.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** What each Debian package provides, and how we tell it is installed. */
const systemPackages = [
  {
    name: 'chromium',
    why: 'headless browser for integration and e2e tests',
    present: () => commandPath('chromium') !== null,
  },
  {
    name: 'ripgrep',
    why: "rg for code-server's search and the workspace grep",
    present: () => commandPath('rg') !== null,
  },
  {
    name: 'libkrb5-dev',
    why: "headers for code-server's kerberos native module",
    present: () => commandPath('krb5-config') !== null || fs.existsSync('/usr/include/krb5.h'),
  },
  // node-gyp's toolchain for the native modules of code-server (present on these machines, listed for others).
  { name: 'g++', why: 'C++ compiler for node-gyp', present: () => commandPath('g++') !== null },
  { name: 'make', why: 'make for node-gyp', present: () => commandPath('make') !== null },
  { name: 'python3', why: 'python3 for node-gyp', present: () => commandPath('python3') !== null },
];

/** Some Debian packages are missing; the message names them and the command that installs them. */
class MissingSystemPackagesError extends Error {
  constructor(missing) {
    const names = missing.map((p) => p.name);
    super(
      `Missing Debian packages: ${names.join(', ')} (${missing.map((p) => `${p.name}: ${p.why}`).join('; ')}).\n` +
        `Install them with:\n  sudo apt-get update && sudo apt-get install -y ${names.join(' ')}\n` +
        '(.ci/run does this by itself when it runs as root.)',
    );
    this.name = 'MissingSystemPackagesError';
    this.missing = names;
  }
}

/** Absolute path of `name` on PATH, or null. */
export function commandPath(name) {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** Throws MissingSystemPackagesError naming every package (of `names`, default all) that is not installed. */
export function assertSystemPackages(names = systemPackages.map((p) => p.name)) {
  const missing = systemPackages.filter((p) => names.includes(p.name) && !p.present());
  if (missing.length > 0) throw new MissingSystemPackagesError(missing);
}
