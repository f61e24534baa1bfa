/** The page's side of one host⇄webview protocol: typed posting, the state kept across hiding, the host's messages. */
export interface WebviewApi<ToHost, FromHost, State> {
  postMessage(message: ToHost): void;
  getState(): State | undefined;
  setState(state: State): void;
  /** Calls `listener` with each message from the host; returns the function that stops listening. */
  onMessage(listener: (message: FromHost) => void): () => void;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let acquired: VsCodeApi | undefined;

/** The VS Code API of this page, typed by its protocol; acquired once per page, as VS Code allows. */
export function webviewApi<ToHost, FromHost, State>(): WebviewApi<ToHost, FromHost, State> {
  acquired ??= acquireVsCodeApi();
  const api = acquired;
  return {
    postMessage: (message) => api.postMessage(message),
    getState: () => api.getState() as State | undefined,
    setState: (state) => api.setState(state),
    onMessage(listener) {
      const handler = (event: MessageEvent<unknown>): void => {
        // Only the host's messages carry a string `type`; ignore anything else posted to the window.
        const data = event.data as { type?: unknown } | null;
        if (data && typeof data === 'object' && typeof data.type === 'string') listener(data as FromHost);
      };
      window.addEventListener('message', handler);
      return () => window.removeEventListener('message', handler);
    },
  };
}
