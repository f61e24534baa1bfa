import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { TimelineHostToWebview, TimelineWebviewToHost } from '../../../src/core/protocol/timelineProtocol';
import { webviewApi } from '../vscodeApi';
import { RunTimeline } from './runTimeline';
import './timelinePage.css';

/** The run shown, kept so a reload brings this tab back on the same run (the host's panel serializer reads it). */
interface TimelinePageState {
  runId: string;
}

const vscodeApi = webviewApi<TimelineWebviewToHost, TimelineHostToWebview, TimelinePageState>();

type Shown = Extract<TimelineHostToWebview, { type: 'timeline' }>;

function TimelinePage(): JSX.Element {
  const [shown, setShown] = useState<Shown | undefined>();
  const [selectedId, setSelectedId] = useState<string | undefined>();
  useEffect(() => {
    const stop = vscodeApi.onMessage((message) => {
      if (message.type === 'timeline') {
        setShown(message);
        vscodeApi.setState({ runId: message.runId });
      } else if (message.type === 'selected') setSelectedId(message.nodeId);
    });
    vscodeApi.postMessage({ type: 'ready' });
    return stop;
  }, []);
  if (!shown) return <p class="timeline-page-note">Loading the run…</p>;
  return (
    <main class="timeline-page">
      <h1 class="timeline-page-title">{shown.question || shown.runId}</h1>
      <p class="timeline-page-note">
        {shown.running ? 'Running · ' : ''}
        {shown.bars.length} steps · click a bar (or focus it and press Enter) to select it in the Recursion Tree
      </p>
      <RunTimeline
        bars={shown.bars}
        selectedId={selectedId}
        onSelect={(bar) => {
          setSelectedId(bar.id);
          vscodeApi.postMessage({ type: 'selectBar', runId: shown.runId, nodeId: bar.id });
        }}
      />
    </main>
  );
}

const root = document.getElementById('root');
if (root) render(<TimelinePage />, root);
