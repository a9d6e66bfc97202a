import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { transpileFile } from "../../src/engine/loader/transpile";
import type { RunEvent } from "../../src/shared/protocol";
import { byType, eventually, fixtures, lastRunEnd, root, runCli } from "./helpers/cli";
import { LiveCli } from "./helpers/liveCli";
import { nothingLeft, sortedStatuses } from "./faults/matrix";

const debugged = join(fixtures, "cli", "debugged.ts");
const COORDINATOR =
  /^semisync: debugger for the coordinator, where the program's top level and callbacks run \(pid (\d+)\): (ws:\/\/127\.0\.0\.1:(\d+)\/[\w-]+)$/gm;
const WORKER = /^semisync: debugger for worker (\d+) \(pid (\d+)\): (ws:\/\/127\.0\.0\.1:(\d+)\/[\w-]+)$/gm;
const STATUSES = [
  "Debugged.after succeeded",
  "Debugged.fails failed",
  "Debugged.hold succeeded",
  "Debugged.never skipped",
];

/**
 * An inspector client attached to `url` (see inspectorClient.mjs), carrying the run's mark so that
 * it is counted as the run's; `breakAt`: a TypeScript line and an expression to read there.
 */
function attach(url: string, mark: string, breakAt: string[] = []): { process: ChildProcess; output: () => string } {
  const client = spawn(
    process.execPath,
    ["--experimental-websocket", join(root, "test", "process", "helpers", "inspectorClient.mjs"), url, ...breakAt],
    { env: { ...process.env, SEMISYNC_TEST_MARK: mark }, stdio: ["ignore", "pipe", "inherit"] },
  );
  let output = "";
  client.stdout!.setEncoding("utf8").on("data", (text: string) => (output += text));
  return { process: client, output: () => output };
}

/**
 * The client's arguments for a breakpoint on a line of debugged.ts: the compiled position the
 * transpiler's source map gives for the line (the first on it), as an editor that knows the map sets it.
 */
function breakpoint(line: number, expression: string): string[] {
  const code = transpileFile(debugged, "module-as-commonjs");
  const inline = /\/\/# sourceMappingURL=data:application\/json;base64,(\S+)/.exec(code)![1];
  const map = new SourceMap(JSON.parse(Buffer.from(inline, "base64").toString("utf8")));
  for (let generated = 0; generated < code.split("\n").length; generated++)
    for (let column = 0; column < 200; column++) {
      const entry = map.findEntry(generated, column);
      if ("originalLine" in entry && entry.originalLine === line - 1 && entry.generatedLine === generated)
        return [pathToFileURL(debugged).href, `${generated}:${entry.generatedColumn}`, expression];
    }
  throw new Error(`no compiled code for debugged.ts:${line}`);
}

