import { describe, expect, it } from 'vitest';
import {
  centreOn,
  fitTransform,
  isInView,
  maxScale,
  minFitScale,
  minScale,
  panBy,
  zoomAt,
} from '../../../webview-ui/src/graph/viewTransform';

describe('graph view transform', () => {
  const canvas = { width: 1000, height: 600 };

  it('fits a small graph at 100%, centred', () => {
    const view = fitTransform({ width: 400, height: 200 }, canvas);
    expect(view).toEqual({ scale: 1, x: 300, y: 200 });
  });

  it('shrinks a wide graph until every node is in view', () => {
    const graph = { width: 2400, height: 500 };
    const view = fitTransform(graph, canvas, { x: 1200, y: 200, width: 100, height: 40 });
    expect(view.scale).toBeLessThan(1);
    expect(view.scale).toBeGreaterThanOrEqual(minFitScale);
    expect(isInView(view, { x: 0, y: 0, ...graph }, canvas)).toBe(true);
  });

  it('keeps a huge graph readable and centres the root instead', () => {
    const root = { x: 9000, y: 3000, width: 120, height: 40 };
    const view = fitTransform({ width: 20_000, height: 8000 }, canvas, root);
    expect(view.scale).toBe(minFitScale);
    expect(isInView(view, root, canvas)).toBe(true);
    expect(view).toEqual(centreOn(root, canvas, minFitScale));
  });

  it('zooms about the pointer: the graph point under it stays put', () => {
    const view = { x: 50, y: 20, scale: 1 };
    const zoomed = zoomAt(view, 2, 250, 120);
    const graphPoint = { x: (250 - view.x) / view.scale, y: (120 - view.y) / view.scale };
    expect(zoomed.x + graphPoint.x * zoomed.scale).toBeCloseTo(250);
    expect(zoomed.y + graphPoint.y * zoomed.scale).toBeCloseTo(120);
  });

  it('zooms below 50% and stops at its limits', () => {
    let view = { x: 0, y: 0, scale: 1 };
    for (let i = 0; i < 40; i++) view = zoomAt(view, 1 / 1.2, 0, 0);
    expect(view.scale).toBe(minScale);
    for (let i = 0; i < 60; i++) view = zoomAt(view, 1.2, 0, 0);
    expect(view.scale).toBe(maxScale);
  });

  it('pans by the dragged distance', () => {
    expect(panBy({ x: 10, y: 10, scale: 2 }, -30, 15)).toEqual({ x: -20, y: 25, scale: 2 });
  });
});
