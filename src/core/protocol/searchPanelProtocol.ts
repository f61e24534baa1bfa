/**
 * Messages between the search panel webview and the extension host. Type-only: imported by both sides.
 * Direction is part of the type: `WebviewToHost` messages are commands, `HostToWebview` are notifications.
 */
import type { InferOutput } from 'valibot';
import type { searchQuerySchema, searchWebviewToHostSchema } from './searchMessageSchema';

export type SearchQuery = InferOutput<typeof searchQuerySchema>;

export interface SearchHit {
  file: string;
  line: number;
  column: number;
  text: string;
}

/** Commands from the webview, as they are once the host has checked them (see searchMessageSchema.ts). */
export type WebviewToHost = InferOutput<typeof searchWebviewToHostSchema>;

export type HostToWebview =
  | { type: 'state'; workspaceName: string; trusted: boolean; lastQuery?: SearchQuery }
  | { type: 'searchStarted'; requestId: number }
  | {
      type: 'searchResults';
      requestId: number;
      hits: SearchHit[];
      truncated: boolean;
      skippedFiles: number;
      engine: 'ripgrep' | 'js';
      elapsedMs: number;
    }
  | { type: 'searchError'; requestId: number; message: string }
  | { type: 'searchCancelled'; requestId: number };
