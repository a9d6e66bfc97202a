import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readText } from "../../src/scanner/readText";

describe("scanner: reading a file's text", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "semisync-read-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads what readFileSync reads: empty, a byte-order mark, characters across the buffer's end, files larger than it", () => {
    const texts = {
      "empty.ts": "",
      "bom.ts": "\uFEFFexport const a = 1;\n",
      // 65,535 bytes then a three-byte character: it straddles the first read's end.
      "straddle.ts": `${"x".repeat(65_535)}€ after`,
      "exactly.ts": "y".repeat(65_536),
      "large.ts": "// ünïcödé ✓ 𝒳\n".repeat(20_000),
    };
    for (const [name, text] of Object.entries(texts)) writeFileSync(join(dir, name), text);
    for (const name of Object.keys(texts)) {
      assert.equal(readText(join(dir, name)), readFileSync(join(dir, name), "utf8"), name);
    }
    // A large file read before does not leave a smaller one with its tail.
    assert.equal(readText(join(dir, "bom.ts")), texts["bom.ts"]);
  });

  it("fails as readFileSync does for a file that is not there, naming it", () => {
    assert.throws(() => readText(join(dir, "gone.ts")), { code: "ENOENT", message: /gone\.ts/ });
  });
});
