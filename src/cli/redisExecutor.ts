/**
 * The Redis executor as the CLI uses it: its bundle loaded on first need, the URL taken from the
 * flag or SEMISYNC_REDIS_URL, and Redis asked once, quickly, whether it answers.
 */
import { bundlePath } from "../shared/bundles";

export const REDIS_URL_ENV = "SEMISYNC_REDIS_URL";

/** Redis must answer within this, or the command says so and exits 2. */
const REACH_WITHIN_MS = 4000;

export type RedisExecutor = typeof import("../engine/redis");

export function redisExecutor(): RedisExecutor {
  return require(bundlePath("redis")) as RedisExecutor;
}

export function redisUrl(flag: string | undefined): string | undefined {
  return flag ?? (process.env[REDIS_URL_ENV] || undefined);
}

/** Why Redis cannot be used, worded for the person who gave the URL; undefined when it answers. */
export async function unreachableRedis(
  executor: RedisExecutor,
  url: string,
  command: string,
): Promise<string | undefined> {
  const why = await executor.unreachable(url, REACH_WITHIN_MS);
  return why === undefined
    ? undefined
    : `semisync ${command}: cannot reach Redis at ${executor.displayUrl(url)}: ${why}. Start redis-server there, or give the right address with --redis (or ${REDIS_URL_ENV}).\n`;
}
