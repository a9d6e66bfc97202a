import { availableParallelism, hostname } from "node:os";
import { EXIT } from "../shared/protocol";
import type { WorkerCommand } from "./args";
import { REDIS_REACH_WITHIN_MS, loadRedisExecutor } from "../engine/redisTasks";
import { redisUrl, unreachableWords, REDIS_URL_ENV } from "./redisExecutor";

/**
 * `semisync worker`: runs the tasks that `semisync run --redis` sends, in this checkout, until
 * SIGTERM or Ctrl-C; then it takes no new task, finishes those it runs, and exits. A second
 * signal stops it at once (its worker processes follow it).
 */
export async function workerCommand(command: WorkerCommand): Promise<number> {
  const url = redisUrl(command.redis);
  if (url === undefined) {
    process.stderr.write(
      `semisync worker: which Redis? Give it with --redis redis://host:6379 (or ${REDIS_URL_ENV}), the one \`semisync run --redis\` uses.\n`,
    );
    return EXIT.graphError;
  }
  const executor = loadRedisExecutor();
  const why = await executor.unreachable(url, REDIS_REACH_WITHIN_MS);
  if (why !== undefined) {
    process.stderr.write(unreachableWords("worker", executor.displayUrl(url), why));
    return EXIT.graphError;
  }
  const name = command.name ?? `${hostname()}-${process.pid}`;
  const concurrency = command.concurrency ?? availableParallelism();
  const root = process.cwd();
  const log = (line: string) => process.stdout.write(`semisync worker ${name}: ${line}\n`);
  const worker = new executor.RemoteWorker({ url, name, concurrency, root, log, lostAfterS: command.lostAfterS });
  let stopping = false;
  const stopped = new Promise<number>((resolve) => {
    for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const)
      process.on(signal, () => {
        if (stopping) process.exit(EXIT.taskFailed);
        stopping = true;
        log(`${signal}: taking no new task; finishing the running ones, then exiting (again to stop at once)`);
        worker.close().then(
          () => resolve(EXIT.ok),
          (error: Error) => {
            log(`could not close cleanly: ${error.message}`);
            resolve(EXIT.taskFailed);
          },
        );
      });
  });
  await worker.start();
  log(`taking tasks from ${executor.displayUrl(url)}, ${concurrency} at once, in ${root}`);
  const code = await stopped;
  log("stopped");
  // Redis clients and timers of BullMQ's may linger; the worker is done.
  process.exit(code);
}
