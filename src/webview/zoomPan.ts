/**
 * Zoom (wheel, or the buttons) and pan (drag, or the arrow keys on the canvas) for a drawing
 * too big to read whole: the content is one group whose transform changes, nothing is redrawn.
 */
import type { GraphTransform } from "../shared/panelMessages";
import { html } from "./dom";
import { actionButton } from "./elements";
import { fitted, zoomedAt } from "./viewZoom";

export interface ZoomPanOptions {
  /** Where the user left the view (kept across a reload); without it the drawing is fitted. */
  initial?: GraphTransform;
  /** Told the view each time the user zooms or pans (once a drag ends), to keep it. */
  onChange?: (view: GraphTransform) => void;
}

export function zoomAndPan(
  viewport: SVGSVGElement,
  content: SVGGElement,
  size: { width: number; height: number },
  options: ZoomPanOptions = {},
) {
  let view: GraphTransform = { scale: 1, x: 0, y: 0 };
  const apply = (next: GraphTransform) => {
    view = next;
    content.setAttribute("transform", `translate(${view.x} ${view.y}) scale(${view.scale})`);
  };
  const change = (next: GraphTransform) => {
    apply(next);
    options.onChange?.(view);
  };
  const canvas = () => {
    const { width, height } = viewport.getBoundingClientRect();
    return { width, height };
  };
  const zoomAt = (factor: number, cx: number, cy: number) => change(zoomedAt(view, factor, cx, cy));
  const fit = () => change(fitted(canvas(), size));
  viewport.addEventListener(
    "wheel",
    (event) => {
      event.preventDefault();
      const bounds = viewport.getBoundingClientRect();
      zoomAt(event.deltaY < 0 ? 1.15 : 1 / 1.15, event.clientX - bounds.left, event.clientY - bounds.top);
    },
    { passive: false },
  );
  let drag: { x: number; y: number } | undefined;
  viewport.addEventListener("pointerdown", (event) => {
    if ((event.target as Element).closest(".node, .group-header")) return;
    drag = { x: event.clientX - view.x, y: event.clientY - view.y };
    viewport.setPointerCapture(event.pointerId);
  });
  viewport.addEventListener("pointermove", (event) => {
    if (drag) apply({ ...view, x: event.clientX - drag.x, y: event.clientY - drag.y });
  });
  viewport.addEventListener("pointerup", () => {
    if (drag) options.onChange?.(view);
    drag = undefined;
  });
  const centre = () => {
    const { width, height } = canvas();
    return [width / 2, height / 2] as const;
  };
  const controls = html(
    "div",
    { class: "zoom-controls", role: "toolbar", "aria-label": "Zoom the graph" },
    actionButton("Zoom in", "+", () => zoomAt(1.25, ...centre())),
    actionButton("Zoom out", "−", () => zoomAt(0.8, ...centre())),
    actionButton("Fit the whole graph", "Fit", fit),
  );
  /** The view the user left, or the whole drawing: called once the canvas has its size. */
  const start = () => apply(options.initial ?? fitted(canvas(), size));
  /** Brings a node into view when the keyboard reaches it. */
  const reveal = (box: { x: number; y: number; width: number; height: number }) => {
    const { width, height } = canvas();
    const left = box.x * view.scale + view.x;
    const top = box.y * view.scale + view.y;
    let { x, y } = view;
    if (left < 0 || left + box.width * view.scale > width) x -= left - (width - box.width * view.scale) / 2;
    if (top < 0 || top + box.height * view.scale > height) y -= top - (height - box.height * view.scale) / 2;
    if (x !== view.x || y !== view.y) change({ ...view, x, y });
  };
  return { controls, start, reveal };
}
