import type { GraphLayout, PlacedNode } from './layoutGraph';
import type { ViewTransform } from './viewTransform';

const confidences = ['exact', 'import', 'name'] as const;

interface GraphSvgProps {
  layout: GraphLayout;
  view: ViewTransform;
  onOpen: (node: PlacedNode) => void;
  svgRef: preact.RefObject<SVGSVGElement>;
}

/**
 * The laid-out graph filling the canvas, moved and scaled by `view` (a transform on one group); every position is an
 * SVG attribute (the page's CSP allows no style attributes).
 */
export function GraphSvg({ layout, view, onOpen, svgRef }: GraphSvgProps): preact.JSX.Element {
  const onKey =
    (node: PlacedNode) =>
    (event: KeyboardEvent): void => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      onOpen(node);
    };
  return (
    <svg
      ref={svgRef}
      xmlns="http://www.w3.org/2000/svg"
      class="graph"
      width="100%"
      height="100%"
      data-width={layout.width}
      data-height={layout.height}
      role="group"
      aria-label="Dependency graph"
    >
      <defs>
        {confidences.map((confidence) => (
          <marker
            key={confidence}
            id={`arrow-${confidence}`}
            class={`arrow ${confidence}`}
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M0,0 L10,5 L0,10 z" />
          </marker>
        ))}
      </defs>
      <g class="viewport" transform={`translate(${view.x},${view.y}) scale(${view.scale})`}>
        <g class="edges">
          {layout.edges.map((edge) => (
            <path
              key={`${edge.from}->${edge.to}`}
              class={`edge ${edge.confidence}`}
              d={edge.path}
              marker-end={`url(#arrow-${edge.confidence})`}
            >
              <title>{`${edge.confidence}${edge.file ? ` · ${edge.file}:${edge.line}` : ''}`}</title>
            </path>
          ))}
        </g>
        <g class="nodes">
          {layout.nodes.map((node) => (
            <g
              key={node.id}
              class={`node ${node.side}`}
              transform={`translate(${node.x},${node.y})`}
              tabIndex={0}
              role="button"
              aria-label={`${node.label}, ${node.kind}, ${node.file} line ${node.line}`}
              data-id={node.id}
              data-file={node.file}
              data-line={node.line}
              onClick={() => onOpen(node)}
              onKeyDown={onKey(node)}
            >
              <title>{`${node.kind} ${node.label}\n${node.file}:${node.line}`}</title>
              <rect width={node.width} height={node.height} rx="4" ry="4" />
              <text class="label" x="10" y="17">
                {node.label}
              </text>
              <text class="location" x="10" y="32">{`${node.file}:${node.line}`}</text>
            </g>
          ))}
        </g>
      </g>
    </svg>
  );
}

/** Presentation properties copied onto an exported SVG, so it keeps the theme's look without the page's CSS. */
const inlined = [
  'fill',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'font-family',
  'font-size',
  'font-weight',
  'opacity',
];

/** A standalone copy of the drawn SVG: computed colours and fonts become attributes, a background rect goes first. */
export function exportSvgMarkup(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const source = [svg, ...svg.querySelectorAll('*')];
  const target = [copy, ...copy.querySelectorAll('*')];
  source.forEach((element, index) => {
    const out = target[index];
    if (!out || element.tagName === 'title') return;
    const computed = getComputedStyle(element);
    for (const property of inlined) {
      const value = computed.getPropertyValue(property);
      if (value && value !== 'none' && !(property === 'stroke-dasharray' && value === 'none'))
        out.setAttribute(property, value);
    }
    // Page-only attributes go: the file needs none, and labels then appear only as escaped text.
    for (const name of out.getAttributeNames())
      if (/^(class|tabindex|role|aria-.*|data-.*)$/.test(name)) out.removeAttribute(name);
  });
  // The file holds the whole graph at 100%, whatever part of it the page is zoomed or panned to.
  const width = svg.getAttribute('data-width') ?? '0';
  const height = svg.getAttribute('data-height') ?? '0';
  copy.querySelector('g.viewport')?.removeAttribute('transform');
  copy.setAttribute('viewBox', `0 0 ${width} ${height}`);
  copy.setAttribute('width', width);
  copy.setAttribute('height', height);
  const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', getComputedStyle(document.body).backgroundColor || '#ffffff');
  copy.insertBefore(background, copy.firstChild);
  return new XMLSerializer().serializeToString(copy);
}
