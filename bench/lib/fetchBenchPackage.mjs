// The benchmarks' test corpora: real npm packages, fetched once with `npm pack` into the git-ignored .cache/bench/.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../.cache/bench');

/** Returns the unpacked package folder (`.cache/bench/<folder>/package`), fetching it on first use. */
export function fetchBenchPackage(spec, folder) {
  const target = path.join(benchDir, folder);
  const unpacked = path.join(target, 'package');
  if (fs.existsSync(unpacked)) return unpacked;
  fs.mkdirSync(target, { recursive: true });
  console.log(`fetching ${spec} with npm pack into ${path.relative(process.cwd(), target)}/ ...`);
  const tarball = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', target], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop();
  execFileSync('tar', ['xzf', path.join(target, tarball), '-C', target]);
  return unpacked;
}
