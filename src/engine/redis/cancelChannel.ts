/**
 * How a coordinator tells the workers to stop calls it no longer wants (the run was cancelled,
 * a call timed out or was taken for lost): a Redis pub/sub message naming the jobs. BullMQ can take
 * a waiting job out of the queue, but a job a worker already runs is beyond its reach.
 */

/** The channel every coordinator publishes on and every `semisync worker` listens to. */
export const CANCEL_CHANNEL = "semisync:cancel";

export function cancelMessage(jobs: readonly string[]): string {
  return JSON.stringify({ jobs });
}

/** The job ids a message names; none when it is not one of ours. */
export function cancelledJobs(message: string): string[] {
  try {
    const { jobs } = JSON.parse(message) as { jobs?: unknown };
    return Array.isArray(jobs) ? jobs.filter((id): id is string => typeof id === "string") : [];
  } catch {
    return [];
  }
}
