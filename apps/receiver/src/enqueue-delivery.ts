import {
  enqueuePullRequest,
  enqueueSync,
  within,
  type CodesyncQueues,
  type PullRequestJobData,
  type SyncJobData,
} from '@codesync/core';

/** A job the receiver queued, reported back to the sender. */
export interface QueuedJob {
  queue: 'sync' | 'pull-requests';
  id: string;
}

/** Puts a delivery's jobs into Redis; injected into the app so tests can use real queues. */
export type EnqueueJobs = (jobs: {
  syncs: SyncJobData[];
  pullRequests: PullRequestJobData[];
}) => Promise<QueuedJob[]>;

/**
 * Enqueues through BullMQ and fails if Redis has not stored every job within `timeoutMs`, so
 * the receiver can answer 503 well inside Bitbucket's 10 s timeout and the sender retries.
 */
export function bullmqEnqueuer(
  queues: CodesyncQueues,
  timeoutMs: number,
  onTimeout?: () => void,
): EnqueueJobs {
  return async ({ syncs, pullRequests }) => {
    const work = Promise.all([
      ...pullRequests.map(async (data) => ({
        queue: 'pull-requests' as const,
        id: await enqueuePullRequest(queues, data),
      })),
      ...syncs.map(async (data) => ({
        queue: 'sync' as const,
        id: await enqueueSync(queues, data),
      })),
    ]);
    const jobs = await within(timeoutMs, work);
    if (jobs !== undefined) return jobs;
    onTimeout?.();
    throw new Error(`Redis did not store the jobs within ${timeoutMs} ms`);
  };
}
