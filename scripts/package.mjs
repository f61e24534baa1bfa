// Production build, then the .vsix with vsce; prints its size and what is inside.
// Usage: node scripts/package.mjs [--list]   (--list prints every file in the .vsix)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runCommand } from './lib/processes.mjs';
import { timedStep } from './lib/timing.mjs';
import { zipEntries } from './lib/zipEntries.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Builds for production and packages the extension; returns where the .vsix is and what it holds. */
export async function packageExtension({ quiet = false } = {}) {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const vsixPath = path.join(repoRoot, `${manifest.name}-${manifest.version}.vsix`);
  const capture = quiet;
  // From an empty dist/: a development build leaves source maps there that the .vsix must not carry.
  fs.rmSync(path.join(repoRoot, 'dist'), { recursive: true, force: true });
  await timedStep('production build', () =>
    runCommand(process.execPath, ['esbuild.js', '--production'], { cwd: repoRoot, capture }),
  );
  await timedStep(`vsce package → ${path.basename(vsixPath)}`, () =>
    runCommand(
      process.execPath,
      // The project has no public repository yet: nothing for vsce to link to, so README links stay relative.
      [
        path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce'),
        'package',
        '--no-dependencies',
        '--allow-missing-repository',
        '--no-rewrite-relative-links',
        '--out',
        vsixPath,
      ],
      {
        cwd: repoRoot,
        capture,
        hint: 'vsce refused to package; its message says which manifest field or file to fix.',
      },
    ),
  );
  const entries = (await zipEntries(vsixPath)).filter((entry) => !entry.name.endsWith('/'));
  return { vsixPath, bytes: fs.statSync(vsixPath).size, entries };
}

function formatBytes(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  packageExtension()
    .then(({ vsixPath, bytes, entries }) => {
      const unpacked = entries.reduce((sum, entry) => sum + entry.size, 0);
      const extensionFiles = entries.filter((entry) => entry.name.startsWith('extension/'));
      if (process.argv.includes('--list')) {
        for (const entry of entries) console.log(`  ${entry.name}  ${formatBytes(entry.size)}`);
      }
      console.log(
        `\n${path.relative(process.cwd(), vsixPath)}: ${formatBytes(bytes)} ` +
          `(${entries.length} files, ${extensionFiles.length} under extension/, ${formatBytes(unpacked)} unpacked)`,
      );
    })
    .catch((error) => {
      console.error(`\npackage: ${error.message}`);
      process.exit(1);
    });
}
