import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { GraphDepth, GraphHostToWebview, TraceSubgraph } from '../../../src/core/protocol/traceGraphProtocol';
import { graphApi } from './graphApi';
import { exportSvgMarkup, GraphSvg } from './graphSvg';
import { layoutGraph } from './layoutGraph';
import type { GraphLayout, PlacedNode } from './layoutGraph';
import { textMeasurer } from './textMeasurer';
import { fitTransform, maxScale, minScale, panBy, zoomAt, zoomStep } from './viewTransform';
import type { Size, ViewTransform } from './viewTransform';

type Status =
  | { kind: 'waiting' }
  | { kind: 'loading'; depth: GraphDepth }
  | { kind: 'layout' }
  | { kind: 'error'; message: string }
  | { kind: 'shown' };

const depths: GraphDepth[] = [1, 2, 3, 4, 5];
/** A press that moves less than this is a click (opens a node), not a drag. */
const dragThresholdPx = 4;

/** The dependency graph page: depth picker, zoom, exports, and the laid-out graph of the host's trace. */
export function GraphApp(): preact.JSX.Element {
  const [graph, setGraph] = useState<TraceSubgraph | undefined>();
  const [layout, setLayout] = useState<GraphLayout | undefined>();
  const [status, setStatus] = useState<Status>({ kind: 'waiting' });
  const [depth, setDepth] = useState<GraphDepth>(graphApi.getState()?.depth ?? 2);
  const [view, setView] = useState<ViewTransform>({ x: 0, y: 0, scale: 1 });
  const svgRef = useRef<SVGSVGElement>(null);
  const canvasRef = useRef<HTMLDivElement>(null);
  const canvasSize = useRef<Size>({ width: 0, height: 0 });
  const drag = useRef<{ pointer: number; x: number; y: number; moved: boolean } | undefined>(undefined);
  const suppressClick = useRef(false);

  useEffect(() => {
    const stop = graphApi.onMessage((message: GraphHostToWebview) => {
      switch (message.type) {
        case 'loading':
          setStatus({ kind: 'loading', depth: message.depth });
          return;
        case 'graph':
          setGraph(message.graph);
          setDepth(message.graph.depth);
          // Kept with the page so a reload can bring this graph back (the host's panel serializer reads it).
          graphApi.setState({ ...graphApi.getState(), depth: message.graph.depth, root: message.graph.root });
          setStatus({ kind: 'layout' });
          return;
        case 'error':
          setStatus({ kind: 'error', message: message.message });
          return;
        case 'requestSvg':
          if (svgRef.current)
            graphApi.postMessage({ type: 'svg', requestId: message.requestId, svg: exportSvgMarkup(svgRef.current) });
          return;
      }
    });
    graphApi.postMessage({ type: 'ready' });
    return stop;
  }, []);

  useEffect(() => {
    if (!graph) return;
    let current = true;
    layoutGraph(graph, textMeasurer(document.body)).then(
      (placed) => {
        if (!current) return;
        setLayout(placed);
        setStatus({ kind: 'shown' });
      },
      (error: unknown) => {
        if (!current) return;
        const message = error instanceof Error ? error.message : String(error);
        setStatus({ kind: 'error', message: `The layout failed: ${message}` });
        graphApi.postMessage({ type: 'renderError', message });
      },
    );
    return () => {
      current = false;
    };
  }, [graph]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return undefined;
    const measure = (): void => {
      canvasSize.current = { width: canvas.clientWidth, height: canvas.clientHeight };
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(canvas);
    return () => observer.disconnect();
  }, []);

  /** The whole graph in view (or, when that would be unreadably small, the root in the middle). */
  const fit = (placed: GraphLayout | undefined = layout): void => {
    if (!placed) return;
    const canvas = canvasRef.current;
    if (canvas) canvasSize.current = { width: canvas.clientWidth, height: canvas.clientHeight };
    const root = placed.nodes.find((n) => n.side === 'root');
    setView(fitTransform(placed, canvasSize.current, root));
  };

  // Every new layout opens fitted; reported after the DOM has the nodes, so the host (and tests) know what is shown.
  useLayoutEffect(() => {
    if (layout) fit(layout);
  }, [layout]);
  useEffect(() => {
    const svg = svgRef.current;
    if (!layout || !svg) return;
    graphApi.postMessage({
      type: 'rendered',
      nodes: svg.querySelectorAll('g.node').length,
      edges: svg.querySelectorAll('path.edge').length,
    });
  }, [layout]);

  const zoomBy = (factor: number, at?: { x: number; y: number }): void => {
    const { width, height } = canvasSize.current;
    setView((current) => zoomAt(current, factor, at?.x ?? width / 2, at?.y ?? height / 2));
  };

  const onWheel = (event: WheelEvent): void => {
    if (!layout) return;
    event.preventDefault();
    const box = canvasRef.current!.getBoundingClientRect();
    // A wheel notch is ~100 px of deltaY; trackpads send many small deltas, which zoom smoothly.
    const factor = Math.pow(zoomStep, -event.deltaY / 100);
    zoomBy(factor, { x: event.clientX - box.left, y: event.clientY - box.top });
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (!layout || event.ctrlKey || event.metaKey || event.altKey || event.target instanceof HTMLSelectElement) return;
    const pan = 60;
    const moves: Record<string, () => void> = {
      '+': () => zoomBy(zoomStep),
      '=': () => zoomBy(zoomStep),
      '-': () => zoomBy(1 / zoomStep),
      _: () => zoomBy(1 / zoomStep),
      '0': () => fit(),
      ArrowLeft: () => setView((v) => panBy(v, pan, 0)),
      ArrowRight: () => setView((v) => panBy(v, -pan, 0)),
      ArrowUp: () => setView((v) => panBy(v, 0, pan)),
      ArrowDown: () => setView((v) => panBy(v, 0, -pan)),
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    move();
  };

  const onPointerDown = (event: PointerEvent): void => {
    if (event.button !== 0) return;
    suppressClick.current = false;
    drag.current = { pointer: event.pointerId, x: event.clientX, y: event.clientY, moved: false };
  };
  const onPointerMove = (event: PointerEvent): void => {
    const current = drag.current;
    if (!current || current.pointer !== event.pointerId) return;
    const dx = event.clientX - current.x;
    const dy = event.clientY - current.y;
    if (!current.moved && Math.hypot(dx, dy) < dragThresholdPx) return;
    if (!current.moved) {
      // Captured only once it is a drag: a plain click must still reach the node under the pointer.
      current.moved = true;
      canvasRef.current?.setPointerCapture(event.pointerId);
      canvasRef.current?.classList.add('dragging');
    }
    current.x = event.clientX;
    current.y = event.clientY;
    setView((v) => panBy(v, dx, dy));
  };
  const onPointerUp = (event: PointerEvent): void => {
    const current = drag.current;
    if (!current || current.pointer !== event.pointerId) return;
    drag.current = undefined;
    canvasRef.current?.classList.remove('dragging');
    if (current.moved) {
      suppressClick.current = true;
      canvasRef.current?.releasePointerCapture(event.pointerId);
    }
  };

  const changeDepth = (value: GraphDepth): void => {
    setDepth(value);
    graphApi.setState({ ...graphApi.getState(), depth: value });
    graphApi.postMessage({ type: 'setDepth', depth: value });
  };
  const open = (node: PlacedNode): void => {
    // The click that ends a drag is not a request to open the node it ended on.
    if (suppressClick.current) {
      suppressClick.current = false;
      return;
    }
    graphApi.postMessage({ type: 'openNode', id: node.id });
  };
  const rootLabel = graph?.nodes.find((n) => n.id === graph.root)?.label;

  return (
    <div class="graph-page">
      <div class="toolbar" role="toolbar" aria-label="Graph options">
        <span class="title">
          {rootLabel ? (
            <>
              Dependencies of <strong>{rootLabel}</strong>
            </>
          ) : (
            'Dependency graph'
          )}
        </span>
        <label>
          Depth{' '}
          <select
            value={String(depth)}
            onChange={(e) => changeDepth(Number((e.target as HTMLSelectElement).value) as GraphDepth)}
            aria-label="Depth in hops"
          >
            {depths.map((d) => (
              <option key={d} value={String(d)}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <button
          class="icon"
          title="Zoom out (-)"
          aria-label="Zoom out"
          disabled={!layout || view.scale <= minScale}
          onClick={() => zoomBy(1 / zoomStep)}
        >
          <span class="codicon codicon-zoom-out" />
        </button>
        <span class="zoom" aria-label="Zoom level">
          {Math.round(view.scale * 100)}%
        </span>
        <button
          class="icon"
          title="Zoom in (+)"
          aria-label="Zoom in"
          disabled={!layout || view.scale >= maxScale}
          onClick={() => zoomBy(zoomStep)}
        >
          <span class="codicon codicon-zoom-in" />
        </button>
        <button
          class="secondary"
          title="Fit the graph to the window (0)"
          aria-label="Fit to window"
          disabled={!layout}
          onClick={() => fit()}
        >
          <span class="codicon codicon-screen-full" /> Fit
        </button>
        <button
          class="secondary"
          disabled={!layout}
          onClick={() => svgRef.current && graphApi.postMessage({ type: 'svg', svg: exportSvgMarkup(svgRef.current) })}
        >
          Export SVG
        </button>
        <button class="secondary" disabled={!graph} onClick={() => graphApi.postMessage({ type: 'exportDot' })}>
          Export DOT
        </button>
        <span class="legend" aria-label="Edge legend">
          <span class="swatch exact" /> exact <span class="swatch import" /> import <span class="swatch name" /> name
          only
        </span>
      </div>
      <StatusLine status={status} graph={graph} />
      <div
        ref={canvasRef}
        class="canvas"
        tabIndex={0}
        aria-label="Graph canvas: drag to pan, wheel or + and - to zoom, 0 to fit, arrow keys to move"
        onWheel={onWheel}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
      >
        {layout && <GraphSvg layout={layout} view={view} onOpen={open} svgRef={svgRef} />}
      </div>
    </div>
  );
}

function StatusLine({
  status,
  graph,
}: {
  status: Status;
  graph: TraceSubgraph | undefined;
}): preact.JSX.Element | null {
  switch (status.kind) {
    case 'waiting':
      return <p class="status">Tracing…</p>;
    case 'loading':
      return (
        <p class="status">
          Tracing callers and callees, {status.depth} hop{status.depth === 1 ? '' : 's'} each way…
        </p>
      );
    case 'layout':
      return <p class="status">Laying out {graph?.nodes.length ?? 0} symbols…</p>;
    case 'error':
      return (
        <p class="status error" role="alert">
          {status.message}
        </p>
      );
    case 'shown':
      if (!graph) return null;
      return (
        <p class="status">
          {graph.nodes.length} symbols, {graph.edges.length} calls
          {graph.truncated ? ' (stopped at the node limit: lower the depth)' : ''}. Click a symbol or press Enter on it
          to open it.
        </p>
      );
  }
}
