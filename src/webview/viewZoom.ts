/**
 * The arithmetic of zooming the pictures, apart from the DOM so that plain Node tests it: the
 * graph's transform (zoom about a point, fit the drawing into the canvas) and the timeline's zoom
 * (how many times the visible width its time axis spans).
 */
import type { GraphTransform } from "../shared/panelMessages";

export const GRAPH_SCALE = { min: 0.05, max: 4 };
export const TIMELINE_ZOOM = { min: 1, max: 64, step: 1.5 };

type Size = { width: number; height: number };

/** Zooms by `factor` about the canvas point (cx, cy): the drawing's point under it stays under it. */
export function zoomedAt(view: GraphTransform, factor: number, cx: number, cy: number): GraphTransform {
  const scale = Math.min(GRAPH_SCALE.max, Math.max(GRAPH_SCALE.min, view.scale * factor));
  return {
    scale,
    x: cx - ((cx - view.x) * scale) / view.scale,
    y: cy - ((cy - view.y) * scale) / view.scale,
  };
}

/** The whole drawing in the canvas, centred across, never enlarged past its own size. */
export function fitted(canvas: Size, drawing: Size): GraphTransform {
  const scale = Math.min(1, canvas.width / Math.max(1, drawing.width), canvas.height / Math.max(1, drawing.height));
  return { scale, x: (canvas.width - drawing.width * scale) / 2, y: 0 };
}

/** The timeline's zoom one step in (`direction` 1) or out (-1), kept within its bounds. */
export function timelineZoomed(zoom: number, direction: 1 | -1): number {
  const next = zoom * TIMELINE_ZOOM.step ** direction;
  // A few steps in and as many out land on 1 again, not on 0.9999.
  const rounded = Math.round(next * 1000) / 1000;
  return Math.min(TIMELINE_ZOOM.max, Math.max(TIMELINE_ZOOM.min, rounded));
}

/** How a zoom reads on its button bar: "×1", "×2.25". */
export function zoomText(zoom: number): string {
  return `×${Number(zoom.toFixed(2))}`;
}
