// The same extension-host suite in desktop VS Code via @vscode/test-electron, for machines that can download
// VS Code (this one cannot: there use `npm run test:integration`). On headless Linux run it under xvfb-run.
// Usage: npm run test:desktop   (builds first)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import testElectron from '@vscode/test-electron';
import { buildIntegrationTests } from '../../scripts/buildIntegrationTests.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// Same VS Code as code-server 4.100.3 ships, so both runs see the same API (the suite checks vscode.version).
const vscodeVersion = process.env.RLM_VSCODE_VERSION ?? '1.100.3';

async function main() {
  const { entry } = await buildIntegrationTests();
  return testElectron.runTests({
    version: vscodeVersion,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: entry,
    launchArgs: [
      path.join(repoRoot, 'test', 'fixtures', 'integration-workspace'),
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
    ],
  });
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`test:desktop: ${error instanceof Error ? error.message : String(error)}`);
    if (!(error instanceof testElectron.TestRunFailedError)) {
      console.error(
        'Desktop VS Code could not be downloaded or started; `npm run test:integration` runs the same suite in code-server.',
      );
    }
    process.exit(1);
  },
);
