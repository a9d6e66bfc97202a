/**
 * The parser (src/scanner/parse.ts) is a bundle of its own, dist/parser.js, required the first
 * time a file needs parsing: whatever imports the scanner, the CLI or the editor, pays for
 * loading TypeScript only then, and `semisync run` with cached facts never does.
 */
import { bundlePath } from "../shared/bundles";
import type { ReadFacts } from "./fileFacts";

let parser: typeof import("./factReader") | undefined;

export const parseFacts: ReadFacts = (text, file) => {
  parser ??= require(bundlePath("parser")) as typeof import("./factReader");
  return parser.readFileFacts(text, file);
};
