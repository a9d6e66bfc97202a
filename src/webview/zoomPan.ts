/**
 * Zoom (wheel, or the buttons) and pan (drag, or the arrow keys on the canvas) for a drawing
 * too big to read whole: the content is one group whose transform changes, nothing is redrawn.
 */
import { html } from "./dom";

export function zoomAndPan(viewport: SVGSVGElement, content: SVGGElement, size: { width: number; height: number }) {
  let scale = 1;
  let x = 0;
  let y = 0;
  const apply = () => content.setAttribute("transform", `translate(${x} ${y}) scale(${scale})`);
  const zoomAt = (factor: number, cx: number, cy: number) => {
    const next = Math.min(4, Math.max(0.05, scale * factor));
    x = cx - ((cx - x) * next) / scale;
    y = cy - ((cy - y) * next) / scale;
    scale = next;
    apply();
  };
  const fit = () => {
    const { width, height } = viewport.getBoundingClientRect();
    scale = Math.min(1, width / Math.max(1, size.width), height / Math.max(1, size.height));
    x = (width - size.width * scale) / 2;
    y = 0;
    apply();
  };
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
    drag = { x: event.clientX - x, y: event.clientY - y };
    viewport.setPointerCapture(event.pointerId);
  });
  viewport.addEventListener("pointermove", (event) => {
    if (!drag) return;
    x = event.clientX - drag.x;
    y = event.clientY - drag.y;
    apply();
  });
  viewport.addEventListener("pointerup", () => (drag = undefined));
  const centre = () => {
    const { width, height } = viewport.getBoundingClientRect();
    return [width / 2, height / 2] as const;
  };
  const button = (label: string, text: string, action: () => void) => {
    const element = html("button", { type: "button", "aria-label": label, title: label }, text);
    element.addEventListener("click", action);
    return element;
  };
  const controls = html(
    "div",
    { class: "zoom-controls", role: "toolbar", "aria-label": "Zoom" },
    button("Zoom in", "+", () => zoomAt(1.25, ...centre())),
    button("Zoom out", "−", () => zoomAt(0.8, ...centre())),
    button("Fit the whole graph", "Fit", fit),
  );
  /** Brings a node into view when the keyboard reaches it. */
  const reveal = (box: { x: number; y: number; width: number; height: number }) => {
    const { width, height } = viewport.getBoundingClientRect();
    const left = box.x * scale + x;
    const top = box.y * scale + y;
    if (left < 0 || left + box.width * scale > width) x -= left - (width - box.width * scale) / 2;
    if (top < 0 || top + box.height * scale > height) y -= top - (height - box.height * scale) / 2;
    apply();
  };
  return { controls, fit, reveal };
}
