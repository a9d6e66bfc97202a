/**
 * What a `semisync worker` says about its Redis: once when it goes away (the worker keeps
 * retrying, and keeps running the tasks it has), once when it answers again. ioredis reports every
 * failed reconnection, one a second or more: each would be a line of the same words.
 */
import type { EventEmitter } from "node:events";
import { displayUrl } from "./connection";

export class ConnectionLog {
  private lost = false;
  /** What was said since Redis went away: said again, it would tell nothing new. */
  private readonly said = new Set<string>();

  constructor(
    private readonly url: string,
    private readonly log: (line: string) => void,
  ) {}

  /** Follows a connection of the worker's own that is always open: its errors and its coming back. */
  watch(connection: EventEmitter): void {
    connection.on("error", (error: Error) => this.gone(error));
    connection.on("ready", () => this.back());
  }

  /** An error of the worker's queue connections: said unless said already while Redis is away. */
  error(error: Error): void {
    if (this.lost) {
      if (this.said.has(error.message)) return;
      this.said.add(error.message);
    }
    this.log(`Redis at ${displayUrl(this.url)}: ${error.message}`);
  }

  private gone(error: Error): void {
    if (this.lost) return;
    this.lost = true;
    this.said.clear();
    this.said.add(error.message);
    this.log(
      `lost Redis at ${displayUrl(this.url)} (${error.message}); retrying until it answers, the running tasks go on`,
    );
  }

  private back(): void {
    if (!this.lost) return;
    this.lost = false;
    this.said.clear();
    this.log(`Redis at ${displayUrl(this.url)} answers again; taking tasks`);
  }
}
