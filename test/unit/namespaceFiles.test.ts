import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { shared, SHARED_DIR_ENV } from "../../src/runtime/shared";
import {
  applyWrites,
  namespaceStamps,
  namespaceWrites,
  readNamespace,
  seedNamespace,
} from "../../src/engine/redis/namespaceFiles";

describe("engine: the shared namespace as files, as it travels through Redis", () => {
  let dir: string;
  let previous: string | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "semisync-namespace-"));
    previous = process.env[SHARED_DIR_ENV];
    process.env[SHARED_DIR_ENV] = dir;
  });
  afterEach(() => {
    if (previous === undefined) delete process.env[SHARED_DIR_ENV];
    else process.env[SHARED_DIR_ENV] = previous;
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives a field written again a new stamp, though its size is the same, and keeps an untouched one's", () => {
    const notes = shared<{ a: number; b: number }>("notes");
    notes.a = 1;
    notes.b = 2;
    const before = namespaceStamps(dir);
    notes.a = 3;
    const after = namespaceStamps(dir);
    assert.deepEqual([...after.keys()].sort(), ["notes/a", "notes/b"]);
    assert.notEqual(after.get("notes/a"), before.get("notes/a"));
    assert.equal(after.get("notes/b"), before.get("notes/b"));
  });

  it("leaves out a write still under way (its temporary file) and a deleted field", () => {
    const notes = shared<{ a: number; gone?: number }>("notes");
    notes.a = 1;
    notes.gone = 2;
    delete notes.gone;
    writeFileSync(join(dir, "notes", `a.${process.pid}.tmp`), "half");
    assert.deepEqual([...namespaceStamps(dir).keys()], ["notes/a"]);
    assert.deepEqual(Object.keys(readNamespace(dir)), ["notes/a"]);
  });

  it("finds a task's writes: new and changed fields with their bytes, deleted ones as null, equal ones not at all", () => {
    const bytes = (text: string) => Buffer.from(text);
    const before = { "n/same": bytes("1"), "n/changed": bytes("2"), "n/deleted": bytes("3") };
    const after = { "n/same": bytes("1"), "n/changed": bytes("4"), "n/new": bytes("5") };
    assert.deepEqual(namespaceWrites(before, after), {
      "n/changed": bytes("4"),
      "n/new": bytes("5"),
      "n/deleted": null,
    });
  });

  it("seeds a directory with exactly the fields given, and applies writes that the runtime then reads", () => {
    const notes = shared<{ old: number; kept: number; added: Map<string, number> }>("notes");
    notes.old = 1;
    seedNamespace(dir, { "notes/kept": readNamespace(dir)["notes/old"] });
    assert.equal(notes.old, undefined);
    assert.equal(notes.kept, 1);
    const map = new Map([["x", 1]]);
    const other = mkdtempSync(join(tmpdir(), "semisync-namespace-other-"));
    try {
      process.env[SHARED_DIR_ENV] = other;
      shared<{ added: Map<string, number> }>("notes").added = map;
      const written = readNamespace(other);
      process.env[SHARED_DIR_ENV] = dir;
      applyWrites(dir, { ...written, "notes/kept": null });
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
    assert.deepEqual(notes.added, map);
    assert.equal(notes.kept, undefined);
    assert.deepEqual(Object.keys(notes).sort(), ["added"]);
  });
});
