import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const loader = require.resolve("../../src/shared/codeCache");

/** A bundle that uses what Node hands a CommonJS module, and does its first work when called. */
const bundle = (answer: number) => `const { join } = require("node:path");
exports.where = join(__dirname, "x");
module.exports.answer = () => ${answer};\n`;

/** Loads the bundle in a fresh process, as each editor or CLI process does; answers what it saw. */
function load(file: string, cacheDir: string): { fromCache: boolean; answer: number; where: string } {
  const script = `const { requireWithCodeCache } = require(${JSON.stringify(loader)});
    const { exports, fromCache } = requireWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)});
    process.stdout.write(JSON.stringify({ fromCache, answer: exports.answer(), where: exports.where }));`;
  const child = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as { fromCache: boolean; answer: number; where: string };
}

const flipped = (bytes: Buffer, at: number) =>
  Buffer.concat([bytes.subarray(0, at), Buffer.from([bytes[at] ^ 0xff]), bytes.subarray(at + 1)]);

describe("shared: loading a bundle through V8's code cache", () => {
  let dir: string;
  let cache: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "semisync-code-"));
    cache = join(dir, "cache");
    file = join(dir, "bundle.js");
    writeFileSync(file, bundle(42));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("compiles a bundle once, then loads it from the cache, as a module either way", () => {
    assert.deepEqual(load(file, cache), { fromCache: false, answer: 42, where: join(dir, "x") });
    assert.equal(readdirSync(cache).length, 1);
    assert.deepEqual(load(file, cache), { fromCache: true, answer: 42, where: join(dir, "x") });
  });

  it("never uses the cache of another text of the bundle, even one of the same length", () => {
    load(file, cache);
    writeFileSync(file, bundle(43));
    assert.deepEqual(load(file, cache), { fromCache: false, answer: 43, where: join(dir, "x") });
  });

  it("never hands V8 an entry that was cut short or overwritten: it compiles, and writes the entry again", () => {
    load(file, cache);
    const [name] = readdirSync(cache);
    const entry = join(cache, name);
    const written = readFileSync(entry);
    const damages = [
      written.subarray(0, written.length >> 1),
      Buffer.alloc(0),
      Buffer.from(Array.from({ length: written.length }, (_, i) => (i * 7919) % 256)),
      flipped(written, 40),
      flipped(written, written.length >> 1),
      flipped(written, written.length - 1),
    ];
    for (const damaged of damages) {
      writeFileSync(entry, damaged);
      assert.deepEqual(load(file, cache), { fromCache: false, answer: 42, where: join(dir, "x") });
      assert.equal(load(file, cache).fromCache, true, "and rebuilt");
    }
  });

  it("loads the bundle when the cache folder cannot be written", () => {
    writeFileSync(cache, "a file where the folder should be");
    assert.deepEqual(load(file, cache), { fromCache: false, answer: 42, where: join(dir, "x") });
  });
});
