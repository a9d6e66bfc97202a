/**
 * What one file says about @semisync tasks, read from its syntax alone (nothing is executed and
 * no type checker runs): its imports and exports, its classes, each task and each dependency
 * as written. Cross-file meaning is the workspace's job. Facts hold no file path and no syntax
 * tree: they are plain JSON, so `semisync run` can cache them on disk by the text they came from.
 */
import type { ProblemCode, Severity } from "../shared/problems";

/** Where something is in a file: 1-based lines and columns, columns counted in UTF-16 code units as editors count them. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Location {
  file: string;
  line: number;
  column: number;
}

/**
 * A dependency the workspace resolves: a task name, or a reference such as `Ledger.close`
 * (`path` ["Ledger"], `member` "close") or `books.Ledger.close` through a namespace import.
 * `direct` references are read when the decorator runs, not later through a thunk.
 */
export type DependencyFact =
  | { kind: "name"; name: string; span: Span }
  | { kind: "reference"; path: string[]; member: string; direct: boolean; span: Span };

export interface TaskFact {
  className: string;
  method: string;
  /** Index of the task's class in `classes`, or -1 for a class that is not declared at the top level. */
  classIndex: number;
  /** The decorator. */
  span: Span;
  dependencies: DependencyFact[];
}

/** A problem the file alone shows, whatever the rest of the workspace holds. */
export interface FileProblem {
  code: ProblemCode;
  severity: Severity;
  message: string;
  span: Span;
}

export interface ImportFact {
  local: string;
  module: string;
  /** The exported name, "default", or "*" for a namespace import. */
  imported: string;
}

/** `export { a as b } from "m"` (names [["b", "a"]]), `export * as ns from "m"` (names [["ns", "*"]]), `export * from "m"` (no names). */
export interface ReExportFact {
  module: string;
  names?: Array<[exported: string, imported: string]>;
}

export interface FileFacts {
  /** Every module specifier the file imports or re-exports, in order: the edges of an import closure. */
  modules: string[];
  imports: ImportFact[];
  /** Exported name → local name, for what the file declares or imports. */
  exports: Array<[exported: string, local: string]>;
  reExports: ReExportFact[];
  /** Top-level class names in declaration order. */
  classes: string[];
  tasks: TaskFact[];
  problems: FileProblem[];
}

/** The facts of a file before anything is read from it. */
export function emptyFacts(): FileFacts {
  return { modules: [], imports: [], exports: [], reExports: [], classes: [], tasks: [], problems: [] };
}

/** Reads one file's facts: the parser bundle, or the on-disk cache in front of it. */
export type ReadFacts = (text: string, file: string) => FileFacts;
