/**
 * The Redis executor, bundled apart (dist/redis.js) and loaded only by a run or a worker that
 * uses Redis: BullMQ and its client stay out of every other start-up.
 */
export { RedisPool, type RedisPoolOptions } from "./redisPool";
export { RemoteWorker, type RemoteWorkerOptions } from "./remoteWorker";
export { displayUrl, unreachable } from "./connection";
