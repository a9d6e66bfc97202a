// Runs in test/fixtures/redisEditor (see the `integration` script), against a real redis-server
// on a free port and real `semisync worker`s, each in a copy of the open folder.
import { strict as assert } from "node:assert";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import * as vscode from "vscode";
import type { SemisyncApi } from "../../../src/extension/extension";
import type { RunOutcome } from "../../../src/extension/runController";
import { RedisServer } from "../../process/redis/machines";
import { eventually, fixture, runViewText, semisync } from "../helpers";
import { WorkerCheckout } from "./workerCheckout";

const RELAY = ["Relay.first", "Relay.second", "Relay.last"];

/** A port nothing listens on: one the system just handed out and took back. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** semisync.redisUrl, where a user sets it: in their own settings (a workspace cannot). */
const setRedisUrl = (url: string | undefined) =>
  vscode.workspace.getConfiguration("semisync").update("redisUrl", url, vscode.ConfigurationTarget.Global);

const runRelay = () =>
  vscode.commands.executeCommand<RunOutcome>("semisync.runGraph", fixture("relay.ts"), "Relay.last");

function rowOf(api: SemisyncApi, label: string) {
  const rows = runViewText(api);
  const found = rows.find((row) => row.label === label);
  assert.ok(found, `${label} has a row: ${rows.map((row) => row.label).join(", ")}`);
  return found;
}

describe("running from the editor through Redis (semisync.redisUrl)", function () {
  this.timeout(120_000);
  let redis: RedisServer;
  let api: SemisyncApi;
  const folder = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

  before(async () => {
    api = await semisync();
    redis = await RedisServer.start();
  });
  after(async () => {
    await setRedisUrl(undefined);
    await redis?.stop();
  });

  it("runs a graph on a semisync worker of another checkout, and the run view names that worker on every task", async () => {
    const worker = await WorkerCheckout.start(folder(), "build-2", redis.url);
    try {
      await setRedisUrl(redis.url);
      assert.deepEqual(await runRelay(), { exitCode: 0 });
      for (const key of RELAY) assert.match(rowOf(api, key).description, /^succeeded · [\d.]+ m?s · on build-2( · |$)/);
      assert.deepEqual(rowOf(api, "Relay.last").lines, ["hello from first, then second, then last"]);
      assert.match(worker.cli.stdout, /Relay\.first/, "the worker says it ran the tasks");
    } finally {
      assert.deepEqual(await worker.stop(), { code: 0, signal: null });
    }
  });

  it("fails a task whose worker's checkout has another version of a file the task's file imports", async () => {
    const worker = await WorkerCheckout.start(folder(), "build-3", redis.url, (checkout) =>
      writeFileSync(join(checkout, "words.ts"), "export const greeting = (who: string) => `hi from ${who}`;\n"),
    );
    try {
      await setRedisUrl(redis.url);
      assert.deepEqual(await runRelay(), { exitCode: 1 });
      const first = rowOf(api, "Relay.first");
      assert.match(first.description, /^failed/);
      assert.match(first.lines.join("\n"), /worker build-3 has a different words\.ts than the coordinator/);
    } finally {
      assert.deepEqual(await worker.stop(), { code: 0, signal: null });
    }
  });

  it("checks the files the run loads from disk, not those the editor's unsaved text imports", async () => {
    const worker = await WorkerCheckout.start(folder(), "build-5", redis.url, (checkout) =>
      writeFileSync(join(checkout, "words.ts"), "export const greeting = (who: string) => `hi from ${who}`;\n"),
    );
    const elsewhere = join(folder(), "otherWords.ts");
    writeFileSync(elsewhere, "export const greeting = (who: string) => `hello from ${who}`;\n");
    const document = await vscode.workspace.openTextDocument(fixture("relay.ts"));
    const editor = await vscode.window.showTextDocument(document);
    try {
      // Unsaved: relay.ts imports ./otherWords and declares one more task, which says when the index has read it.
      const text = document.getText().replace('from "./words"', 'from "./otherWords"');
      await editor.edit((edit) =>
        edit.replace(
          new vscode.Range(0, 0, document.lineCount, 0),
          `${text}\nexport class Unsaved {\n  @semisync()\n  static extra() {}\n}\n`,
        ),
      );
      await eventually(
        () => api.index.tasksIn(fixture("relay.ts")).some((task) => task.id === "Unsaved.extra"),
        "the index to read the unsaved text",
      );
      await setRedisUrl(redis.url);
      // The run loads relay.ts as saved, which imports ./words: that is the file the worker must have.
      assert.deepEqual(await runRelay(), { exitCode: 1 });
      assert.match(
        rowOf(api, "Relay.first").lines.join("\n"),
        /worker build-5 has a different words\.ts than the coordinator/,
      );
    } finally {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
      rmSync(elsewhere, { force: true });
      assert.deepEqual(await worker.stop(), { code: 0, signal: null });
    }
  });

  it("fails a task whose worker's checkout has another tsconfig.json, which decides how the files transpile", async () => {
    const worker = await WorkerCheckout.start(folder(), "build-4", redis.url, (checkout) =>
      writeFileSync(
        join(checkout, "tsconfig.json"),
        JSON.stringify({ compilerOptions: { experimentalDecorators: true } }),
      ),
    );
    try {
      await setRedisUrl(redis.url);
      assert.deepEqual(await runRelay(), { exitCode: 1 });
      assert.match(
        rowOf(api, "Relay.first").lines.join("\n"),
        /worker build-4 has a different tsconfig\.json than the coordinator/,
      );
    } finally {
      assert.deepEqual(await worker.stop(), { code: 0, signal: null });
    }
  });

  it("ignores a semisync.redisUrl the workspace's own settings give: a folder cannot send the user's runs elsewhere", async () => {
    await setRedisUrl(undefined);
    const settings = join(folder(), ".vscode", "settings.json");
    mkdirSync(dirname(settings), { recursive: true });
    // A resource setting beside it, at its default, says when VS Code has read the file.
    writeFileSync(settings, JSON.stringify({ "semisync.redisUrl": "redis://127.0.0.1:1", "semisync.failFast": false }));
    try {
      await eventually(
        () => vscode.workspace.getConfiguration("semisync").inspect("failFast")?.workspaceValue === false,
        "VS Code to read the workspace's settings",
      );
      assert.deepEqual(await runRelay(), { exitCode: 0 });
      for (const key of RELAY) assert.doesNotMatch(rowOf(api, key).description, / on /, `${key} ran on this machine`);
    } finally {
      rmSync(dirname(settings), { recursive: true, force: true });
    }
  });

  it("fails the run at once when Redis does not answer, saying so with the password hidden", async () => {
    await setRedisUrl(`redis://alice:s3cret@127.0.0.1:${await closedPort()}`);
    assert.deepEqual(await runRelay(), { exitCode: 2 });
    const [row] = runViewText(api);
    assert.equal(row.label, "The graph could not run");
    assert.match(
      row.description,
      /^semisync: cannot reach Redis at redis:\/\/alice:\*\*\*@127\.0\.0\.1:\d+ \(semisync\.redisUrl\): .*Start redis-server there/,
    );
    assert.ok(!row.description.includes("s3cret"), row.description);
  });
});
