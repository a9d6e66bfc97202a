/**
 * The messages between the editor and its graph panel (a webview), typed here for both sides and
 * checked on arrival: a webview's message is data from another realm, and a malformed one must be
 * dropped and logged, never thrown into the UI or acted on.
 */
import type { RunEvent } from "./protocol";

/** What the panel shows: the graph of one task (every task connected to it), or a whole folder. */
export type PanelScope = { kind: "task"; file: string; task: string } | { kind: "folder"; folder: string };

/**
 * A static graph as the scanner sees it (the pictures' GraphInput has this shape): each task's
 * dependencies with the file each resolves to, as two files may declare one `Class.method`.
 */
export interface PanelGraph {
  tasks: Array<{ id: string; file?: string; line?: number; dependsOn?: Array<{ task: string; file?: string }> }>;
  dependencies?: Record<string, string[]>;
  unknown?: Array<{ task: string; file?: string; name: string }>;
}

export type ToPanel =
  /** The graph to draw (again): sent on `ready` and whenever the scan changes it. */
  | {
      type: "graph";
      scope: PanelScope;
      title: string;
      graph: PanelGraph;
      problems: Array<{ code: string; message: string }>;
      /** The task whose graph the scope switch goes back to from a folder's, if the editor knows one. */
      lastTask?: string;
    }
  /** Events of the editor's run number `run`, in order; a new number starts the run's pictures afresh. */
  | { type: "run"; run: number; events: RunEvent[] };

export type FromPanel =
  /** The page has loaded and listens: answer with the graph and the run so far. */
  | { type: "ready" }
  /** The user chose a task (a click, Enter): open it in the editor. `file` as the graph message gave it. */
  | { type: "open"; task: string; file?: string }
  /** The user switched the scope: a task's graph to its whole folder, or back to the last task's graph. */
  | { type: "scope"; kind: PanelScope["kind"] };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === "string";
const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);

function isScope(value: unknown): value is PanelScope {
  if (!isRecord(value)) return false;
  if (value.kind === "task") return isString(value.file) && isString(value.task);
  return value.kind === "folder" && isString(value.folder);
}

const isOptionalString = (value: unknown) => value === undefined || isString(value);

function isGraph(value: unknown): value is PanelGraph {
  if (!isRecord(value) || !Array.isArray(value.tasks)) return false;
  const isTaskRef = (ref: unknown) => isRecord(ref) && isString(ref.task) && isOptionalString(ref.file);
  const tasksOk = value.tasks.every(
    (task) =>
      isRecord(task) &&
      isString(task.id) &&
      isOptionalString(task.file) &&
      (task.line === undefined || typeof task.line === "number") &&
      (task.dependsOn === undefined || (Array.isArray(task.dependsOn) && task.dependsOn.every(isTaskRef))),
  );
  const unknownOk =
    value.unknown === undefined ||
    (Array.isArray(value.unknown) &&
      value.unknown.every(
        (each) => isRecord(each) && isString(each.task) && isOptionalString(each.file) && isString(each.name),
      ));
  const dependenciesOk =
    value.dependencies === undefined ||
    (isRecord(value.dependencies) && Object.values(value.dependencies).every(isStringList));
  return tasksOk && unknownOk && dependenciesOk;
}

/** The run events' own shape is the coordinator's promise; here only that each is an event at all. */
const isEvent = (value: unknown): value is RunEvent => isRecord(value) && isString(value.type);

export function isToPanel(message: unknown): message is ToPanel {
  if (!isRecord(message)) return false;
  if (message.type === "graph")
    return (
      isScope(message.scope) &&
      isString(message.title) &&
      isGraph(message.graph) &&
      (message.lastTask === undefined || isString(message.lastTask)) &&
      Array.isArray(message.problems) &&
      message.problems.every((problem) => isRecord(problem) && isString(problem.code) && isString(problem.message))
    );
  if (message.type === "run")
    return typeof message.run === "number" && Array.isArray(message.events) && message.events.every(isEvent);
  return false;
}

export function isFromPanel(message: unknown): message is FromPanel {
  if (!isRecord(message)) return false;
  if (message.type === "ready") return true;
  if (message.type === "scope") return message.kind === "task" || message.kind === "folder";
  return (
    message.type === "open" &&
    isString(message.task) &&
    message.task.length > 0 &&
    (message.file === undefined || (isString(message.file) && message.file.length > 0))
  );
}

/** What the panel keeps across hide, show and reload (the webview's state; the serializer reads it). */
export interface PanelState {
  scope: PanelScope;
  /** The classes and files folded in the page's graph (group ids), so that they stay folded when it comes back. */
  collapsed?: string[];
  /** Where the user zoomed and panned the graph to. */
  graphView?: GraphTransform;
  /** How far the user widened the timeline's time axis: 1 fits the whole run. */
  timelineZoom?: number;
}

/** The graph's zoom and pan: drawn at `scale`, its top left corner at (x, y) in the canvas. */
export interface GraphTransform {
  scale: number;
  x: number;
  y: number;
}

const isFiniteNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

export function isGraphTransform(value: unknown): value is GraphTransform {
  return (
    isRecord(value) &&
    isFiniteNumber(value.scale) &&
    value.scale > 0 &&
    isFiniteNumber(value.x) &&
    isFiniteNumber(value.y)
  );
}

/**
 * The state a page kept, as far as it holds: without a scope there is none; a field that is not
 * what it should be (a state kept by an older page lacks the view's) is left out, and the rest kept.
 */
export function panelStateOf(value: unknown): PanelState | undefined {
  if (!isRecord(value) || !isScope(value.scope)) return undefined;
  return {
    scope: value.scope,
    ...(isStringList(value.collapsed) && { collapsed: value.collapsed }),
    ...(isGraphTransform(value.graphView) && { graphView: value.graphView }),
    ...(isFiniteNumber(value.timelineZoom) && value.timelineZoom >= 1 && { timelineZoom: value.timelineZoom }),
  };
}
