/**
 * The facts of a barrel, read without TypeScript's parser: a file of nothing but `export … from`
 * lines (`export * from "./a";`, `export * as b from "./b";`, `export { c, d as e } from "./c";`),
 * blank lines and `//` comments. Such a file imports nothing, declares nothing and so reports
 * nothing, and its facts are what the parser's reader finds (src/scanner/factReader.ts). Barrels
 * are most of what a first scan parses besides task files (86 of 286 in the 5,000-file benchmark),
 * and the parser is still cold while it reads them. Any other line, or any doubt (a block comment,
 * a string with an escape, `type` exports, two statements on a line), leaves the file to the parser.
 */
import { emptyFacts, type FileFacts } from "./fileFacts";

const NAME = String.raw`[A-Za-z_$][\w$]*`;
const MODULE = String.raw`(?:"([^"\\\n\r]*)"|'([^'\\\n\r]*)')`;
const SPECIFIER = new RegExp(String.raw`^(${NAME})(?:\s+as\s+(${NAME}))?$`);
const LINE = new RegExp(
  String.raw`^\s*export\s*(?:\*\s*(?:as\s+(${NAME})\s+)?|\{([^{}"'/]*)\}\s*)from\s*${MODULE}\s*;?\s*(?:\/\/.*)?$`,
);
// `.` stops at every other line terminator (\r, \u2028, \u2029), so a comment never hides a statement after one.
const NOTHING = /^\s*(?:\/\/.*)?$/;

export function reExportFacts(text: string): FileFacts | undefined {
  // A quick refusal for most files that are not barrels: a barrel's first line is an export or a comment.
  if (!/^\s*(?:export\b|\/\/)/.test(text)) return undefined;
  const facts = emptyFacts();
  for (let start = 0; start <= text.length;) {
    const newline = text.indexOf("\n", start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, text[end - 1] === "\r" ? end - 1 : end);
    start = end + 1;
    if (NOTHING.test(line)) continue;
    const match = LINE.exec(line);
    if (!match) return undefined;
    const [, namespace, list, double, single] = match;
    const module = double ?? single;
    facts.modules.push(module);
    if (list === undefined)
      facts.reExports.push(namespace === undefined ? { module } : { module, names: [[namespace, "*"]] });
    else {
      const names = namesOf(list);
      if (!names) return undefined;
      facts.reExports.push({ module, names });
    }
  }
  return facts;
}

/** `a, b as c` as [["a", "a"], ["c", "b"]]; undefined for anything else, `type` exports included. */
function namesOf(list: string): Array<[exported: string, imported: string]> | undefined {
  const elements = list.split(",").map((element) => element.trim());
  // A trailing comma is allowed (`{ a, }`, and `{}`), an empty element elsewhere is not.
  if (elements.at(-1) === "") elements.pop();
  const names: Array<[exported: string, imported: string]> = [];
  for (const element of elements) {
    const specifier = SPECIFIER.exec(element);
    if (!specifier || specifier[1] === "type") return undefined;
    names.push([specifier[2] ?? specifier[1], specifier[1]]);
  }
  return names;
}
