import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { HostToWebview, SearchHit, SearchQuery, WebviewToHost } from '../../src/core/protocol/searchPanelProtocol';
import { webviewApi } from './vscodeApi';

/** What the panel keeps across hiding: the last query typed. */
interface PanelState {
  query?: SearchQuery;
}

const vscodeApi = webviewApi<WebviewToHost, HostToWebview, PanelState>();

type Status =
  | { kind: 'idle' }
  | { kind: 'searching' }
  | { kind: 'stopped' }
  | { kind: 'error'; message: string }
  | { kind: 'done'; truncated: boolean; skippedFiles: number; engine: string; elapsedMs: number };

const emptyQuery: SearchQuery = { pattern: '', caseSensitive: false, glob: '' };

export function SearchPanel(): preact.JSX.Element {
  const [query, setQuery] = useState<SearchQuery>(vscodeApi.getState()?.query ?? emptyQuery);
  const [workspaceName, setWorkspaceName] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const requestId = useRef(0);

  useEffect(() => {
    const stop = vscodeApi.onMessage((message: HostToWebview) => {
      // Answers to an earlier search (one typed over since) are stale: only the latest request's answers count.
      if ('requestId' in message && message.requestId !== requestId.current) return;
      switch (message.type) {
        case 'state':
          setWorkspaceName(message.workspaceName);
          if (message.lastQuery && !vscodeApi.getState()?.query) setQuery(message.lastQuery);
          return;
        case 'searchStarted':
          setStatus({ kind: 'searching' });
          return;
        case 'searchResults':
          setHits(message.hits);
          setStatus({
            kind: 'done',
            truncated: message.truncated,
            skippedFiles: message.skippedFiles,
            engine: message.engine,
            elapsedMs: message.elapsedMs,
          });
          return;
        case 'searchCancelled':
          setStatus({ kind: 'stopped' });
          return;
        case 'searchError':
          setHits([]);
          setStatus({ kind: 'error', message: message.message });
          return;
      }
    });
    vscodeApi.postMessage({ type: 'ready' });
    return stop;
  }, []);

  useEffect(() => vscodeApi.setState({ query }), [query]);

  const submit = (event: Event): void => {
    event.preventDefault();
    if (!query.pattern) return;
    requestId.current += 1;
    setStatus({ kind: 'searching' });
    vscodeApi.postMessage({ type: 'search', requestId: requestId.current, query });
  };
  const cancel = (): void => vscodeApi.postMessage({ type: 'cancelSearch', requestId: requestId.current });

  const groups = useMemo(() => groupByFile(hits), [hits]);

  return (
    <main class="panel">
      <form class="query" onSubmit={submit} aria-label={`Search ${workspaceName}`}>
        <div class="row">
          <QueryText
            field="pattern"
            label="Regular expression"
            placeholder="Search (regular expression)"
            query={query}
            setQuery={setQuery}
            autoFocus
          />
          <button
            type="button"
            class={`toggle codicon codicon-case-sensitive${query.caseSensitive ? ' on' : ''}`}
            aria-label="Match case"
            aria-pressed={query.caseSensitive}
            title="Match case"
            onClick={() => setQuery({ ...query, caseSensitive: !query.caseSensitive })}
          />
        </div>
        <QueryText
          field="glob"
          label="Files to include (glob)"
          placeholder="Files to include, e.g. src/**/*.ts"
          query={query}
          setQuery={setQuery}
        />
        <div class="row actions">
          <button type="submit" class="primary" disabled={!query.pattern}>
            Search
          </button>
          {status.kind === 'searching' && (
            <button type="button" class="secondary" onClick={cancel}>
              Stop
            </button>
          )}
        </div>
      </form>
      <StatusLine status={status} hitCount={hits.length} fileCount={groups.length} />
      <ul class="results" aria-label="Search results">
        {groups.map(([file, fileHits]) => (
          <li key={file} class="file">
            <div class="file-name">
              <span class="codicon codicon-file" aria-hidden="true" /> {file}
            </div>
            <ul>
              {fileHits.map((hit) => (
                <li key={`${hit.line}:${hit.column}`}>
                  <button
                    type="button"
                    class="hit"
                    title={`${hit.file}:${hit.line}`}
                    onClick={() =>
                      vscodeApi.postMessage({
                        type: 'openLocation',
                        file: hit.file,
                        line: hit.line,
                        column: hit.column,
                      })
                    }
                  >
                    <span class="line-number">{hit.line}</span>
                    <span class="text">{hit.text.trim()}</span>
                  </button>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </main>
  );
}

/** One text field of the query; `field` names the part of the query it edits (its class too). */
function QueryText({
  field,
  label,
  placeholder,
  query,
  setQuery,
  autoFocus,
}: {
  field: 'pattern' | 'glob';
  label: string;
  placeholder: string;
  query: SearchQuery;
  setQuery: (query: SearchQuery) => void;
  autoFocus?: boolean;
}): preact.JSX.Element {
  return (
    <input
      class={field}
      type="text"
      aria-label={label}
      placeholder={placeholder}
      value={query[field]}
      onInput={(e) => setQuery({ ...query, [field]: (e.target as HTMLInputElement).value })}
      autoFocus={autoFocus}
    />
  );
}

function StatusLine({
  status,
  hitCount,
  fileCount,
}: {
  status: Status;
  hitCount: number;
  fileCount: number;
}): preact.JSX.Element | null {
  switch (status.kind) {
    case 'idle':
      return null;
    case 'stopped':
      return (
        <p class="status" role="status">
          Search stopped.
        </p>
      );
    case 'searching':
      return (
        <p class="status" role="status">
          <span class="codicon codicon-loading codicon-modifier-spin" aria-hidden="true" /> Searching…
        </p>
      );
    case 'error':
      return (
        <p class="status error" role="alert">
          <span class="codicon codicon-error" aria-hidden="true" /> {status.message}
        </p>
      );
    case 'done': {
      const more = status.truncated ? ' (stopped at the result cap; narrow the pattern or glob)' : '';
      const skipped = status.skippedFiles > 0 ? `, ${status.skippedFiles} binary or large files skipped` : '';
      return (
        <p class="status" role="status">
          {hitCount} {hitCount === 1 ? 'match' : 'matches'} in {fileCount} {fileCount === 1 ? 'file' : 'files'}
          {more}
          {skipped} · {status.engine} · {status.elapsedMs} ms
        </p>
      );
    }
  }
}

function groupByFile(hits: SearchHit[]): [string, SearchHit[]][] {
  const groups = new Map<string, SearchHit[]>();
  for (const hit of hits) {
    const list = groups.get(hit.file);
    if (list) list.push(hit);
    else groups.set(hit.file, [hit]);
  }
  return [...groups.entries()];
}
