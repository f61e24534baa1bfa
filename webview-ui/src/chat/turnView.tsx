import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { ChatTurn, TimelineBar } from '../../../src/core/protocol/chatProtocol';
import { RunTimeline } from '../timeline/runTimeline';
import { AnswerView } from './answerView';
import { chatApi } from './chatApi';
import { turnContextLine, turnSummary } from './chatFormat';
import type { LiveProgress } from './chatState';
import { ErrorBlock } from './errorBlock';
import { ProgressStrip } from './progressStrip';

interface TurnViewProps {
  turn: ChatTurn;
  live: LiveProgress | undefined;
  now: number;
}

const statusIcons: Record<ChatTurn['status'], string> = {
  running: 'loading',
  answered: 'pass',
  limited: 'warning',
  stopped: 'debug-stop',
  failed: 'error',
};

/** One question and its answer: live progress while it runs, then the outcome, the error and the timeline. */
export function TurnView({ turn, live, now }: TurnViewProps): JSX.Element {
  const running = turn.status === 'running';
  return (
    <article
      class={`turn turn-${turn.status}`}
      data-turn-id={turn.id}
      data-status={turn.status}
      aria-busy={running}
      aria-label={`Question: ${turn.question}`}
    >
      <div class="question">
        <span class="codicon codicon-account" aria-hidden="true" />
        <p>{turn.question}</p>
      </div>
      {turn.context && (
        <details class="turn-context">
          <summary>
            <span class="codicon codicon-references" aria-hidden="true" /> {turn.context.label}
          </summary>
          <pre>{turn.context.text}</pre>
        </details>
      )}
      <AnswerView markdown={turn.answer} />
      {running ? (
        <ProgressStrip
          turn={turn}
          live={live}
          now={now}
          onStop={() => chatApi.postMessage({ type: 'stop', turnId: turn.id })}
          onRateLimitAnswer={(askId, decision) =>
            chatApi.postMessage({ type: 'rateLimitAnswer', turnId: turn.id, askId, decision })
          }
        />
      ) : (
        <div class="turn-outcome">
          <p class={`turn-status status-${turn.status}`}>
            <span class={`codicon codicon-${statusIcons[turn.status]}`} aria-hidden="true" /> {turnSummary(turn)}
          </p>
          {turnContextLine(turn) && <p class="turn-context-meter">{turnContextLine(turn)}</p>}
          <ErrorBlock turn={turn} now={now} />
        </div>
      )}
      {!running && turn.timeline && turn.timeline.length > 0 && <TimelineSection bars={turn.timeline} />}
    </article>
  );
}

/** The run's timeline, collapsed by default; the chart is only built once it is opened. */
function TimelineSection({ bars }: { bars: TimelineBar[] }): JSX.Element {
  const [open, setOpen] = useState(false);
  return (
    <details class="timeline" onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}>
      <summary>Timeline</summary>
      {open && (
        <RunTimeline
          bars={bars}
          onSelect={(bar) => chatApi.postMessage({ type: 'revealRunNode', runId: bar.runId, nodeId: bar.id })}
        />
      )}
    </details>
  );
}
