import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { RlmEngine, type ReplFactory, type RunOptions, type RunResult } from '../../../src/core/engine/rlmEngine';
import type { RunEvent } from '../../../src/core/engine/runEvents';
import { OpenAiCompatibleClient } from '../../../src/core/llm/openAiCompatibleClient';
import { mergePricing, type PricingTable } from '../../../src/core/llm/pricing';
import { IndexedSymbolService } from '../../../src/core/sandbox/indexedSymbolService';
import type { SandboxLimits } from '../../../src/core/sandbox/sandboxTypes';
import { NodeWorkspace } from '../../../src/core/workspace/nodeWorkspace';
import { ScriptedModelServer, type ScriptedModelServerOptions } from '../../../src/testing/scriptedModelServer';
import type { ScriptRule } from '../../../src/testing/scriptRules';

export const fixtureFiles: Record<string, string> = {
  'src/main.ts': "import { login } from './auth/login';\nexport function main(): void {\n  login('ada', 'pw');\n}\n",
  'src/auth/login.ts':
    "import { createSession } from './session';\nexport function login(user: string, password: string): string {\n  return createSession(user);\n}\n",
  'src/auth/session.ts': 'export function createSession(user: string): string {\n  return `session-${user}`;\n}\n',
  'src/auth/token.ts': 'export function issueToken(session: string): string {\n  return session + ".token";\n}\n',
  'src/auth/password.ts':
    'export function checkPassword(password: string): boolean {\n  return password.length > 8;\n}\n',
  'src/auth/oauth.ts': 'export function oauthRedirect(provider: string): string {\n  return `/oauth/${provider}`;\n}\n',
  'README.md': '# Demo app\n',
};

/** The engine with this harness's clients and event list filled in; a test passes only what it varies. */
interface HarnessEngine {
  run(question: string, options?: Partial<RunOptions>): Promise<RunResult>;
  openSession(options?: { history?: readonly { question: string; answer: string }[] }): Promise<{
    ask(question: string, options?: Partial<RunOptions>): Promise<RunResult>;
    readonly history: readonly { question: string; answer: string }[];
    dispose(): void;
  }>;
}

export interface Harness {
  engine: HarnessEngine;
  clients: Pick<RunOptions, 'root' | 'sub'>;
  server: ScriptedModelServer;
  events: RunEvent[];
  root: string;
  close(): Promise<void>;
}

/** A real workspace on disk, the scripted server over HTTP, and an engine whose clients talk to it. */
export async function startHarness(
  rules: ScriptRule[],
  sandboxLimits: Partial<SandboxLimits> = {},
  rootModel = 'root-model',
  extra: {
    files?: Record<string, string>;
    server?: Partial<ScriptedModelServerOptions>;
    prices?: PricingTable;
    symbols?: boolean;
    createRepl?: ReplFactory;
  } = {},
): Promise<Harness> {
  const root = mkdtempSync(join(tmpdir(), 'engine-'));
  for (const [path, text] of Object.entries({ ...fixtureFiles, ...extra.files })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const server = await ScriptedModelServer.start(rules, extra.server);
  const retry = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxTotalWaitMs: 2_000, jitter: 0.5 };
  const events: RunEvent[] = [];
  const pricing = mergePricing(extra.prices ?? {});
  const workspace = new NodeWorkspace({ roots: root, ripgrep: false });
  const clients = {
    root: new OpenAiCompatibleClient({ baseUrl: server.url, model: rootModel, retry, pricing }),
    sub: new OpenAiCompatibleClient({ baseUrl: server.url, model: 'sub-model', retry, pricing }),
  };
  const rlm = new RlmEngine({
    workspace,
    ...(extra.symbols
      ? {
          symbols: new IndexedSymbolService({
            workspace,
            cacheDir: join(root, '.cache', 'rlm'),
            indexOptions: { workers: 0 },
          }),
        }
      : {}),
    sandboxLimits,
    ...(extra.createRepl ? { createRepl: extra.createRepl } : {}),
  });
  const perQuestion = (options: Partial<RunOptions> = {}): RunOptions => ({
    ...clients,
    onEvent: (event) => events.push(event),
    ...options,
  });
  const engine: HarnessEngine = {
    run: (question, options) => rlm.run(question, perQuestion(options)),
    openSession: async (options) => {
      const session = await rlm.openSession(options);
      return {
        ask: (question, more) => session.ask(question, perQuestion(more)),
        history: session.history,
        dispose: () => session.dispose(),
      };
    },
  };
  return {
    engine,
    clients,
    server,
    events,
    root,
    close: async () => {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A model reply made of one js code block. */
export const js = (code: string): string => `Let me look.\n\`\`\`js\n${code}\n\`\`\``;

export function rootRequests(server: ScriptedModelServer): ScriptedModelServer['requests'] {
  return server.requests.filter((r) => r.model !== 'sub-model');
}
