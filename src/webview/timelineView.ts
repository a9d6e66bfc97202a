/**
 * Draws the run in time: a row per call, grouped by class, a bar from its start to its end
 * labelled with its status in words, the callback's part of the bar drawn apart, the critical
 * path marked, and the summary line on top. Zoom widens the time axis; the page scrolls it.
 */
import { seconds, STATUS_ICON, STATUS_WORD } from "../pictures/statusWords";
import type { Timeline, TimelineRow } from "../pictures/timelineModel";
import { html } from "./dom";
import { actionButton } from "./elements";
import { TIMELINE_ZOOM, timelineZoomed, zoomText } from "./viewZoom";

/** A call's output and error, line by line, shown under its row when it is opened. */
export type DetailsOf = (key: string) => Array<{ text: string; error: boolean }>;

export interface TimelineOptions {
  /** Opens a task in the editor; without it (the report) a row's name is plain text. */
  openTask?: (id: string) => void;
  /** The zoom to draw at first (1 fits the whole run), e.g. kept across a reload. */
  zoom?: number;
  /** Told the zoom each time the user changes it, to keep it. */
  onZoom?: (zoom: number) => void;
}

/** What the user did to a drawn timeline, carried into the next drawing of the same run. */
interface TimelineView {
  zoom: number;
  opened: Set<string>;
  scrollLeft: number;
  /** Where the keyboard is: a row (or its task's name) by key, or a zoom button by its label. */
  focused?: { row: string; name: boolean } | { button: string };
}

/**
 * Draws the timeline into `place` again, as the run goes on: the zoom, the opened rows, the
 * scroll and the keyboard's place stay where the user left them.
 */
export function redrawTimeline(
  place: HTMLElement,
  timeline: Timeline,
  detailsOf: DetailsOf,
  options: TimelineOptions = {},
): void {
  const before = viewOf(place);
  place.replaceChildren(
    drawTimeline(timeline, detailsOf, { ...options, ...(before && { zoom: before.zoom }) }, before),
  );
  if (!before) return;
  place.querySelector<HTMLElement>(".timeline-scroll")!.scrollLeft = before.scrollLeft;
  focusAgain(place, before.focused)?.focus({ preventScroll: true });
}

function focusAgain(place: HTMLElement, focused: TimelineView["focused"]): HTMLElement | undefined {
  if (!focused) return undefined;
  if ("button" in focused)
    return [...place.querySelectorAll<HTMLElement>(".timeline-zoom [aria-label]")].find(
      (button) => button.getAttribute("aria-label") === focused.button,
    );
  const row = [...place.querySelectorAll<HTMLElement>(".timeline-row")].find(
    (each) => each.dataset.key === focused.row,
  );
  return (focused.name ? row?.querySelector<HTMLElement>(".task-name") : undefined) ?? row;
}

function viewOf(place: HTMLElement): TimelineView | undefined {
  const track = place.querySelector<HTMLElement>(".timeline-rows");
  if (!track) return undefined;
  const opened = [...place.querySelectorAll<HTMLElement>('.timeline-row[aria-expanded="true"], .timeline-row.opens')];
  return {
    zoom: Number(track.dataset.zoom),
    opened: new Set(opened.map((row) => row.dataset.key!)),
    scrollLeft: place.querySelector<HTMLElement>(".timeline-scroll")!.scrollLeft,
    focused: focusedIn(place),
  };
}

function focusedIn(place: HTMLElement): TimelineView["focused"] {
  const active = document.activeElement;
  if (!(active instanceof HTMLElement) || !place.contains(active)) return undefined;
  const button = active.closest<HTMLElement>(".timeline-zoom [aria-label]");
  if (button) return { button: button.getAttribute("aria-label")! };
  const row = active.closest<HTMLElement>(".timeline-row");
  return row ? { row: row.dataset.key!, name: active.classList.contains("task-name") } : undefined;
}

export function drawTimeline(
  timeline: Timeline,
  detailsOf: DetailsOf,
  options: TimelineOptions = {},
  view?: TimelineView,
): HTMLElement {
  const span = Math.max(
    1,
    timeline.durationMs ?? 0,
    ...timeline.groups.flatMap((group) => group.rows.map((row) => row.endMs ?? 0)),
  );
  const track = html("div", { class: "timeline-rows", role: "table", "aria-label": "Timeline of the run" });
  track.append(
    html(
      "div",
      { class: "timeline-axis", role: "row", "aria-hidden": "true" },
      html("span", { class: "row-label" }, ""),
      html("span", { class: "row-track" }, ...ticks(span)),
    ),
  );
  for (const group of timeline.groups) {
    track.append(
      html(
        "div",
        { class: "timeline-group", role: "row" },
        html("span", { role: "rowheader" }, group.className || "(no class)"),
      ),
    );
    for (const row of group.rows)
      track.append(
        ...withDetails(drawRow(row, span, options.openTask), detailsOf(row.key), view?.opened.has(row.key) ?? false),
      );
  }
  return html(
    "section",
    { class: "timeline", "aria-label": "Timeline" },
    html("h2", {}, "Timeline"),
    ...(timeline.summary ? [html("p", { class: "summary" }, timeline.summary)] : []),
    html(
      "p",
      { class: "legend" },
      html("span", { class: "swatch own" }, ""),
      " the task's own time  ",
      html("span", { class: "swatch callback" }, ""),
      " its callback  ",
      html("span", { class: "critical-mark" }, "★"),
      " on the critical path",
    ),
    zoomControls(track, options),
    html("div", { class: "timeline-scroll" }, track),
  );
}

