/**
 * The scanner as the editor loads it: a bundle of its own (dist/scanner.js). It is small; the
 * TypeScript parser it uses is another bundle (dist/parser.js), loaded the first time a file
 * needs parsing.
 */
export { Workspace } from "./workspace";
export { cachedFacts } from "./factsCache";
export { scanSnapshots } from "./snapshot";
// The scanner bundle holds its own copy of the options cache: the editor clears it through here.
export { forgetProjectOptions } from "../project/tsconfig";
export { walkFolder } from "./folderTree";
// A coordinator the editor sends through Redis loads this bundle for it, on that run only.
export { codeOfRun } from "./programFiles";
export type { ScanSnapshots } from "./snapshot";
export type { Problem, ScanResult, StaticTask } from "./workspace";
export type { Location } from "./fileFacts";
export type { Span } from "./fileFacts";
export type { CycleInfo, DependencyLocation, ScanChange } from "./types";
export type { WorkspaceOptions } from "./workspace";
