/**
 * The glob syntax of VS Code's `files.exclude` and `findFiles` (`**`, `*`, `?`, `{a,b}`, `[abc]`,
 * `[!abc]`), matched against a `/`-separated path relative to the folder. The scanner checks a
 * saved scan's file list with the same globs the editor listed it with; Node 20's
 * `path.matchesGlob` would do, but prints an ExperimentalWarning into the extension host's log.
 */
export function globMatcher(glob: string): (relativePath: string) => boolean {
  const pattern = new RegExp(`^${sourceOf(glob)}$`);
  return (relativePath) => pattern.test(relativePath);
}

function sourceOf(glob: string): string {
  let source = "";
  for (let at = 0; at < glob.length; at++) {
    const char = glob[at];
    if (char === "*" && glob[at + 1] === "*") {
      const wholeSegment = (at === 0 || glob[at - 1] === "/") && (at + 2 === glob.length || glob[at + 2] === "/");
      if (!wholeSegment) source += "[^/]*";
      else if (at + 2 === glob.length) source += ".*";
      else {
        // `**/` stands for any number of whole segments, none included.
        source += "(?:[^/]*/)*";
        at++;
      }
      at++;
    } else if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else if (char === "{") {
      const end = closingBrace(glob, at);
      if (end < 0) source += "\\{";
      else {
        source += `(?:${splitAlternatives(glob.slice(at + 1, end))
          .map(sourceOf)
          .join("|")})`;
        at = end;
      }
    } else if (char === "[") {
      const end = glob.indexOf("]", at + 2);
      if (end < 0) source += "\\[";
      else {
        const inside = glob.slice(at + 1, end);
        const negated = inside.startsWith("!") || inside.startsWith("^");
        source += `[${negated ? "^/" : ""}${(negated ? inside.slice(1) : inside).replace(/[\\\]^]/g, "\\$&")}]`;
        at = end;
      }
    } else source += char.replace(/[.+^${}()|[\]\\/]/g, "\\$&");
  }
  return source;
}

function closingBrace(glob: string, open: number): number {
  let depth = 0;
  for (let at = open; at < glob.length; at++) {
    if (glob[at] === "{") depth++;
    else if (glob[at] === "}" && --depth === 0) return at;
  }
  return -1;
}

/** `a,{b,c},d` → `a`, `{b,c}`, `d`: commas inside nested braces belong to the nested group. */
function splitAlternatives(inside: string): string[] {
  const alternatives: string[] = [];
  let depth = 0;
  let start = 0;
  for (let at = 0; at < inside.length; at++) {
    if (inside[at] === "{") depth++;
    else if (inside[at] === "}") depth--;
    else if (inside[at] === "," && depth === 0) {
      alternatives.push(inside.slice(start, at));
      start = at + 1;
    }
  }
  alternatives.push(inside.slice(start));
  return alternatives;
}
