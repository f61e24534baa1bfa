/**
 * Messages between the run timeline editor tab and the extension host. Type-only: imported by both sides.
 * The webview sends `ready` first; the host answers with the run's `timeline` and updates it while the run runs.
 */
import type { TimelineBar } from '../engine/timelineBar';

export type TimelineWebviewToHost =
  | { type: 'ready' }
  /** A bar was clicked (or Enter pressed on it): select its node in the recursion tree. */
  | { type: 'selectBar'; runId: string; nodeId: string };

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
