import { useMemo, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { TimelineBar } from '../../../src/core/protocol/chatProtocol';
import { durationText, layoutTimeline, timeTicks } from './timelineLayout';
import './runTimeline.css';

export interface RunTimelineProps {
  bars: TimelineBar[];
  onSelect(bar: TimelineBar): void;
  /** The bar to outline (the node selected in the recursion tree). */
  selectedId?: string;
}

const kindNames: Record<TimelineBar['kind'], string> = {
  'root-call': 'Model call',
  'code-cell': 'Code cell',
  'sub-call': 'Sub-call',
  'child-run': 'Child run',
};

const rowHeight = 20;

/** The run as a Gantt chart: one section per depth, overlapping bars in separate lanes, click or Enter selects. */
export function RunTimeline({ bars, onSelect, selectedId }: RunTimelineProps): JSX.Element {
  const layout = useMemo(() => layoutTimeline(bars), [bars]);
  // By id, so a live update shows the hovered bar's new end instead of the one it had when the mouse came.
  const [hoveredId, setHoveredId] = useState<string | undefined>();
  const hovered = hoveredId === undefined ? undefined : layout.bars.find((placed) => placed.bar.id === hoveredId);
  if (bars.length === 0) return <div class="rlm-timeline rlm-timeline-empty">No steps yet.</div>;
  const percent = (ms: number): string => `${(ms / layout.totalMs) * 100}%`;
  const onKey =
    (bar: TimelineBar) =>
    (event: KeyboardEvent): void => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        onSelect(bar);
      }
    };
  return (
    <div class="rlm-timeline" role="group" aria-label="Run timeline">
      <div class="rlm-timeline-axis" aria-hidden="true">
        {timeTicks(layout.totalMs).map((tick) => (
          <span key={tick} class="rlm-timeline-tick" style={{ left: percent(tick) }}>
            {durationText(tick)}
          </span>
        ))}
      </div>
      <div class="rlm-timeline-body">
        <div class="rlm-timeline-gutter" aria-hidden="true">
          {layout.sections.map((section) => (
            <div
              key={section.depth}
              class="rlm-timeline-section-label"
              style={{ top: `${section.firstRow * rowHeight}px`, height: `${section.rows * rowHeight}px` }}
            >
              {section.depth === 0 ? 'root' : `depth ${section.depth}`}
            </div>
          ))}
        </div>
        <div
          class="rlm-timeline-chart"
          style={{ height: `${layout.rows * rowHeight}px` }}
          onMouseLeave={() => setHoveredId(undefined)}
        >
          {layout.sections.map((section) => (
            <div
              key={section.depth}
              class="rlm-timeline-section"
              style={{ top: `${section.firstRow * rowHeight}px`, height: `${section.rows * rowHeight}px` }}
            />
          ))}
          {layout.bars.map(({ bar, row }) => (
            <div
              key={bar.id}
              role="button"
              tabIndex={0}
              data-bar-id={bar.id}
              data-kind={bar.kind}
              data-state={bar.state}
              data-row={row}
              class={`rlm-timeline-bar kind-${bar.kind} state-${bar.state}${bar.id === selectedId ? ' selected' : ''}`}
              style={{
                top: `${row * rowHeight + 2}px`,
                left: percent(bar.startMs),
                width: `max(3px, ${percent(bar.endMs - bar.startMs)})`,
              }}
              aria-label={`${kindNames[bar.kind]}, ${durationText(bar.endMs - bar.startMs)}, ${bar.state}: ${bar.label}`}
              onClick={() => onSelect(bar)}
              onKeyDown={onKey(bar)}
              onMouseEnter={() => setHoveredId(bar.id)}
              onFocus={() => setHoveredId(bar.id)}
              onBlur={() => setHoveredId(undefined)}
            >
              <span class="rlm-timeline-bar-label">{bar.label}</span>
            </div>
          ))}
          {hovered && (
            <div
              class="rlm-timeline-tooltip"
              role="tooltip"
              style={{
                top: `${(hovered.row + 1) * rowHeight + 4}px`,
                left: percent(Math.min(hovered.bar.startMs, layout.totalMs * 0.7)),
              }}
            >
              <div class="rlm-timeline-tooltip-title">
                {kindNames[hovered.bar.kind]} · {hovered.bar.state}
              </div>
              <div>
                {durationText(hovered.bar.startMs)} → {durationText(hovered.bar.endMs)} (
                {durationText(hovered.bar.endMs - hovered.bar.startMs)})
              </div>
              {hovered.bar.label && <div class="rlm-timeline-tooltip-label">{hovered.bar.label}</div>}
            </div>
          )}
        </div>
      </div>
      <div class="rlm-timeline-legend" aria-hidden="true">
        {(Object.keys(kindNames) as TimelineBar['kind'][]).map((kind) => (
          <span key={kind} class="rlm-timeline-legend-item">
            <span class={`rlm-timeline-swatch kind-${kind}`} />
            {kindNames[kind]}
          </span>
        ))}
      </div>
    </div>
  );
}
