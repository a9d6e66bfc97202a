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

/** Redis must answer within this, as it must for `semisync run --redis`. */
const REACH_WITHIN_MS = 4000;

export interface RedisTasks {
  poolMaker: PoolMaker;
  /** Why Redis cannot be used, worded for the person who set the URL; undefined when it answers. */
  unreachable(): Promise<string | undefined>;
  /** Settles once the calls a cancel withdrew are out of the queue; undefined when none were. */
  withdrawn(): Promise<unknown> | undefined;
}

/**
 * `files`: the file run and those it also loads, whose code the workers check as `semisync run
 * --redis` has them check it, read from disk as this process loads them (the scanner's bundle is
 * loaded for that, on this run only). `say`: a note outside any task (no worker takes the run's
 * calls), for the user.
 */
export function redisTasks(run: RedisRun, files: readonly string[], say: (text: string) => void): RedisTasks {
  const executor = loadRedisExecutor();
  const pools: Array<InstanceType<RedisExecutor["RedisPool"]>> = [];
  return {
    poolMaker: {
      // The workers' own concurrency bounds what runs; this bounds only the calls sent ahead of them.
      defaultSize: MAX_WORKERS,
      make: (size) => {
        const programFiles = () => (require(bundlePath("scanner")) as Scanner).codeOfRun(files);
        const pool = new executor.RedisPool({ url: run.url, size, root: run.root, programFiles, say });
        pools.push(pool);
        return pool;
      },
    },
    unreachable: async () => {
      const why = await executor.unreachable(run.url, REACH_WITHIN_MS);
      if (why === undefined) return undefined;
      const url = executor.displayUrl(run.url);
      return `semisync: cannot reach Redis at ${url} (semisync.redisUrl): ${why}. Start redis-server there, or set semisync.redisUrl to the right address (empty runs the tasks on this machine).`;
    },
    withdrawn: () => {
      const pending = pools.map((pool) => pool.withdrawn()).filter((each) => each !== undefined);
      return pending.length > 0 ? Promise.all(pending) : undefined;
    },
  };
}