describe("cli: --inspect and --inspect-brk", () => {
  it("--inspect: one address per process (the coordinator, each worker), none in task output; the run ends as without it", async () => {
    const plain = await runCli(["run", debugged, "--json"]);
    const inspected = await runCli(["run", debugged, "--json", "--inspect"]);
    assert.equal(inspected.code, plain.code);
    assert.deepEqual(sortedStatuses(inspected), sortedStatuses(plain));
    assert.deepEqual(sortedStatuses(inspected), STATUSES);

    const coordinator = [...inspected.stderr.matchAll(COORDINATOR)];
    assert.equal(coordinator.length, 1, inspected.stderr);
    const workers = [...inspected.stderr.matchAll(WORKER)];
    assert.ok(workers.length >= 1, inspected.stderr);
    assert.deepEqual(
      workers.map((line) => Number(line[1])).sort(),
      workers.map((_, index) => index + 1),
    );
    const pids = [coordinator[0][1], ...workers.map((line) => line[2])];
    assert.equal(new Set(pids).size, pids.length, "one line per process");
    const urls = [coordinator[0][2], ...workers.map((line) => line[3])];
    assert.equal(new Set(urls).size, urls.length, "every process has its own address");

    const output = byType(inspected.events, "output")
      .map((event) => event.text)
      .join("");
    assert.doesNotMatch(output, /Debugger|inspector/);
    assert.match(inspected.stderr, /^semisync: task timeouts are off under a debugger/m);
    await nothingLeft(inspected.mark);
  });

  it("--inspect: each printed address is the process's inspector, listed by its /json/list", async () => {
    const release = join(mkdtempSync(join(tmpdir(), "semisync-inspect-")), "release");
    const run = new LiveCli(["run", debugged, "--inspect", "--max-workers", "1"], {
      env: { SEMISYNC_TEST_RELEASE: release },
    });
    const [coordinator] = await run.until("stderr", COORDINATOR);
    const [worker] = await run.until("stderr", WORKER);
    for (const [line, url, port, bundle] of [
      [coordinator[0], coordinator[2], coordinator[3], "cli.js"],
      [worker[0], worker[3], worker[4], "worker.js"],
    ]) {
      const listed = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{
        webSocketDebuggerUrl: string;
        url: string;
      }>;
      const target = listed.find((each) => each.webSocketDebuggerUrl === url);
      assert.ok(target, `${line}: not listed in ${JSON.stringify(listed)}`);
      assert.ok(target.url.endsWith(`/dist/${bundle}`), `${line}: ${target.url}`);
    }
    writeFileSync(release, "");
    assert.deepEqual(await run.exited, { code: 1, signal: null });
    assert.match(run.stdout, /2 succeeded, 1 failed, 1 skipped/);
    await nothingLeft(run.mark);
  });

  it("--inspect on a port in use: refused before anything runs, saying which address and what to do; exit code 2", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const result = await runCli(["run", debugged, `--inspect=127.0.0.1:${port}`]);
      assert.equal(result.code, 2);
      assert.match(
        result.stderr,
        new RegExp(`^semisync run: no debugger could listen on 127\\.0\\.0\\.1:${port}; choose another port`, "m"),
      );
      assert.doesNotMatch(result.stdout, /top level ran/);
      await nothingLeft(result.mark);
    } finally {
      taken.close();
    }
  });

  it("--inspect: a task's timeout does not stop it, as a task paused at a breakpoint must not be", async () => {
    const slow = join(fixtures, "cli", "slow.ts");
    const plain = await runCli(["run", slow, "--json"]);
    assert.deepEqual(sortedStatuses(plain), ["Slow.sleeps timed-out"]);
    const inspected = await runCli(["run", slow, "--json", "--inspect", "--timeout", "50"]);
    assert.deepEqual(sortedStatuses(inspected), ["Slow.sleeps succeeded"]);
    assert.equal(inspected.code, 0);
    assert.equal(inspected.stderr.match(/task timeouts are off/g)?.length, 1);
  });

  it("--inspect-brk: nothing of the program runs until a debugger attaches to the coordinator, then to each worker; then the run ends as without it", async () => {
    const run = new LiveCli(["run", debugged, "--inspect-brk", "--max-workers", "1", "--json"]);
    const [coordinator] = await run.until("stderr", COORDINATOR);
    await run.until("stderr", /^semisync: waiting for a debugger to attach to the coordinator/m);
    assert.equal(run.stdout, "", "the program's top level waits for the debugger");
    const clients = [attach(coordinator[2], run.mark)];
    await eventually(() => clients[0].output().includes("attached"), "the client to attach to the coordinator");
    const [worker] = await run.until("stderr", WORKER);
    assert.doesNotMatch(run.stdout, /"type":"task-start"/, "no task starts before its worker's debugger attaches");
    clients.push(attach(worker[3], run.mark));

    assert.deepEqual(await run.exited, { code: 1, signal: null });
    const events = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as RunEvent);
    const statuses = lastRunEnd(events)!.tasks.map((task) => `${task.key} ${task.status}`);
    assert.deepEqual(statuses.sort(), STATUSES);
    for (const client of clients)
      await eventually(() => client.output() === "attached\nclosed\n", "the client to see its process end");
    await nothingLeft(run.mark);
  });

  it("--inspect-brk: a breakpoint on a TypeScript line binds where the inline source map puts it, and stops there, in a decorated task (a worker) and in a callback (the coordinator)", async () => {
    const run = new LiveCli(["run", debugged, "--inspect-brk", "--max-workers", "1"]);
    const [coordinator] = await run.until("stderr", COORDINATOR);
    const callback = attach(coordinator[2], run.mark, breakpoint(11, "shown"));
    const [worker] = await run.until("stderr", WORKER);
    const task = attach(worker[3], run.mark, breakpoint(31, "answer"));
    assert.deepEqual(await run.exited, { code: 1, signal: null });
    assert.match(run.stdout, /2 succeeded, 1 failed, 1 skipped/);
    await eventually(() => task.output().endsWith("closed\n"), "the worker's client to see it end");
    await eventually(() => callback.output().endsWith("closed\n"), "the coordinator's client to see it end");
    assert.equal(task.output(), "attached\npaused at debugged.ts:31 answer=after hold\nclosed\n");
    assert.equal(callback.output(), "attached\npaused at debugged.ts:11 shown=callback: after hold\nclosed\n");
    await nothingLeft(run.mark);
  });

  it("--inspect-brk: Ctrl-C while the coordinator waits for a debugger ends the run; nothing ran, no process left", async () => {
    const run = new LiveCli(["run", debugged, "--inspect-brk"]);
    await run.until("stderr", /^semisync: waiting for a debugger to attach to the coordinator/m);
    run.child.kill("SIGINT");
    const { code, signal } = await run.exited;
    assert.ok(code === 130 || signal === "SIGINT", `exit ${code} ${signal}`);
    assert.doesNotMatch(run.stdout, /top level ran/);
    await nothingLeft(run.mark);
  });

  it("--inspect-brk: Ctrl-C while a worker waits for a debugger: exit code 130, no process left", async () => {
    const run = new LiveCli(["run", debugged, "--inspect-brk"]);
    const [coordinator] = await run.until("stderr", COORDINATOR);
    const client = attach(coordinator[2], run.mark);
    await run.until("stderr", WORKER);
    run.child.kill("SIGINT");
    assert.deepEqual(await run.exited, { code: 130, signal: null });
    await eventually(() => client.output().endsWith("closed\n"), "the client to see the coordinator end");
    await nothingLeft(run.mark);
  });

  it("--inspect-brk: the CLI killed (SIGKILL) while a worker waits for a debugger: the worker exits too", async () => {
    const run = new LiveCli(["run", debugged, "--inspect-brk", "--max-workers", "1"]);
    const [coordinator] = await run.until("stderr", COORDINATOR);
    attach(coordinator[2], run.mark);
    await run.until("stderr", WORKER);
    run.child.kill("SIGKILL");
    assert.deepEqual(await run.exited, { code: null, signal: "SIGKILL" });
    await nothingLeft(run.mark);
  });
});
