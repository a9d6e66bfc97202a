import { strict as assert } from "node:assert";
import { UsageError, parseArgs, runArgv, type RunCommand } from "../../src/cli/args";
import type { RunOptions } from "../../src/shared/protocol";

describe("cli: arguments", () => {
  it("parses a program-mode run with every option", () => {
    assert.deepEqual(parseArgs(["run", "a.ts", "--max-workers", "3", "--timeout=250", "--fail-fast", "--json"]), {
      command: "run",
      file: "a.ts",
      tasks: undefined,
      options: { maxWorkers: 3, timeoutMs: 250, failFast: true },
      json: true,
    });
  });

  it("collects repeated --task into graph mode", () => {
    const command = parseArgs(["run", "a.ts", "--task", "Finance.profit", "--task", "Ledger.close"]);
    assert.deepEqual(command.command === "run" && command.tasks, ["Finance.profit", "Ledger.close"]);
  });

  it("rejects bad input with a message that says what to do", () => {
    assert.throws(
      () => parseArgs(["run"]),
      (error: Error) => error instanceof UsageError && /semisync run <file.ts>/.test(error.message),
    );
    assert.throws(
      () => parseArgs(["run", "a.ts", "--max-workers", "0"]),
      /--max-workers takes a whole number from 1 to 256, not "0"/,
    );
    assert.throws(() => parseArgs(["run", "a.ts", "--timeout"]), /--timeout needs a value/);
    assert.throws(() => parseArgs(["run", "a.ts", "--colour"]), /unknown option --colour/);
    // A switch given a value would silently mean "on" whatever the value said (--json=0 too).
    for (const written of ["--json=1", "--fail-fast=false", "--watch=yes"])
      assert.throws(
        () => parseArgs(["run", "a.ts", written]),
        new RegExp(`takes no value; write --\\w[\\w-]* alone, not ${written}`),
      );
    assert.throws(() => parseArgs(["launch"]), /unknown command "launch"/);
  });

  it("caps --max-workers: a number far above any machine's cores is refused, saying the range", () => {
    assert.equal(
      (parseArgs(["run", "a.ts", "--max-workers", "256"]) as { options: RunOptions }).options.maxWorkers,
      256,
    );
    assert.throws(
      () => parseArgs(["run", "a.ts", "--max-workers", "100000"]),
      (error: Error) =>
        error instanceof UsageError &&
        /--max-workers takes a whole number from 1 to 256, not "100000": workers start only for tasks/.test(
          error.message,
        ),
    );
  });

  it("answers help and version", () => {
    assert.deepEqual(parseArgs([]), { command: "help" });
    assert.deepEqual(parseArgs(["--version"]), { command: "version" });
  });

  it("--inspect and --inspect-brk: a free port each on 127.0.0.1, or [host:]port after =; timeouts off; bad values refused", () => {
    const run = (...flags: string[]) => parseArgs(["run", "a.ts", ...flags]) as RunCommand;
    assert.deepEqual(run("--inspect").inspect, { host: "127.0.0.1", port: 0, wait: false });
    assert.deepEqual(run("--inspect-brk=9229").inspect, { host: "127.0.0.1", port: 9229, wait: true });
    assert.deepEqual(run("--inspect=0.0.0.0:9229").inspect, { host: "0.0.0.0", port: 9229, wait: false });
    assert.equal(run("--inspect").options.ignoreTimeouts, true);
    assert.equal(run().options.ignoreTimeouts, undefined);
    assert.throws(
      () => run("--inspect=99999"),
      /--inspect takes \[host:\]port, a port from 0 \(any free port\) to 65535/,
    );
    assert.throws(() => run("--inspect-brk=:9229"), /--inspect-brk takes \[host:\]port/);
    assert.throws(() => run("--inspect=nine"), /not "nine"/);
  });

  it("--watch: refused with --json, saying why; each run it starts gets the same arguments without --watch", () => {
    assert.throws(() => parseArgs(["run", "a.ts", "--watch", "--json"]), /--watch and --json do not go together/);
    const argv = ["run", "a.ts", "--task", "A.b", "--max-workers", "2", "--timeout", "90", "--fail-fast"];
    const command = parseArgs([...argv, "--watch", "--inspect-brk=9229"]) as RunCommand;
    assert.equal(command.watch, true);
    assert.deepEqual(runArgv(command), [...argv, "--inspect-brk=127.0.0.1:9229"]);
    const once: RunCommand = { ...command };
    delete once.watch;
    assert.deepEqual(parseArgs(runArgv(command)), once);
  });

  it("--redis on run, kept by each run of a watch; worker takes --redis, --concurrency and --name", () => {
    const command = parseArgs(["run", "a.ts", "--redis", "redis://box:6379", "--watch"]) as RunCommand;
    assert.equal(command.redis, "redis://box:6379");
    assert.deepEqual(runArgv(command), ["run", "a.ts", "--redis", "redis://box:6379"]);
    assert.deepEqual(parseArgs(["worker", "--redis=redis://box:6379", "--concurrency", "4", "--name", "gpu-1"]), {
      command: "worker",
      redis: "redis://box:6379",
      concurrency: 4,
      name: "gpu-1",
    });
    assert.deepEqual(parseArgs(["worker"]), { command: "worker" });
    assert.throws(
      () => parseArgs(["worker", "--concurrency", "0"]),
      /--concurrency takes a whole number from 1 to 256/,
    );
    assert.throws(() => parseArgs(["worker", "--name"]), /--name needs a value/);
    assert.throws(
      () => parseArgs(["worker", "a.ts"]),
      /unknown option a.ts for worker; it takes --redis, --concurrency, --name and --lost-after/,
    );
  });

  it("--retries on run, 0 included and kept by each run of a watch; worker takes --lost-after in seconds", () => {
    const command = parseArgs([
      "run",
      "a.ts",
      "--redis",
      "redis://box:6379",
      "--retries",
      "0",
      "--watch",
    ]) as RunCommand;
    assert.equal(command.retries, 0);
    assert.deepEqual(runArgv(command), ["run", "a.ts", "--redis", "redis://box:6379", "--retries", "0"]);
    assert.equal((parseArgs(["run", "a.ts", "--retries=3"]) as RunCommand).retries, 3);
    assert.throws(
      () => parseArgs(["run", "a.ts", "--retries", "-1"]),
      /--retries takes a whole number, 0 or more, not "-1"/,
    );
    assert.throws(
      () => parseArgs(["run", "a.ts", "--retries=once"]),
      /--retries takes a whole number, 0 or more, not "once"/,
    );
    assert.deepEqual(parseArgs(["worker", "--lost-after", "3"]), { command: "worker", lostAfterS: 3 });
    assert.throws(
      () => parseArgs(["worker", "--lost-after=0"]),
      /--lost-after takes a whole number greater than 0, not "0"/,
    );
  });
});
