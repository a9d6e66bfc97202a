import { strict as assert } from "node:assert";
import { fork } from "node:child_process";
import { join } from "node:path";
import { PARENT_PID_ENV } from "../../src/engine/watchParent";
import { root } from "../helpers/paths";

describe("engine: a process whose parent is gone exits", () => {
  it("kills itself at start-up when the process that forked it is no longer its parent", async () => {
    // The pid the fork named is not this test's: as if the forking process died before the worker looked.
    const worker = fork(join(root, "dist", "worker.js"), [], {
      env: { ...process.env, [PARENT_PID_ENV]: "2147483646" },
      stdio: ["ignore", "ignore", "ignore", "ipc"],
      serialization: "advanced",
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      worker.on("exit", (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
    );
    assert.deepEqual([code, signal], [null, "SIGKILL"]);
  });
});
