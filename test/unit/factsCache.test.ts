import { strict as assert } from "node:assert";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cachedFacts } from "../../src/scanner/factsCache";
import type { FileFacts } from "../../src/scanner/fileFacts";

describe("scanner: the facts cache", () => {
  it("parses a text once, again for another extension, and replaces a damaged entry", () => {
    const dir = mkdtempSync(join(tmpdir(), "semisync-facts-"));
    try {
      const parsed: string[] = [];
      const facts: FileFacts = {
        modules: ["./x"],
        imports: [],
        exports: [],
        reExports: [],
        classes: ["A"],
        tasks: [],
        problems: [],
      };
      const read = cachedFacts(dir, (_text, file) => (parsed.push(file), facts));
      assert.deepEqual(read("text", "/a/one.ts"), facts);
      assert.deepEqual(read("text", "/b/two.ts"), facts);
      assert.deepEqual(parsed, ["/a/one.ts"]);
      read("text", "/a/one.tsx");
      assert.deepEqual(parsed, ["/a/one.ts", "/a/one.tsx"]);
      for (const name of readdirSync(dir)) writeFileSync(join(dir, name), "{ damaged");
      assert.deepEqual(read("text", "/a/one.ts"), facts);
      assert.deepEqual(parsed, ["/a/one.ts", "/a/one.tsx", "/a/one.ts"]);
      assert.deepEqual(read("text", "/a/one.ts"), facts);
      assert.equal(parsed.length, 3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
