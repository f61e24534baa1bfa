/** One bar of the run timeline: a model call, a code cell or a sub-call, nested by depth. */
export interface TimelineBar {
  /** Stable within the run; also the recursion tree's node id. */
  id: string;
  kind: 'root-call' | 'code-cell' | 'sub-call' | 'child-run';
  runId: string;
  depth: number;
  label: string;
  /** Milliseconds since the run started. */
  startMs: number;
  endMs: number;
  state: 'running' | 'done' | 'error';
}
