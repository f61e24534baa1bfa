// The RLM loop: the engine, its limits and budget, events, the run's state and the run log.
export { RlmEngine } from './rlmEngine';
export type { RlmEngineDependencies, RlmSession, RunOptions, RunResult } from './rlmEngine';
export { defaultRunLimits } from './runLimits';
export type { RunLimits } from './runLimits';
export { Budget, BudgetExceededError } from './budget';
export type { LimitKind, RunEvent, RunEventSink, RunEventType, RunTotals, StopReason } from './runEvents';
export { costText, renderRunTree } from './runTree';
export type { IterationStep, RenderOptions, RunNode } from './runTree';
export { emptyTotals, RunState } from './runState';
export type { RunActivity, RunStateChange } from './runState';
export { jsonlRunLog, readRunLog } from './runLog';
export { describeWorkspace } from './workspaceOverview';
export { answerFromReply, finalAnswerSoFar, parseModelReply, type FinalStatement, type ModelReply } from './modelReply';
export { emptyUsage, firstLine, stateOfReason } from './recursionTree';
export type { NodeDetail, NodeUsage, RecursionNode, RecursionNodeKind, RecursionNodeState, TreeChange } from './recursionTree';
export { buildTimeline, timelineOf } from './runTimeline';
