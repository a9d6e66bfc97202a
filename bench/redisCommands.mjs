// What one task costs Redis (node bench/redisCommands.mjs, after npm run build): the commands a
// call through Redis sends, counted by Redis itself (INFO commandstats), and the time Redis spent
// in them, for a 200-task chain and a 1,000-call fan-out on two workers. Redis runs commands one at
// a time, so that time per task bounds what one Redis can carry, however many workers take tasks:
// the ceiling the README's "A hundred workers, and a Redis Cluster" starts from. Counts do not
// depend on the load; times do a little (say it).
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import IORedis from "ioredis";
import { startMachines } from "./redisMachines.mjs";
import { machineAndStart } from "./stats.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli.js");

function run(file, env, url) {
  const result = spawnSync(process.execPath, [cli, "run", file, "--redis", url], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`${file} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  const line = result.stdout.split("\n").find((text) => text.startsWith("BENCH "));
  return JSON.parse(line.slice(6));
}

/** Each command's calls and microseconds since the last reset, and the clients connected now. */
async function stats(client) {
  const text = await client.info("commandstats");
  const commands = {};
  for (const [, name, calls, usec] of text.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm))
    commands[name] = { calls: Number(calls), usec: Number(usec) };
  const clients = Number(/connected_clients:(\d+)/.exec(await client.info("clients"))[1]);
  return { commands, clients };
}

const machines = await startMachines(root, ["bench-1", "bench-2"]);
const client = new IORedis(machines.url);
const say = (text = "") => console.log(text);
try {
  for (const line of machineAndStart()) say(line);
  const programs = { chain: join("bench", "programs", "chain.ts"), fanOut: join("bench", "programs", "fanOut.ts") };
  for (const file of Object.values(programs)) run(file, { ROUNDS: "1", CALLS: "10" }, machines.url);
  const idle = (await stats(client)).clients;
  say(`Clients connected with two idle workers and this reader: ${idle}`);
  say();
  say(
    "| program | tasks | Redis commands per task | of them scripts (EVALSHA) | Redis time per task | one Redis's ceiling |",
  );
  say("|---|---|---|---|---|---|");
  for (const [name, file] of Object.entries(programs)) {
    await client.config("RESETSTAT");
    const { tasks } = run(file, { ROUNDS: "1" }, machines.url);
    const { commands } = await stats(client);
    // This reader's own INFO and CONFIG are not the run's.
    delete commands.info;
    delete commands.config;
    const calls = Object.values(commands).reduce((sum, each) => sum + each.calls, 0);
    const usec = Object.values(commands).reduce((sum, each) => sum + each.usec, 0);
    const scripts = (commands.evalsha?.calls ?? 0) + (commands.eval?.calls ?? 0);
    say(
      `| ${name} | ${tasks} | ${(calls / tasks).toFixed(1)} | ${(scripts / tasks).toFixed(1)} | ${(usec / tasks).toFixed(0)} µs | ${Math.round(1e6 / (usec / tasks))} tasks/s |`,
    );
    const top = Object.entries(commands)
      .sort(([, a], [, b]) => b.usec - a.usec)
      .slice(0, 6)
      .map(([command, each]) => `${command} ${(each.calls / tasks).toFixed(1)}×/${(each.usec / tasks).toFixed(0)} µs`);
    say(`  (${name}, per task: ${top.join(", ")})`);
  }
  say(
    `Load average at end ${loadavg()
      .map((n) => n.toFixed(2))
      .join(", ")}`,
  );
} finally {
  client.disconnect();
  await machines.stop();
}
