/**
 * A run the editor sends through Redis (its `semisync.redisUrl`): the coordinator process, forked
 * before it knew which run it would serve, learns it from the start message and makes the pool of
 * `semisync worker`s then. dist/redis.js (BullMQ and its client) is loaded only at that moment,
 * so a local run never pays for it.
 */
import { bundlePath } from "../shared/bundles";
import { MAX_WORKERS, type RedisRun } from "../shared/protocol";
import type { PoolMaker } from "./pool";

type RedisExecutor = typeof import("./redis");
type Scanner = typeof import("../scanner/index");

/** Set for a coordinator forked ahead of a run through Redis: it loads the executor, not workers of its own. */
export const THROUGH_REDIS_ENV = "SEMISYNC_COORDINATOR_THROUGH_REDIS";

export function loadRedisExecutor(): RedisExecutor {
  return require(bundlePath("redis")) as RedisExecutor;
}

/** Redis must answer within this, or the run says so (exit 2). */
export const REDIS_REACH_WITHIN_MS = 4000;

export interface RedisTasks {
  poolMaker: PoolMaker;
  /** Why Redis cannot be used, worded for the person who set the URL; undefined when it answers. */
  unreachable(): Promise<string | undefined>;
  /** Settles once the calls a cancel withdrew are out of the queue; undefined when none were. */
  withdrawn(): Promise<unknown> | undefined;
}

/** A run through Redis as `semisync run --redis` and the editor's coordinator both make it. */
export interface RedisTasksOptions {
  url: string;
  /** The project's root, where every `semisync worker` runs too. */
  root: string;
  /** The files whose code the workers check, read from disk as the run loads them. */
  programFiles: () => readonly string[];
  /** A note outside any task (no worker takes the run's calls), for the user. */
  say: (text: string) => void;
  retries?: number;
  /** Why Redis cannot be used, worded for how the user gave the URL (a flag, a setting). */
  unreachableMessage: (shownUrl: string, why: string) => string;
}

export function redisTasks(options: RedisTasksOptions): RedisTasks & { shownUrl: string } {
  const { url, root, programFiles, say, retries } = options;
  const executor = loadRedisExecutor();
  const pools: Array<InstanceType<RedisExecutor["RedisPool"]>> = [];
  const shownUrl = executor.displayUrl(url);
  return {
    shownUrl,
    poolMaker: {
      // The workers' own concurrency bounds what runs; this bounds only the calls sent ahead of them.
      defaultSize: MAX_WORKERS,
      make: (size) => {
        const pool = new executor.RedisPool({ url, size, root, programFiles, say, retries });
        pools.push(pool);
        return pool;
      },
    },
    unreachable: async () => {
      const why = await executor.unreachable(url, REDIS_REACH_WITHIN_MS);
      return why === undefined ? undefined : options.unreachableMessage(shownUrl, why);
    },
    withdrawn: () => {
      const pending = pools.map((pool) => pool.withdrawn()).filter((each) => each !== undefined);
      return pending.length > 0 ? Promise.all(pending) : undefined;
    },
  };
}

/**
 * The editor's run: `files` are the file run and those it also loads; the scanner's bundle is
 * loaded to read their imports, on this run only.
 */
export function editorRedisTasks(run: RedisRun, files: readonly string[], say: (text: string) => void): RedisTasks {
  return redisTasks({
    url: run.url,
    root: run.root,
    programFiles: () => (require(bundlePath("scanner")) as Scanner).codeOfRun(files),
    say,
    unreachableMessage: (url, why) =>
      `semisync: cannot reach Redis at ${url} (semisync.redisUrl): ${why}. Start redis-server there, or set semisync.redisUrl to the right address (empty runs the tasks on this machine).`,
  });
}
