/** The scanner as the editor loads it: a bundle of its own, so ts-morph loads on first need. */
export { Workspace } from "./workspace";
export type { Problem, ScanResult, StaticTask } from "./workspace";
export type { Location } from "./fileFacts";
