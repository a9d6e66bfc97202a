/**
 * The parser (src/scanner/factReader.ts) is a bundle of its own, dist/parser.js, loaded the first
 * time a file needs parsing: whatever imports the scanner, the CLI or the editor, pays for
 * loading TypeScript only then, and `semisync run` with cached facts never does. It is loaded
 * through V8's code cache, kept beside the scanned facts, so that only the first process compiles it.
 * A barrel of `export … from` lines is read without it.
 */
import { bundlePath } from "../shared/bundles";
import { requireWithCodeCache } from "../shared/codeCache";
import { cacheDir } from "./cacheDir";
import type { ReadFacts } from "./fileFacts";
import { reExportFacts } from "./reExportFacts";

let parser: typeof import("./factReader") | undefined;

export const parseFacts: ReadFacts = (text, file) => {
  const barrel = reExportFacts(text);
  if (barrel) return barrel;
  parser ??= requireWithCodeCache(bundlePath("parser"), cacheDir()).exports as typeof import("./factReader");
  return parser.readFileFacts(text, file);
};
