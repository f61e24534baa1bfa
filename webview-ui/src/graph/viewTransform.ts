/**
 * Where the graph sits in its canvas: graph point (gx, gy) is drawn at (x + gx·scale, y + gy·scale). Pure functions,
 * so fitting, zooming about a point and panning are tested without a browser.
 */
export interface ViewTransform {
  x: number;
  y: number;
  scale: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const minScale = 0.1;
export const maxScale = 4;
/** A fit never enlarges a small graph past 100%, and never shrinks a big one below this: labels must stay readable. */
export const minFitScale = 0.35;
const fitMargin = 24;
/** One zoom step (a key press, a button, a wheel notch). */
export const zoomStep = 1.2;

function clampScale(scale: number): number {
  return Math.min(maxScale, Math.max(minScale, Number.isFinite(scale) ? scale : 1));
}

/**
 * The whole graph centred in the canvas at the largest scale up to 100%. When that would be below `minFitScale`, the
 * graph is shown at that scale centred on `focus` (the root), so the root is always in view.
 */
export function fitTransform(graph: Size, canvas: Size, focus?: Box): ViewTransform {
  const room = { width: Math.max(1, canvas.width - 2 * fitMargin), height: Math.max(1, canvas.height - 2 * fitMargin) };
  const fit = Math.min(1, room.width / Math.max(1, graph.width), room.height / Math.max(1, graph.height));
  if (fit >= minFitScale || !focus) {
    const scale = clampScale(fit);
    return { scale, x: (canvas.width - graph.width * scale) / 2, y: (canvas.height - graph.height * scale) / 2 };
  }
  const scale = minFitScale;
  return centreOn(focus, canvas, scale);
}

/** `box` (graph coordinates) in the middle of the canvas at `scale`. */
export function centreOn(box: Box, canvas: Size, scale: number): ViewTransform {
  return {
    scale,
    x: canvas.width / 2 - (box.x + box.width / 2) * scale,
    y: canvas.height / 2 - (box.y + box.height / 2) * scale,
  };
}

/** Zoomed by `factor` about canvas point (px, py), which stays over the same graph point. */
export function zoomAt(view: ViewTransform, factor: number, px: number, py: number): ViewTransform {
  const scale = clampScale(view.scale * factor);
  const ratio = scale / view.scale;
  return { scale, x: px - (px - view.x) * ratio, y: py - (py - view.y) * ratio };
}

export function panBy(view: ViewTransform, dx: number, dy: number): ViewTransform {
  return { ...view, x: view.x + dx, y: view.y + dy };
}

/** True when `box` (graph coordinates) is wholly inside the canvas under `view`. */
export function isInView(view: ViewTransform, box: Box, canvas: Size): boolean {
  const left = view.x + box.x * view.scale;
  const top = view.y + box.y * view.scale;
  return (
    left >= 0 &&
    top >= 0 &&
    left + box.width * view.scale <= canvas.width &&
    top + box.height * view.scale <= canvas.height
  );
}
