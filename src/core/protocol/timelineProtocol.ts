/**
 * Messages between the run timeline editor tab and the extension host. Type-only: imported by both sides.
 * The webview sends `ready` first; the host answers with the run's `timeline` and updates it while the run runs.
 */
import type { InferOutput } from 'valibot';
import type { TimelineBar } from '../engine/timelineBar';
import type { timelineWebviewToHostSchema } from './timelineMessageSchema';

/** Commands from the webview, as they are once the host has checked them (see timelineMessageSchema.ts). */
export type TimelineWebviewToHost = InferOutput<typeof timelineWebviewToHostSchema>;

export type TimelineHostToWebview =
  | {
      type: 'timeline';
      /** The root run shown. */
      runId: string;
      question: string;
      running: boolean;
      bars: TimelineBar[];
    }
  /** The node selected in the recursion tree, outlined in the chart. */
  | { type: 'selected'; nodeId: string | undefined };