/** Buttons that widen and narrow the time axis, and the zoom they are at, said aloud when it changes. */
function zoomControls(track: HTMLElement, { zoom: initial, onZoom }: TimelineOptions): HTMLElement {
  const level = html("span", { class: "zoom-level", "aria-live": "polite" });
  const show = (zoom: number) => {
    track.dataset.zoom = String(zoom);
    track.style.setProperty("--zoom", String(zoom));
    level.textContent = zoomText(zoom);
  };
  const change = (zoom: number) => {
    show(zoom);
    onZoom?.(zoom);
  };
  const current = () => Number(track.dataset.zoom);
  show(Math.min(TIMELINE_ZOOM.max, Math.max(TIMELINE_ZOOM.min, initial ?? 1)));
  return html(
    "div",
    { class: "zoom-controls timeline-zoom", role: "toolbar", "aria-label": "Zoom the time axis" },
    actionButton("Widen the time axis", "+", () => change(timelineZoomed(current(), 1))),
    actionButton("Narrow the time axis", "−", () => change(timelineZoomed(current(), -1))),
    actionButton("Fit the whole run", "Fit", () => change(TIMELINE_ZOOM.min)),
    level,
  );
}

/**
 * A click or Enter on a row with output or an error shows them under it; a click or Enter on its
 * task's name (in the editor) opens the task instead.
 */
function withDetails(row: HTMLElement, lines: Array<{ text: string; error: boolean }>, open: boolean): HTMLElement[] {
  // Opened in an earlier drawing, before a new run's output came: open when it comes.
  if (lines.length === 0) {
    if (open) row.classList.add("opens");
    return [row];
  }
  const details = html(
    "div",
    { class: "row-details", ...(open ? {} : { hidden: "" }) },
    ...lines.map((line) => html("div", { class: line.error ? "detail error" : "detail" }, line.text)),
  );
  row.classList.add("has-details");
  row.setAttribute("tabindex", "0");
  row.setAttribute("aria-expanded", String(open));
  const toggle = () => {
    details.hidden = !details.hidden;
    row.setAttribute("aria-expanded", String(!details.hidden));
  };
  const onName = (event: Event) => (event.target as Element).closest(".task-name") !== null;
  row.addEventListener("click", (event) => {
    if (!onName(event)) toggle();
  });
  row.addEventListener("keydown", (event) => {
    if ((event.key !== "Enter" && event.key !== " ") || onName(event)) return;
    event.preventDefault();
    toggle();
  });
  return [row, details];
}

/**
 * The worker process that ran the call; through Redis, the `semisync worker`, by its name alone:
 * it runs several calls at once, so a number would read as one process of it.
 */
function workerLabel(row: TimelineRow): string {
  return row.workerName === undefined ? ` worker ${row.worker}` : ` on ${row.workerName}`;
}

function drawRow(row: TimelineRow, span: number, openTask?: (id: string) => void): HTMLElement {
  const word = STATUS_WORD[row.status];
  const duration = row.startMs !== undefined && row.endMs !== undefined ? ` ${seconds(row.endMs - row.startMs)}` : "";
  const callback =
    row.returnedAtMs !== undefined && row.endMs !== undefined
      ? `, callback ${seconds(row.endMs - row.returnedAtMs)}`
      : "";
  const text = `${STATUS_ICON[row.status]} ${word}${duration}${callback}${row.reason ? ` — ${row.reason}` : ""}`;
  const label = html(
    "span",
    { class: "row-label", role: "rowheader" },
    row.critical ? html("span", { class: "critical-mark", title: "on the critical path" }, "★ ") : "",
    openTask ? taskName(row, openTask) : row.key,
    row.worker !== undefined ? html("span", { class: "worker" }, workerLabel(row)) : "",
  );
  const cell = html("span", { class: "row-track", role: "cell" });
  if (row.startMs !== undefined) {
    const end = row.endMs ?? row.startMs;
    const returned = row.returnedAtMs ?? end;
    const percent = (ms: number) => `${((ms / span) * 100).toFixed(3)}%`;
    cell.append(
      html("span", {
        class: "bar own",
        style: `left: ${percent(row.startMs)}; width: ${percent(returned - row.startMs)}`,
      }),
      html("span", {
        class: "bar callback",
        style: `left: ${percent(returned)}; width: ${percent(end - returned)}`,
      }),
      html("span", { class: "bar-text", style: `left: ${percent(end)}` }, text),
    );
  } else cell.append(html("span", { class: "bar-text" }, text));
  return html(
    "div",
    {
      class: `timeline-row status-${row.status}${row.critical ? " critical" : ""}`,
      role: "row",
      "data-key": row.key,
      "aria-label": `${row.key}: ${text.slice(2)}${row.critical ? ", on the critical path" : ""}`,
    },
    label,
    cell,
  );
}

/** The row's name as a control that opens its task in the editor, beside the panel. */
function taskName(row: TimelineRow, openTask: (id: string) => void): HTMLElement {
  const label = `Open ${row.key} in the editor`;
  const name = html("button", { type: "button", class: "task-name", title: label, "aria-label": label }, row.key);
  name.addEventListener("click", () => openTask(row.id));
  return name;
}

function ticks(span: number): HTMLElement[] {
  const step = niceStep(span / 6);
  const marks: HTMLElement[] = [];
  for (let ms = 0; ms <= span; ms += step)
    marks.push(html("span", { class: "tick", style: `left: ${((ms / span) * 100).toFixed(3)}%` }, seconds(ms)));
  return marks;
}

function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(rough, 1)));
  return [1, 2, 5, 10].map((factor) => factor * power).find((step) => step >= rough) ?? 10 * power;
}
