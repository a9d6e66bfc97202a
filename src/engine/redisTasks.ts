/**
 * A run the editor sends through Redis (its `semisync.redisUrl`): the coordinator process, forked
 * before it knew which run it would serve, learns it from the start message and makes the pool of
 * `semisync worker`s then. dist/redis.js (BullMQ and its client) is loaded only at that moment,
 * so a local run never pays for it.
 */
import { existsSync } from "node:fs";
import { tsconfigChain } from "../project/tsconfig";
import { bundlePath } from "../shared/bundles";
import { MAX_WORKERS, type RedisRun } from "../shared/protocol";
import type { PoolMaker } from "./pool";

type RedisExecutor = typeof import("./redis");

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

const NODE_MODULES = /[\\/]node_modules[\\/]/;

/**
 * The program's files and the project's tsconfig.json files that decide how they resolve and
 * transpile (a package's, like `@tsconfig/node20`, is the package manager's to keep the same):
 * what `semisync run --redis` has the workers check too.
 */
function codeOf(files: readonly string[]): string[] {
  const configs = new Set(files.flatMap(tsconfigChain));
  return [...files, ...[...configs].filter((config) => !NODE_MODULES.test(config) && existsSync(config))];
}

/** `say`: a note outside any task (no worker takes the run's calls), for the user. */
export function redisTasks(run: RedisRun, say: (text: string) => void): RedisTasks {
  const executor = loadRedisExecutor();
  const pools: Array<InstanceType<RedisExecutor["RedisPool"]>> = [];
  return {
    poolMaker: {
      // The workers' own concurrency bounds what runs; this bounds only the calls sent ahead of them.
      defaultSize: MAX_WORKERS,
      make: (size) => {
        const programFiles = () => codeOf(run.programFiles);
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
