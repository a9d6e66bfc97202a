import { strict as assert } from "node:assert";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cachedFacts } from "../../src/scanner/factsCache";
import { emptyFacts, type FileFacts } from "../../src/scanner/fileFacts";

const factsOf = (some: Partial<FileFacts>): FileFacts => ({ ...emptyFacts(), ...some });

describe("scanner: the facts cache", () => {
  it("parses a text once, again for another extension, and replaces a damaged entry", () => {
    const dir = mkdtempSync(join(tmpdir(), "semisync-facts-"));
    try {
      const parsed: string[] = [];
      const facts = factsOf({ modules: ["./x"], classes: ["A"] });
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

  it("never trusts an entry that was cut short or changed, even one that still reads as facts", () => {
    const dir = mkdtempSync(join(tmpdir(), "semisync-facts-"));
    try {
      const facts = factsOf({ classes: ["A"] });
      let parses = 0;
      const read = cachedFacts(dir, () => (parses++, facts));
      read("text", "/a/one.ts");
      const [entry] = readdirSync(dir).map((name) => join(dir, name));
      const written = readFileSync(entry, "utf8");
      const damages = [
        written.replace('"A"', '"B"'), // another class, still well-formed
        written.replace(/\{.*$/s, JSON.stringify({ ...facts, classes: [] })),
        written.slice(0, written.length >> 1),
        "",
        Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString("latin1"),
      ];
      for (const damaged of damages) {
        writeFileSync(entry, damaged);
        assert.deepEqual(read("text", "/a/one.ts"), facts);
      }
      assert.equal(parses, 1 + damages.length, "each damaged entry was read again from the source");
      assert.equal(readFileSync(entry, "utf8"), written, "and rebuilt");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
