/**
 * Where Redis is, from the URL the user gave (`redis://[user:password@]host[:port][/db]`), and a
 * quick look that it answers, so that a wrong address is said at once instead of retried forever.
 */
import IORedis from "ioredis";

/** The one queue every coordinator sends to and every `semisync worker` takes from. */
export const QUEUE_NAME = "semisync";

/** What both BullMQ and the Redis client take to connect. */
export interface RedisAddress {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  tls?: object;
  maxRetriesPerRequest: null;
}

/**
 * The URL as messages show it: a password must not reach a terminal, a CI log or a report, so it
 * reads `***` (`redis://alice:***@host:6379/0`).
 */
export function displayUrl(url: string): string {
  // On the text as given, not as parsed: a password may hold any character, `/` and `@` too, and a URL parser would
  // take part of it for the host or the path. Everything from the user's colon to the last `@` goes.
  const masked = url.replace(/^([^:/]*:\/\/[^:@/]*:).*@/, "$1***@");
  return masked.replace(/\/$/, "");
}

export function redisOptions(url: string): RedisAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`"${displayUrl(url)}" is not a Redis URL; write it as redis://host:6379`);
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:")
    throw new Error(
      `"${displayUrl(url)}" is not a Redis URL (it starts ${parsed.protocol}); write it as redis://host:6379`,
    );
  const db = parsed.pathname.replace(/^\//, "");
  return {
    host: parsed.hostname || "127.0.0.1",
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(parsed.protocol === "rediss:" ? { tls: {} } : {}),
    // BullMQ's blocking connections must wait for Redis, never give a command up.
    maxRetriesPerRequest: null,
  };
}

/** Resolves with undefined once Redis answers a PING, or with why not within `withinMs`. */
export async function unreachable(url: string, withinMs: number): Promise<string | undefined> {
  let options: RedisAddress;
  try {
    options = redisOptions(url);
  } catch (error) {
    return (error as Error).message;
  }
  const client = new IORedis({
    ...options,
    lazyConnect: true,
    connectTimeout: withinMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // Its connection errors are the answer below, not unhandled events.
  let lastError: Error | undefined;
  client.on("error", (error: Error) => (lastError = error));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${withinMs} ms`), withinMs);
  });
  const answer = client
    .connect()
    .then(() => client.ping())
    .then(
      () => undefined,
      (error: Error) => (lastError ?? error).message,
    );
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
    closeClient(client);
  }
}

/** The id of the newest event in the queue's event stream, or the stream's start when it has none. */
export async function newestEventId(address: RedisAddress, queue: { keys: Record<string, string> }): Promise<string> {
  const client = new IORedis({ ...address, lazyConnect: true });
  client.on("error", () => {
    // The command below fails with it.
  });
  try {
    await client.connect();
    const [newest] = await client.xrevrange(queue.keys.events, "+", "-", "COUNT", 1);
    return newest?.[0] ?? "0-0";
  } finally {
    closeClient(client);
  }
}

/** Closes a client now; one that ended already is left alone, as ioredis would wait 2 s for its socket to close again. */
export function closeClient(client: IORedis): void {
  if (client.status !== "end") client.disconnect();
}
