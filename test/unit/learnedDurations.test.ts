import { strict as assert } from "node:assert";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDurations, saveDurations } from "../../src/engine/learnedDurations";

describe("engine: task durations kept between runs of a program", () => {
  let cache: string;
  let previous: string | undefined;
  beforeEach(() => {
    cache = mkdtempSync(join(tmpdir(), "semisync-durations-"));
    previous = process.env.SEMISYNC_CACHE_DIR;
    process.env.SEMISYNC_CACHE_DIR = cache;
  });
  afterEach(() => {
    if (previous === undefined) delete process.env.SEMISYNC_CACHE_DIR;
    else process.env.SEMISYNC_CACHE_DIR = previous;
    rmSync(cache, { recursive: true, force: true });
  });

  it("gives a program back what its last run learned, and nothing to another program", () => {
    saveDurations(
      "/w/finance.ts",
      new Map([
        ["Finance.expenses", 500],
        ["Finance.revenue", 300],
      ]),
    );
    assert.deepEqual(
      [...loadDurations("/w/finance.ts")],
      [
        ["Finance.expenses", 500],
        ["Finance.revenue", 300],
      ],
    );
    assert.equal(loadDurations("/w/other.ts").size, 0);
  });

  it("learns nothing from an entry that was damaged, replaced or holds values no run measures", () => {
    saveDurations("/w/finance.ts", new Map([["Finance.expenses", 500]]));
    const [entry] = readdirSync(cache);
    writeFileSync(join(cache, entry), "//semisync-digest:0\n[]");
    assert.equal(loadDurations("/w/finance.ts").size, 0);
    writeFileSync(join(cache, entry), "not even a digest");
    assert.equal(loadDurations("/w/finance.ts").size, 0);
  });

  it("keeps well-formed durations and drops the rest when an older writer stored odd values", () => {
    saveDurations(
      "/w/finance.ts",
      new Map<string, number>([
        ["A.ok", 5],
        ["A.negative", -1],
        ["A.nan", Number.NaN],
      ]),
    );
    assert.deepEqual([...loadDurations("/w/finance.ts")], [["A.ok", 5]]);
  });

  it("only costs the next run its first guess when the cache folder cannot be written", () => {
    const file = join(cache, "a-file");
    writeFileSync(file, "");
    process.env.SEMISYNC_CACHE_DIR = join(file, "below-a-file");
    assert.doesNotThrow(() => saveDurations("/w/finance.ts", new Map([["A.x", 1]])));
    assert.equal(loadDurations("/w/finance.ts").size, 0);
  });
});
