/**
 * One self-contained HTML file with the pictures: the page's bundle, its styles and the
 * document it draws, all inlined, so it opens anywhere without a network (CI artifacts, mail).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { graphInputOfScan } from "../pictures/graphModel";
import { DOCUMENT_ELEMENT_ID, type PictureDocument } from "../pictures/pictureDocument";
import { bundlePath } from "../shared/bundles";
import { capOutput } from "./reportOutput";
import type { ScanResult } from "../scanner/types";

export function reportHtml(document: PictureDocument): string {
  const script = readFileSync(bundlePath("webview"), "utf8");
  const style = readFileSync(bundlePath("webview", "css"), "utf8");
  // Nothing inlined may close its element early; in JSON and in scripts `<\/` reads as `</`.
  const inline = (text: string) => text.replace(/<\/(script|style)/gi, "<\\/$1");
  const carried = document.kind === "run" ? { ...document, events: capOutput(document.events) } : document;
  const json = JSON.stringify(carried).replace(/</g, "\\u003c");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.title)}</title>
<style>${inline(style)}</style>
</head>
<body>
<main id="semisync-pictures"></main>
<script type="application/json" id="${DOCUMENT_ELEMENT_ID}">${json}</script>
<script>${inline(script)}</script>
</body>
</html>
`;
}

export function writeReport(path: string, document: PictureDocument): void {
  writeFileSync(path, reportHtml(document));
}

/** The static graph as the pictures take it, with each unknown dependency the scan reported. */
export function graphDocument(result: ScanResult, title: string): PictureDocument {
  const graph = graphInputOfScan(result.tasks, result.problems);
  const problems = result.problems.map((problem) => ({
    code: problem.code,
    message: `${problem.file}:${problem.line}:${problem.column} ${problem.message}`,
  }));
  return { kind: "graph", title, graph, problems };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
}
