/**
 * RLM Explorer as tools of VS Code's agent mode (`vscode.lm.registerTool`): rlm_explore runs a normal, recorded run;
 * rlm_find_symbol, rlm_trace and rlm_search answer from the index and the workspace without a model. The manifest
 * (`contributes.languageModelTools`) hides them in Restricted Mode, and each refuses there should it be invoked.
 */
import * as vscode from 'vscode';
import { z } from 'zod';
import {
  agentToolShapes,
  agentTools,
  type AgentToolName,
  type ExploreInput,
} from '../../core/agentTools/agentToolSchemas';
import {
  findSymbolTool,
  searchTool,
  traceTool,
  type AgentToolBackend,
  type ToolAnswer,
} from '../../core/agentTools/workspaceTools';
import { defaultRunLimits } from '../../core/engine/runLimits';
import { VscodeSandboxSymbols } from '../chat/vscodeSandboxSymbols';
import type { ExtensionServices, RunRecorder } from '../extensionServices';
import type { ModelProvider, RunSettings } from '../llm/modelClients';
import { untrustedFolderMessage } from '../workspaceTrust';
import { runExploreTool } from './runExploreTool';

/** Runs started by tools, so the Stop command ends them as it ends the chat's. */
export class ToolRunStops {
  private readonly running = new Set<AbortController>();

  start(): { signal: AbortSignal; done: () => void } {
    const controller = new AbortController();
    this.running.add(controller);
    return { signal: controller.signal, done: () => this.running.delete(controller) };
  }

  /** Stops every tool run; true when one was running. */
  stopAll(): boolean {
    const any = this.running.size > 0;
    for (const controller of this.running) controller.abort(new Error('stopped by the user'));
    this.running.clear();
    return any;
  }
}

export interface AgentToolDependencies {
  models: ModelProvider;
  recorder?: RunRecorder;
  runSettings: () => RunSettings;
  stops: ToolRunStops;
}

export function registerAgentTools(services: ExtensionServices, deps: AgentToolDependencies): void {
  // Hosts before the finalized tool API (and some forks) have none: everything else still works.
  if (typeof vscode.lm?.registerTool !== 'function') return;
  // Restricted Mode: not registered at all until the folder is trusted (the manifest's `when` hides them too).
  if (!vscode.workspace.isTrusted) {
    services.context.subscriptions.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => registerAgentTools(services, deps)),
    );
    return;
  }
  const sandboxSymbols = new VscodeSandboxSymbols(services.symbols);
  const backend = (): AgentToolBackend => {
    const workspace = services.workspace();
    if (!workspace) throw new Error('No folder is open: open the folder to explore, then call the tool again.');
    const symbols: NonNullable<AgentToolBackend['symbols']> = {
      symbols: (path, context) => sandboxSymbols.symbols(path, context),
      findSymbol: (name, context) => sandboxSymbols.findSymbol(name, context),
      references: (name, context) => sandboxSymbols.references(name, context),
      trace: (name, options, context) => sandboxSymbols.trace(name, options, context),
      imports: async (file, signal) => {
        const imports = await services.symbols.imports(file, signal);
        if (!imports) return undefined;
        return {
          imports: imports.map(({ module, line, files }) => ({ module, line, files })),
          importers: await services.symbols.importers(file, signal),
        };
      },
    };
    return { workspace, symbols };
  };
  const free = <I>(
    name: AgentToolName,
    run: (backend: AgentToolBackend, input: I, signal: AbortSignal) => Promise<ToolAnswer<object>>,
  ): vscode.LanguageModelTool<unknown> => ({
    prepareInvocation: () => ({ invocationMessage: `${agentTools[name].title} (RLM)` }),
    invoke: async (options, token) => {
      const input = parse<I>(name, options.input);
      const answer = await run(backend(), input, abortSignalOf(token));
      return textResult(answer.text);
    },
  });

  services.context.subscriptions.push(
    vscode.lm.registerTool('rlm_find_symbol', free('rlm_find_symbol', findSymbolTool)),
    vscode.lm.registerTool('rlm_trace', free('rlm_trace', traceTool)),
    vscode.lm.registerTool('rlm_search', free('rlm_search', searchTool)),
    vscode.lm.registerTool<unknown>('rlm_explore', {
      prepareInvocation: async (options) => {
        const question =
          typeof (options.input as { question?: unknown })?.question === 'string'
            ? (options.input as { question: string }).question
            : '';
        const invocationMessage = `Exploring the workspace with RLM: ${question.slice(0, 80)}`;
        const info = await deps.models.describe();
        // VS Code's own models are paid by the user's plan, not per call: only a priced endpoint asks first.
        if (info?.provider !== 'openai-compatible') return { invocationMessage };
        const limits = { ...defaultRunLimits, ...deps.runSettings().limits };
        return {
          invocationMessage,
          confirmationMessages: {
            title: 'Run an RLM exploration?',
            message: new vscode.MarkdownString(
              `RLM Explorer will answer "${question.slice(0, 200)}" with ${info.label}, within its limits: up to ` +
                `${limits.maxIterations} iterations, ${limits.maxSubCalls} sub-calls, ${limits.maxTokens.toLocaleString('en-US')} tokens, ` +
                `$${limits.maxCostUsd} and ${Math.round(limits.timeoutMs / 1000)} s. It shows in the Recursion Tree and RLM: Stop Run ends it.`,
            ),
          },
        };
      },
      invoke: async (options, token) => {
        const input = parse<ExploreInput>('rlm_explore', options.input);
        const workspace = backend();
        const stop = deps.stops.start();
        try {
          const outcome = await runExploreTool({
            input,
            workspace: workspace.workspace,
            models: deps.models,
            settings: deps.runSettings(),
            ...(workspace.symbols ? { symbols: workspace.symbols } : {}),
            ...(deps.recorder ? { recorder: deps.recorder } : {}),
            token,
            stop: stop.signal,
            log: services.log,
          });
          if (outcome.result.reason === 'error')
            throw new Error(`rlm_explore failed: ${outcome.result.detail ?? 'the run failed'}`);
          return textResult(`${outcome.answer || '(no answer)'}\n\n${outcome.summary}`);
        } finally {
          stop.done();
        }
      },
    }),
  );
}

/** Checks the arguments against the tool's schema (the caller is a model: anything may come) and trust. */
function parse<I>(name: AgentToolName, input: unknown): I {
  if (!vscode.workspace.isTrusted) throw new Error(`${name}: ${untrustedFolderMessage}`);
  const parsed = z.object(agentToolShapes[name].input).safeParse(input ?? {});
  if (!parsed.success) throw new Error(`${name}: invalid arguments: ${z.prettifyError(parsed.error)}`);
  return parsed.data as I;
}

function abortSignalOf(token: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

function textResult(text: string): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
}
