/**
 * Messages between the search panel webview and the extension host. Type-only: imported by both sides.
 * Direction is part of the type: `WebviewToHost` messages are commands, `HostToWebview` are notifications.
 */

export interface SearchQuery {
  pattern: string;
  caseSensitive: boolean;
  /** Optional glob restricting the files searched. */
  glob: string;
}

export interface SearchHit {
  file: string;
  line: number;
  column: number;
  text: string;
}

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'search'; requestId: number; query: SearchQuery }
  | { type: 'cancelSearch'; requestId: number }
  | { type: 'openLocation'; file: string; line: number; column: number };

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
