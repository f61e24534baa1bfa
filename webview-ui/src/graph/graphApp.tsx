import { useEffect, useRef, useState } from 'preact/hooks';
import type { GraphDepth, GraphHostToWebview, TraceSubgraph } from '../../../src/core/protocol/traceGraphProtocol';
import { graphApi, onGraphMessage } from './graphApi';
import { exportSvgMarkup, GraphSvg } from './graphSvg';
import { layoutGraph } from './layoutGraph';
import type { GraphLayout, PlacedNode } from './layoutGraph';
import { textMeasurer } from './textMeasurer';

type Status = { kind: 'waiting' } | { kind: 'loading'; depth: GraphDepth } | { kind: 'layout' } | { kind: 'error'; message: string } | { kind: 'shown' };

const depths: GraphDepth[] = [1, 2, 3, 4, 5];
const scales = [0.5, 0.67, 0.8, 1, 1.25, 1.5, 2];

/** The dependency graph page: depth picker, zoom, exports, and the laid-out graph of the host's trace. */
export function GraphApp(): preact.JSX.Element {
  const [graph, setGraph] = useState<TraceSubgraph | undefined>();
  const [layout, setLayout] = useState<GraphLayout | undefined>();
  const [status, setStatus] = useState<Status>({ kind: 'waiting' });
  const [depth, setDepth] = useState<GraphDepth>(graphApi.getState()?.depth ?? 2);
  const [scaleIndex, setScaleIndex] = useState(3);
  const svgRef = useRef<SVGSVGElement>(null);

  useEffect(() => {
    const stop = onGraphMessage((message: GraphHostToWebview) => {
      switch (message.type) {
        case 'loading':
          setStatus({ kind: 'loading', depth: message.depth });
          return;
        case 'graph':
          setGraph(message.graph);
          setDepth(message.graph.depth);
          setStatus({ kind: 'layout' });
          return;
        case 'error':
          setStatus({ kind: 'error', message: message.message });
          return;
        case 'requestSvg':
          if (svgRef.current) graphApi.postMessage({ type: 'svg', requestId: message.requestId, svg: exportSvgMarkup(svgRef.current) });
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

  // Reported after the DOM has the nodes, so the host (and tests) know what the page shows.
  useEffect(() => {
    const svg = svgRef.current;
    if (!layout || !svg) return;
    graphApi.postMessage({ type: 'rendered', nodes: svg.querySelectorAll('g.node').length, edges: svg.querySelectorAll('path.edge').length });
  }, [layout]);

  const changeDepth = (value: GraphDepth): void => {
    setDepth(value);
    graphApi.setState({ depth: value });
    graphApi.postMessage({ type: 'setDepth', depth: value });
  };
  const open = (node: PlacedNode): void => graphApi.postMessage({ type: 'openNode', id: node.id });
  const rootLabel = graph?.nodes.find((n) => n.id === graph.root)?.label;

  return (
    <div class="graph-page">
      <div class="toolbar" role="toolbar" aria-label="Graph options">
        <span class="title">{rootLabel ? <>Dependencies of <strong>{rootLabel}</strong></> : 'Dependency graph'}</span>
        <label>
          Depth{' '}
          <select value={String(depth)} onChange={(e) => changeDepth(Number((e.target as HTMLSelectElement).value) as GraphDepth)} aria-label="Depth in hops">
            {depths.map((d) => <option key={d} value={String(d)}>{d}</option>)}
          </select>
        </label>
        <button class="icon" title="Zoom out" aria-label="Zoom out" disabled={scaleIndex === 0} onClick={() => setScaleIndex((i) => Math.max(0, i - 1))}>
          <span class="codicon codicon-zoom-out" />
        </button>
        <span class="zoom">{Math.round(scales[scaleIndex]! * 100)}%</span>
        <button class="icon" title="Zoom in" aria-label="Zoom in" disabled={scaleIndex === scales.length - 1} onClick={() => setScaleIndex((i) => Math.min(scales.length - 1, i + 1))}>
          <span class="codicon codicon-zoom-in" />
        </button>
        <button class="secondary" disabled={!layout} onClick={() => svgRef.current && graphApi.postMessage({ type: 'svg', svg: exportSvgMarkup(svgRef.current) })}>
          Export SVG
        </button>
        <button class="secondary" disabled={!graph} onClick={() => graphApi.postMessage({ type: 'exportDot' })}>Export DOT</button>
        <span class="legend" aria-label="Edge legend">
          <span class="swatch exact" /> exact <span class="swatch import" /> import <span class="swatch name" /> name only
        </span>
      </div>
      <StatusLine status={status} graph={graph} />
      <div class="canvas">{layout && <GraphSvg layout={layout} scale={scales[scaleIndex]!} onOpen={open} svgRef={svgRef} />}</div>
    </div>
  );
}

function StatusLine({ status, graph }: { status: Status; graph: TraceSubgraph | undefined }): preact.JSX.Element | null {
  switch (status.kind) {
    case 'waiting':
      return <p class="status">Tracing…</p>;
    case 'loading':
      return <p class="status">Tracing callers and callees, {status.depth} hop{status.depth === 1 ? '' : 's'} each way…</p>;
    case 'layout':
      return <p class="status">Laying out {graph?.nodes.length ?? 0} symbols…</p>;
    case 'error':
      return <p class="status error" role="alert">{status.message}</p>;
    case 'shown':
      if (!graph) return null;
      return (
        <p class="status">
          {graph.nodes.length} symbols, {graph.edges.length} calls{graph.truncated ? ' (stopped at the node limit: lower the depth)' : ''}. Click a symbol or press Enter on it to open it.
        </p>
      );
  }
}
