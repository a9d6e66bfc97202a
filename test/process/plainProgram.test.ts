import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixtures, root } from "./helpers/cli";

describe("runtime: in a plain Node program, without the CLI", () => {
  it("coordinates in-process: runs the calls in workers, prints callbacks, reports failures on stderr", () => {
    // The program lives in a project that depends on semisync, as a user's would.
    const project = mkdtempSync(join(tmpdir(), "semisync-plain-"));
    mkdirSync(join(project, "node_modules"));
    symlinkSync(root, join(project, "node_modules", "semisync"), "dir");
    cpSync(join(fixtures, "plain", "program.mjs"), join(project, "program.mjs"));

    const { status, stdout, stderr } = spawnSync(process.execPath, ["program.mjs"], {
      cwd: project,
      encoding: "utf8",
      timeout: 45_000,
    });
    rmSync(project, { recursive: true, force: true });
    assert.equal(status, 0, stderr);
    const lines = stdout.trim().split("\n");
    assert.deepEqual(lines.slice(0, 3).sort(), ["opened Lima (4)", "opened Oslo (4)", "sum 8"]);
    assert.deepEqual(JSON.parse(lines[3]), [
      ["Shop.open", "succeeded", "opened Oslo (4)\n"],
      ["Shop.open#2", "succeeded", "opened Lima (4)\n"],
      ["Shop.close", "succeeded", "sum 8\n"],
      ["Shop.broken", "failed", ""],
    ]);
    assert.match(stderr, /semisync: Shop\.broken failed: Error: the till is empty/);
  });
});
