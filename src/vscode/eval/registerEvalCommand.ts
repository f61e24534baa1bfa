/**
 * "RLM: Evaluate on this Workspace": generated questions asked in every mode under a cancellable progress
 * notification, then the report in a webview whose results open their runs in the Recursion Tree.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { packWorkspace, type DirectContext } from '../../core/eval/directContext';
import { evalOutput } from '../../core/eval/evalSummary';
import { evalModes } from '../../core/eval/evalTypes';
import { generateQuestions } from '../../core/eval/generateQuestions';
import { directSystemPrompt } from '../../core/eval/runEvalQuestion';
import { runEval } from '../../core/eval/runEval';
import { defaultRunLimits } from '../../core/engine/runLimits';
import { conservativeTokens } from '../../core/llm/tokenEstimate';
import type { Workspace } from '../../core/workspace/workspace';
import { VscodeSandboxSymbols } from '../chat/vscodeSandboxSymbols';
import type { ExtensionServices, RunRecorder } from '../extensionServices';
import type { ModelProvider } from '../llm/modelClients';
import { readRunSettings } from '../settings';
import { evalReportHtml, parseEvalReportMessage, type EvalReportPage } from './evalReportHtml';

export interface EvalDependencies {
  models: ModelProvider;
  recorder: RunRecorder & { reveal(runId: string, nodeId: string): Promise<boolean> };
}

/** For the integration tests: the last report shown and its panel. */
export interface EvalApi {
  lastReport?: EvalReportPage;
  panel?: vscode.WebviewPanel;
}

/** Questions per evaluation from the command: enough to compare the modes, few enough to finish in minutes. */
const commandQuestions = 6;

export function registerEvalCommand(services: ExtensionServices, deps: EvalDependencies): EvalApi {
  const api: EvalApi = {};
  services.context.subscriptions.push(
    vscode.commands.registerCommand(
      'rlm.evaluateWorkspace',
      services.withWorkspace(async (workspace) => {
        const page = await evaluate(services, deps, workspace);
        if (page) showReport(services, deps, api, page);
      }),
    ),
  );
  return api;
}

async function evaluate(
  services: ExtensionServices,
  deps: EvalDependencies,
  workspace: Workspace,
): Promise<EvalReportPage | undefined> {
  if (workspace.roots.length !== 1)
    throw new Error('RLM: Evaluate works on a single-folder workspace; open one folder and run it again.');
  const settings = readRunSettings();
  const limits = { ...defaultRunLimits, ...settings.limits };
  const clients = await deps.models.resolve();
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'RLM: Evaluating', cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort(new Error('cancelled')));
      try {
        progress.report({ message: 'indexing symbols…' });
        const [root] = await services.symbols.ready(controller.signal);
        const files = (
          await workspace.listFiles(undefined, { maxResults: Number.MAX_SAFE_INTEGER, signal: controller.signal })
        ).files;
        const questions = generateQuestions(
          root.index,
          files.filter((file) => root.index.outline(file) !== undefined),
          { count: commandQuestions, kinds: ['locate', 'callers', 'imports'], seed: 1 },
        );
        if (questions.length === 0)
          throw new Error(
            'RLM: the symbol index gave no question for this workspace (no documented functions, resolved callers or imports). Try `rlm eval --questions-file` with your own questions.',
          );
        const notes: string[] = [];
        let direct: Promise<DirectContext> | undefined;
        const directContext = (): Promise<DirectContext> => {
          direct ??= (async () => {
            const contextWindow = (await clients.root.modelProfile?.(controller.signal))?.contextWindow ?? 8_192;
            const reservedTokens =
              Math.max(...questions.map((q) => conservativeTokens(q.question))) +
              conservativeTokens(directSystemPrompt);
            const packed = await packWorkspace(
              workspace,
              { contextWindow, maxTokensPerCall: limits.maxTokensPerCall, reservedTokens },
              controller.signal,
            );
            if (packed.omittedFiles > 0)
              notes.push(
                `direct mode: ${packed.includedFiles} of ${packed.totalFiles} files fit the ${contextWindow}-token context window; ${packed.omittedFiles} were left out.`,
              );
            return packed;
          })();
          return direct;
        };
        const run = await runEval(
          questions,
          {
            rootClient: clients.root,
            subClient: clients.sub,
            workspace,
            symbols: new VscodeSandboxSymbols(services.symbols),
            limits,
            directContext,
            secrets: clients.secrets,
            onEvent: (event) => deps.recorder.record(event),
          },
          {
            modes: evalModes,
            signal: controller.signal,
            onProgress: (p) =>
              progress.report({
                message: `question ${p.question}/${p.questions} · ${p.mode}${p.done ? ` · ${p.correct}/${p.done} correct so far` : ''}`,
                increment: 100 / (p.questions * evalModes.length),
              }),
          },
        );
        if (run.cancelled)
          notes.push(
            `Cancelled: ${run.results.length} of ${questions.length * evalModes.length} runs finished; the figures cover those only.`,
          );
        services.log.info(
          `eval: ${run.results.length} result(s) over ${questions.length} question(s)${run.cancelled ? ' (cancelled)' : ''}`,
        );
        return run.results.length
          ? { output: evalOutput(questions, run.results, evalModes), runIds: run.runIds, notes }
          : undefined;
      } finally {
        cancel.dispose();
      }
    },
  );
}

function showReport(services: ExtensionServices, deps: EvalDependencies, api: EvalApi, page: EvalReportPage): void {
  const panel = vscode.window.createWebviewPanel('rlm.evalReport', 'RLM Evaluation', vscode.ViewColumn.Active, {
    enableScripts: true,
    localResourceRoots: [],
  });
  panel.iconPath = vscode.Uri.joinPath(services.context.extensionUri, 'media', 'rlm.svg');
  panel.webview.html = evalReportHtml(page, randomBytes(16).toString('base64'), panel.webview.cspSource);
  panel.webview.onDidReceiveMessage(async (raw: unknown) => {
    const message = parseEvalReportMessage(raw);
    if (message?.type !== 'openRun') return;
    if (!(await deps.recorder.reveal(message.runId, message.runId)))
      void vscode.window.showInformationMessage(
        'RLM: that run is no longer in the Recursion Tree (only the last runs are kept).',
      );
  });
  api.lastReport = page;
  api.panel = panel;
  panel.onDidDispose(() => {
    if (api.panel === panel) api.panel = undefined;
  });
}
