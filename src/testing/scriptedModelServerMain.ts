/**
 * Runs the scripted model server from a JSON script: `node scriptedModelServer.js SCRIPT.json [--port N]`.
 * A script object may carry `"models": { "<name>": { "context_length": 8192 } }`: extra /v1/models fields per model.
 * Prints the base URL (ending in /v1) as its first stdout line, then serves until SIGINT/SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { ScriptedModelServer } from './scriptedModelServer';
import { parseScript } from './scriptRules';

async function main(argv: readonly string[]): Promise<void> {
  const portFlag = argv.indexOf('--port');
  const port = portFlag >= 0 ? Number(argv[portFlag + 1]) : 0;
  const scriptPath = argv.find((arg, i) => !arg.startsWith('--') && (portFlag < 0 || i !== portFlag + 1));
  if (!scriptPath || !Number.isInteger(port)) {
    process.stderr.write('Usage: scripted-model-server SCRIPT.json [--port N]\n');
    process.exitCode = 2;
    return;
  }
  const script = JSON.parse(readFileSync(scriptPath, 'utf8')) as unknown;
  const rules = parseScript(script);
  const server = await ScriptedModelServer.start(rules, { port, modelMetadata: scriptModelMetadata(script) });
  process.stdout.write(`${server.url}\n`);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function scriptModelMetadata(script: unknown): Record<string, Record<string, unknown>> {
  const models = (script as { models?: unknown } | null)?.models;
  return typeof models === 'object' && models !== null && !Array.isArray(models)
    ? (models as Record<string, Record<string, unknown>>)
    : {};
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`scripted-model-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
