/** Which Redis the CLI uses: the flag, or else SEMISYNC_REDIS_URL; and how it says Redis does not answer. */

export const REDIS_URL_ENV = "SEMISYNC_REDIS_URL";

export function redisUrl(flag: string | undefined): string | undefined {
  return flag ?? (process.env[REDIS_URL_ENV] || undefined);
}

/** Why Redis cannot be used, worded for the person who gave the URL to `semisync <command>`. */
export function unreachableWords(command: string, shownUrl: string, why: string): string {
  return `semisync ${command}: cannot reach Redis at ${shownUrl}: ${why}. Start redis-server there, or give the right address with --redis (or ${REDIS_URL_ENV}).\n`;
}
