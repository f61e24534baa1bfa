import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { GraphEdge, GraphNode, TraceSubgraph } from '../../../src/core/protocol/traceGraphProtocol';

export interface PlacedNode extends GraphNode {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface PlacedEdge extends GraphEdge {
  /** SVG path data through the router's points. */
  path: string;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

const padding = 10;
const nodeHeight = 40;

// One instance: without a worker URL the bundled ELK runs on the page's thread, which the CSP allows.
const elk = new ELK();

/** Left-to-right layered layout (callers left of the root, callees right of it) with orthogonal edges. */
export async function layoutGraph(
  graph: TraceSubgraph,
  measure: (text: string, small: boolean) => number,
): Promise<GraphLayout> {
  const children: ElkNode[] = graph.nodes.map((node) => ({
    id: node.id,
    width: Math.ceil(Math.max(measure(node.label, false), measure(`${node.file}:${node.line}`, true)) + 2 * padding),
    height: nodeHeight,
  }));
  const edges: ElkExtendedEdge[] = graph.edges.map((edge, index) => ({
    id: `e${index}`,
    sources: [edge.from],
    targets: [edge.to],
  }));
  const input: ElkNode = {
    id: 'trace',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.spacing.nodeNode': '18',
      'elk.layered.spacing.nodeNodeBetweenLayers': '48',
      'elk.padding': '[top=16,left=16,bottom=16,right=16]',
    },
    children,
    edges,
  };
  const laidOut = await elk.layout(input);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const nodes: PlacedNode[] = (laidOut.children ?? []).flatMap((child) => {
    const node = byId.get(child.id);
    return node
      ? [{ ...node, x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? nodeHeight }]
      : [];
  });
  const placedEdges: PlacedEdge[] = (laidOut.edges ?? []).flatMap((edge) => {
    const source = graph.edges[Number(edge.id.slice(1))];
    const section = edge.sections?.[0];
    if (!source || !section) return [];
    const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint];
    return [
      { ...source, path: points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ') },
    ];
  });
  return { width: Math.ceil(laidOut.width ?? 0), height: Math.ceil(laidOut.height ?? 0), nodes, edges: placedEdges };
}
