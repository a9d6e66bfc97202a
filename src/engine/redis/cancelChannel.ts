/**
 * How a coordinator tells the workers to stop calls it no longer wants (the run was cancelled,
 * a call timed out or was taken for lost): a Redis pub/sub message naming the jobs. BullMQ can take
 * a waiting job out of the queue, but a job a worker already runs is beyond its reach.
 */

/** The channel every coordinator publishes on and every `semisync worker` listens to. */
export const CANCEL_CHANNEL = "semisync:cancel";

/** Why, unless a message says otherwise. */
export const CANCELLED = "its run cancelled it";

/** `why` is what the worker logs as it stops each job: the run was cancelled, the call timed out, or was taken for lost. */
export function cancelMessage(jobs: readonly string[], why: string = CANCELLED): string {
  return JSON.stringify({ jobs, why });
}

/** The job ids a message names and why; none when it is not one of ours. */
export function cancelledJobs(message: string): { jobs: string[]; why: string } {
  try {
    const { jobs, why } = JSON.parse(message) as { jobs?: unknown; why?: unknown };
    return {
      jobs: Array.isArray(jobs) ? jobs.filter((id): id is string => typeof id === "string") : [],
      why: typeof why === "string" ? why : CANCELLED,
    };
  } catch {
    return { jobs: [], why: CANCELLED };
  }
}
