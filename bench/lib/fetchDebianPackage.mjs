// Benchmark corpora from Debian packages: `apt-get download` + `dpkg -x` into the git-ignored .cache/bench/, once.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../.cache/bench');

/** Returns the folder the package's files were extracted into (`.cache/bench/<package>`), fetching it on first use. */
export function fetchDebianPackage(name) {
  const target = path.join(benchDir, name);
  if (fs.existsSync(path.join(target, 'usr'))) return target;
  const downloads = path.join(benchDir, 'deb');
  fs.mkdirSync(downloads, { recursive: true });
  console.log(`fetching ${name} with apt-get download into ${path.relative(process.cwd(), downloads)}/ ...`);
  execFileSync('apt-get', ['download', name], { cwd: downloads, stdio: ['ignore', 'ignore', 'inherit'] });
  const deb = fs.readdirSync(downloads).find((f) => f.startsWith(`${name}_`) && f.endsWith('.deb'));
  if (!deb) throw new Error(`apt-get download ${name} left no .deb in ${downloads}: run apt-get update first.`);
  fs.mkdirSync(target, { recursive: true });
  execFileSync('dpkg', ['-x', path.join(downloads, deb), target]);
  return target;
}
