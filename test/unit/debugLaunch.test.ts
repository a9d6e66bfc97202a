import { strict as assert } from "node:assert";
import { join } from "node:path";
import { DEBUG_RUN_KEY, debugLaunchConfiguration } from "../../src/extension/debugLaunch";
import { bundlePath } from "../../src/shared/bundles";

describe("extension: the launch configuration of a debug run", () => {
  const env = { SEMISYNC_COORDINATOR_ADDRESS: "/tmp/semisync-1.sock", SEMISYNC_COORDINATOR_SECRET: "s" };

  it("has js-debug launch our coordinator in the run's folder, with the address to connect back to, marked as ours", () => {
    const config = debugLaunchConfiguration({ run: "r1", title: "Finance.profit", cwd: "/w", env });
    assert.equal(config.type, "node");
    assert.equal(config.request, "launch");
    assert.equal(config.program, bundlePath("coordinator"));
    assert.equal(config.cwd, "/w");
    assert.deepEqual(config.env, env);
    assert.equal(config[DEBUG_RUN_KEY], "r1");
    assert.equal(config.name, "semisync: debug Finance.profit");
  });

  it("attaches to the workers a coordinator forks, steps over Node's and semisync's own code, and reads no map of ours", () => {
    const config = debugLaunchConfiguration({ run: "r1", title: "t", env });
    const ours = join(bundlePath("coordinator"), "..", "**");
    assert.equal(config.autoAttachChildProcesses, true);
    assert.deepEqual(config.skipFiles, ["<node_internals>/**", ours]);
    assert.deepEqual(config.resolveSourceMapLocations, ["**", `!${ours}`, "!**/node_modules/**"]);
  });

  it("runs the coordinator on the Node the run settings name, else on this process's own", () => {
    assert.equal(debugLaunchConfiguration({ run: "r", title: "t", env }).runtimeExecutable, process.execPath);
    assert.equal(
      debugLaunchConfiguration({ run: "r", title: "t", env, nodePath: "/opt/node/bin/node" }).runtimeExecutable,
      "/opt/node/bin/node",
    );
  });
});
