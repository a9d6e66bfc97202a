import { strict as assert } from "node:assert";
import { INSPECT_WAIT_ENV, InspectedWorkers } from "../../src/engine/inspectedWorkers";

describe("engine: inspected workers", () => {
  it("forks each worker with an inspector flag (a free port each, or the base port + its number), told to wait for a debugger with --inspect-brk", () => {
    const free = new InspectedWorkers({ host: "127.0.0.1", port: 0, wait: false }, () => {});
    assert.deepEqual(
      [free.next().execArgv, free.next().execArgv],
      [["--inspect=127.0.0.1:0"], ["--inspect=127.0.0.1:0"]],
    );
    assert.deepEqual(free.next().env, {});
    const based = new InspectedWorkers({ host: "0.0.0.0", port: 9229, wait: true }, () => {});
    assert.deepEqual(new InspectedWorkers({ host: "0.0.0.0", port: 9229, wait: true }, () => {}).next().env, {
      [INSPECT_WAIT_ENV]: "1",
    });
    assert.deepEqual(
      [based.next().execArgv, based.next().execArgv],
      [["--inspect=0.0.0.0:9230"], ["--inspect=0.0.0.0:9231"]],
    );
  });

  it("takes Node's inspector lines out of a worker's stderr and says its address once, with the worker's number and pid", () => {
    const said: string[] = [];
    const workers = new InspectedWorkers({ host: "127.0.0.1", port: 0, wait: false }, (line) => said.push(line));
    workers.next();
    const second = workers.next();
    const rest = second.stderr(
      42,
      "Debugger listening on ws://127.0.0.1:40001/abc-123\nFor help, see: https://nodejs.org/en/docs/inspector\n" +
        "a task's own line\nDebugger attached.\nWaiting for the debugger to disconnect...\n",
    );
    assert.equal(rest, "a task's own line\n");
    assert.deepEqual(said, ["semisync: debugger for worker 2 (pid 42): ws://127.0.0.1:40001/abc-123\n"]);
    assert.equal(second.stderr(42, "Starting inspector on 127.0.0.1:9230 failed: address already in use\n"), "");
    assert.deepEqual(said.slice(1), [
      "semisync: no debugger for worker 2 (pid 42): Starting inspector on 127.0.0.1:9230 failed: address already in use\n",
    ]);
  });

  it("leaves a task's text alone when it only mentions the debugger", () => {
    const worker = new InspectedWorkers({ host: "127.0.0.1", port: 0, wait: false }, () => {}).next();
    const text = "see Debugger listening on ws://x in the docs\nDebugger attached. or not\n";
    assert.equal(worker.stderr(1, text), text);
  });
});
