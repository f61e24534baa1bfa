// Debian's Chromium driven by playwright-core: Playwright's own browser download cannot work on these machines.
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { commandPath } from './systemPackages.mjs';

/** Flags for a closed network: without the background-networking ones Chromium keeps dialling out. */
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** The Chromium binary: $CHROMIUM_PATH, else /usr/bin/chromium, else `chromium` on PATH. */
function chromiumExecutable() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', commandPath('chromium')];
  const found = candidates.find((candidate) => candidate && fs.existsSync(candidate));
  if (!found) {
    throw new Error(
      "Chromium not found. Install Debian's package: sudo apt-get install -y chromium (or set CHROMIUM_PATH).",
    );
  }
  return found;
}

/** Launches headless Chromium with a fresh profile. */
export function launchChromium() {
  return chromium.launch({ executablePath: chromiumExecutable(), headless: true, args: chromiumArgs });
}
