import { strict as assert } from "node:assert";
import { execFileSync, spawn } from "node:child_process";
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

  it("reads on until the end where a read returns less than asked before it, as a pipe or a network file system may", () => {
    const fifo = join(dir, "piped.ts");
    execFileSync("mkfifo", [fifo]);
    // The writer pauses between its two halves: the first read gets only the first.
    const writer = spawn(process.execPath, [
      "-e",
      `const fs = require("fs"); const fd = fs.openSync(${JSON.stringify(fifo)}, "w");
       fs.writeSync(fd, "export const first = 1;\\n");
       setTimeout(() => { fs.writeSync(fd, "export const second = 2;\\n"); fs.closeSync(fd); }, 300);`,
    ]);
    try {
      assert.equal(readText(fifo), "export const first = 1;\nexport const second = 2;\n");
    } finally {
      writer.kill();
    }
  });
});
