// Entry of the Restricted Mode run: VS Code with workspace trust enabled and an untrusted folder open
// (scripts/run-integration-tests.mjs starts it after the main run). Runs the suites in this folder only.
import { runSuites } from '../index';

export function run(): Promise<void> {
  return runSuites(__dirname);
}
