/** What the scanner answers: the tasks of the scanned files and every problem, located in the source. */
import type { ProblemCode, Severity } from "../shared/problems";
import type { Location, Span } from "./fileFacts";

export interface Problem extends Location {
  code: ProblemCode;
  severity: Severity;
  message: string;
  endLine: number;
  endColumn: number;
  /** Other places the problem involves: for a cycle, its other members' decorators. */
  related: Location[];
}

/** One dependency as written in the task's decorator (in the task's file), and the task it names when it resolves. */
export interface DependencyLocation extends Span {
  id?: string;
  /** The file that declares the task named, so `id` can be looked up even when two files declare it. */
  targetFile?: string;
}

export interface StaticTask extends Location {
  /** `Class.method`. */
  id: string;
  /** Line, column (where the decorator starts, as `line`/`column`) and end of the @semisync decorator. */
  endLine: number;
  endColumn: number;
  /** The ids of the tasks it depends on, each once, in the order written. */
  dependencies: string[];
  dependencyLocations: DependencyLocation[];
}

export interface ScanResult {
  tasks: StaticTask[];
  problems: Problem[];
}

/** What an update changed: the files whose tasks or problems differ from before, so an editor refreshes only those. */
export interface ScanChange {
  files: string[];
}

/** A cycle once, for whoever lists cycles rather than problems (`semisync run` refusing a graph). */
export interface CycleInfo {
  /** A closed path through the cycle by task id, starting at its member written first. */
  path: string[];
  members: Array<Location & { id: string }>;
}
