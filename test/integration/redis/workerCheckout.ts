/**
 * A real `semisync worker` in a copy of the open workspace folder: another machine's checkout of
 * the project the editor runs, taking the editor's tasks through Redis.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LiveCli } from "../../process/helpers/liveCli";
import { nothingLeft } from "../../process/faults/matrix";

export class WorkerCheckout {
  private constructor(
    readonly checkout: string,
    readonly cli: LiveCli,
  ) {}

  /** `change` edits the copy before the worker starts: a checkout that is not the editor's. */
  static async start(
    folder: string,
    name: string,
    url: string,
    change?: (checkout: string) => void,
  ): Promise<WorkerCheckout> {
    const checkout = mkdtempSync(join(tmpdir(), `semisync-editor-worker-${name}-`));
    cpSync(folder, checkout, { recursive: true });
    change?.(checkout);
    const cli = new LiveCli(["worker", "--redis", url, "--name", name, "--concurrency", "1"], { cwd: checkout });
    const worker = new WorkerCheckout(checkout, cli);
    await cli.until("stdout", /taking tasks from/);
    return worker;
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
