import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { isAscii } from "node:buffer";
import { bundlePath } from "../../src/shared/bundles";

describe("scanner: the parser bundle", () => {
  it("is ASCII, so that a fresh process holds its 10 MB source one byte a character", () => {
    // One character outside ASCII anywhere, a "…" in a comment included, makes the whole source two bytes a character.
    const bytes = readFileSync(bundlePath("parser"));
    const at = bytes.findIndex((byte) => byte > 0x7f);
    const line = at < 0 ? "" : bytes.subarray(bytes.lastIndexOf(0x0a, at) + 1, bytes.indexOf(0x0a, at)).toString();
    assert.ok(isAscii(bytes), `dist/parser.js has a character outside ASCII in: ${line.trim()}`);
  });
});
