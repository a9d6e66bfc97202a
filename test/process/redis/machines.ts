/**
 * What the Redis tests stand on: a real redis-server of the system's on a free port (no
 * persistence, in a temp folder), and real `semisync worker` processes, each in its own copy of
 * the fixture project, standing in for other machines.
 */
import { spawn, type ChildProcess } from "node:child_process";
import IORedis from "ioredis";
import { Queue } from "bullmq";
import { appendFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixtures } from "../helpers/cli";
import { LiveCli } from "../helpers/liveCli";
import { nothingLeft } from "../faults/matrix";

export const project = join(fixtures, "redis");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export class RedisServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly url: string,
  ) {}

  static async start(): Promise<RedisServer> {
    return RedisServer.startOn(await freePort());
  }

  /** On a given port: a Redis that comes back where the workers wait for it. */
  static async startOn(port: number): Promise<RedisServer> {
    const dir = mkdtempSync(join(tmpdir(), "semisync-redis-test-"));
    const child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      {
        cwd: dir,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let log = "";
    await new Promise<void>((resolve, reject) => {
      child.stdout!.setEncoding("utf8").on("data", (text: string) => {
        log += text;
        if (log.includes("Ready to accept connections")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`redis-server exited with code ${code}:\n${log}`)));
      child.once("error", reject);
    });
    return new RedisServer(child, dir, `redis://127.0.0.1:${port}`);
  }

  /** One command, as redis-cli would send it (FLUSHALL, ACL SETUSER …). */
  async command(...args: string[]): Promise<unknown> {
    const client = new IORedis(this.url);
    try {
      return await client.call(args[0], ...args.slice(1));
    } finally {
      client.disconnect();
    }
  }

  /** The names (task keys) of the jobs no worker took yet. */
  async waitingJobs(): Promise<string[]> {
    const queue = new Queue("semisync", { connection: { host: "127.0.0.1", port: Number(new URL(this.url).port) } });
    try {
      return (await queue.getJobs(["waiting", "prioritized", "delayed"])).map((job) => job.name);
    } finally {
      await queue.close();
    }
  }

  /** SIGKILL, as a crash or an OOM kill ends it: no goodbye to its clients. */
  async kill(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGKILL");
    await exited;
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once("exit", resolve));
      this.child.kill("SIGTERM");
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A `semisync worker` in a copy of the fixture project of its own. */
export class Machine {
  private constructor(
    readonly name: string,
    readonly checkout: string,
    readonly cli: LiveCli,
  ) {}

  /** `change` edits the copy before the worker starts: a checkout that is not the coordinator's. */
  static async start(
    name: string,
    url: string,
    change?: (checkout: string) => void,
    flags: readonly string[] = [],
  ): Promise<Machine> {
    const checkout = mkdtempSync(join(tmpdir(), `semisync-machine-${name}-`));
    cpSync(project, checkout, { recursive: true });
    change?.(checkout);
    const cli = new LiveCli(["worker", "--redis", url, "--name", name, "--concurrency", "1", ...flags], {
      cwd: checkout,
    });
    const machine = new Machine(name, checkout, cli);
    await cli.until("stdout", /taking tasks from/);
    return machine;
  }

  /** SIGTERM, as a service manager stops it; resolves with its exit once every process of it is gone. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.cli.child.kill("SIGTERM");
    const exit = await this.cli.exited;
    await nothingLeft(this.cli.mark);
    rmSync(this.checkout, { recursive: true, force: true });
    return exit;
  }
}

/** The machine dies: its `semisync worker` is SIGKILLed, and every process of it must go with it. */
export async function killMachine(machine: Machine): Promise<void> {
  machine.cli.child.kill("SIGKILL");
  await machine.cli.exited;
  await nothingLeft(machine.cli.mark);
  rmSync(machine.checkout, { recursive: true, force: true });
}

export function appendTo(file: string, text: string): void {
  appendFileSync(file, text);
}
