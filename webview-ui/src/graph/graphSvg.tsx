import type { GraphLayout, PlacedNode } from './layoutGraph';

const confidences = ['exact', 'import', 'name'] as const;

interface GraphSvgProps {
  layout: GraphLayout;
  scale: number;
  onOpen: (node: PlacedNode) => void;
  svgRef: preact.RefObject<SVGSVGElement>;
}

/** The laid-out graph; every position is an SVG attribute (the page's CSP allows no style attributes). */
export function GraphSvg({ layout, scale, onOpen, svgRef }: GraphSvgProps): preact.JSX.Element {
  const onKey = (node: PlacedNode) => (event: KeyboardEvent): void => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    onOpen(node);
  };
  return (
    <svg
      ref={svgRef}
      xmlns="http://www.w3.org/2000/svg"
      class="graph"
      width={Math.max(1, Math.round(layout.width * scale))}
      height={Math.max(1, Math.round(layout.height * scale))}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      role="group"
      aria-label="Dependency graph"
    >
      <defs>
        {confidences.map((confidence) => (
          <marker key={confidence} id={`arrow-${confidence}`} class={`arrow ${confidence}`} viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" />
          </marker>
        ))}
      </defs>
      <g class="edges">
        {layout.edges.map((edge) => (
          <path key={`${edge.from}->${edge.to}`} class={`edge ${edge.confidence}`} d={edge.path} marker-end={`url(#arrow-${edge.confidence})`}>
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
            <text class="label" x="10" y="17">{node.label}</text>
            <text class="location" x="10" y="32">{`${node.file}:${node.line}`}</text>
          </g>
        ))}
      </g>
    </svg>
  );
}

/** Presentation properties copied onto an exported SVG, so it keeps the theme's look without the page's CSS. */
const inlined = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'font-family', 'font-size', 'font-weight', 'opacity'];

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
      if (value && value !== 'none' && !(property === 'stroke-dasharray' && value === 'none')) out.setAttribute(property, value);
    }
    // Page-only attributes go: the file needs none, and labels then appear only as escaped text.
    for (const name of out.getAttributeNames()) if (/^(class|tabindex|role|aria-.*|data-.*)$/.test(name)) out.removeAttribute(name);
  });
  const [, , width, height] = (svg.getAttribute('viewBox') ?? '0 0 0 0').split(' ');
  copy.setAttribute('width', width ?? '0');
  copy.setAttribute('height', height ?? '0');
  const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', getComputedStyle(document.body).backgroundColor || '#ffffff');
  copy.insertBefore(background, copy.firstChild);
  return new XMLSerializer().serializeToString(copy);
}
