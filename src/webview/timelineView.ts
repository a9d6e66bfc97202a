/**
 * Draws the run in time: a row per call, grouped by class, a bar from its start to its end
 * labelled with its status in words, the callback's part of the bar drawn apart, the critical
 * path marked, and the summary line on top. Zoom widens the time axis; the page scrolls it.
 */
import { seconds, STATUS_ICON, STATUS_WORD } from "../pictures/statusWords";
import type { Timeline, TimelineRow } from "../pictures/timelineModel";
import { html } from "./dom";

/** A call's output and error, line by line, shown under its row when it is opened. */
export type DetailsOf = (key: string) => Array<{ text: string; error: boolean }>;

/** What the user did to a drawn timeline, carried into the next drawing of the same run. */
interface TimelineView {
  zoom: string;
  opened: Set<string>;
  scrollLeft: number;
  /** The row key the keyboard is on, or "zoom" for the slider. */
  focused?: string;
}

/**
 * Draws the timeline into `place` again, as the run goes on: the zoom, the opened rows, the
 * scroll and the keyboard's place stay where the user left them.
 */
export function redrawTimeline(place: HTMLElement, timeline: Timeline, detailsOf: DetailsOf): void {
  const before = viewOf(place);
  place.replaceChildren(drawTimeline(timeline, detailsOf, before));
  if (!before) return;
  place.querySelector<HTMLElement>(".timeline-scroll")!.scrollLeft = before.scrollLeft;
  const focus =
    before.focused === "zoom"
      ? place.querySelector<HTMLElement>(".zoom-time")
      : [...place.querySelectorAll<HTMLElement>(".timeline-row")].find((row) => row.dataset.key === before.focused);
  focus?.focus({ preventScroll: true });
}

function viewOf(place: HTMLElement): TimelineView | undefined {
  const zoom = place.querySelector<HTMLInputElement>(".zoom-time");
  if (!zoom) return undefined;
  const opened = [...place.querySelectorAll<HTMLElement>('.timeline-row[aria-expanded="true"], .timeline-row.opens')];
  const active = document.activeElement;
  const focused =
    active === zoom
      ? "zoom"
      : active instanceof HTMLElement && place.contains(active)
        ? active.closest<HTMLElement>(".timeline-row")?.dataset.key
        : undefined;
  return {
    zoom: zoom.value,
    opened: new Set(opened.map((row) => row.dataset.key!)),
    scrollLeft: place.querySelector<HTMLElement>(".timeline-scroll")!.scrollLeft,
    focused,
  };
}

export function drawTimeline(timeline: Timeline, detailsOf: DetailsOf, view?: TimelineView): HTMLElement {
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
      track.append(...withDetails(drawRow(row, span), detailsOf(row.key), view?.opened.has(row.key) ?? false));
  }
  const zoomValue = view?.zoom ?? "1";
  const zoom = html("input", {
    type: "range",
    class: "zoom-time",
    min: 1,
    max: 40,
    value: zoomValue,
    "aria-label": "Zoom the time axis",
  });
  track.style.setProperty("--zoom", zoomValue);
  zoom.addEventListener("input", () => track.style.setProperty("--zoom", (zoom as HTMLInputElement).value));
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
      " on the critical path  ",
      html("label", {}, "Zoom ", zoom),
    ),
    html("div", { class: "timeline-scroll" }, track),
  );
}

/** A click or Enter on a row with output or an error shows them under it. */
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
  row.addEventListener("click", toggle);
  row.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    toggle();
  });
  return [row, details];
}

function drawRow(row: TimelineRow, span: number): HTMLElement {
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
    row.key,
    row.worker !== undefined ? html("span", { class: "worker" }, ` worker ${row.worker}`) : "",
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
