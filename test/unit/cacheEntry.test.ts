import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readCacheEntry, writeCacheEntry } from "../../src/shared/cacheEntry";

describe("caches: an entry is read back only as it was written", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "semisync-entry-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads back what was written under its key", () => {
    const path = join(dir, "sub", "k.js");
    writeCacheEntry(path, "k", "export const v = 1;\n// € and all\n");
    assert.equal(readCacheEntry(path, "k"), "export const v = 1;\n// € and all\n");
  });

  it("treats a missing, cut, changed, foreign or random entry as missing", () => {
    const path = join(dir, "k.js");
    assert.equal(readCacheEntry(path, "k"), undefined, "missing");
    writeCacheEntry(path, "k", "export const v = 1;\n");
    const written = readFileSync(path, "utf8");
    assert.equal(readCacheEntry(path, "other key"), undefined, "copied under another key");
    for (const damaged of [written.slice(0, -5), written.replace("1", "2"), "", "\0\0\0", "export const v = 1;\n"]) {
      writeFileSync(path, damaged);
      assert.equal(readCacheEntry(path, "k"), undefined, JSON.stringify(damaged));
    }
  });
});
