import { createHash } from 'node:crypto';
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { PullRequestJobData, SyncJobData } from './job-types';

/** Queue names; every codesync queue lives under the configured BullMQ prefix. */
export const SYNC_QUEUE = 'sync';
export const PULL_REQUEST_QUEUE = 'pull-requests';
/** Job name of the periodic reconcile run in the sync queue. */
export const RECONCILE_JOB = 'reconcile';

/**
 * Opens a Redis connection for a producer. `enableOfflineQueue: false` makes `add()` fail at
 * once while Redis is down instead of hanging, so the receiver can answer 503.
 *
 * `autoPipelining` lets ioredis send every command issued in one event-loop turn in a single
 * write: the receiver, adding one job per request for many concurrent requests, then pays one
 * socket write per turn instead of one per delivery. Only for connections that never block.
 */
export function connectProducer(url: string, options: { autoPipelining?: boolean } = {}): Redis {
  return new Redis(url, {
    enableAutoPipelining: options.autoPipelining ?? false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 3_000,
    lazyConnect: false,
  });
}

/** Opens a Redis connection for workers (BullMQ requires unlimited retries on blocking calls). */
export function connectWorker(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

export interface CodesyncQueues {
  sync: Queue<SyncJobData>;
  pullRequests: Queue<PullRequestJobData>;
  close(): Promise<void>;
}

/** The queues of one deployment, sharing one connection. */
export function openQueues(connection: ConnectionOptions, prefix: string): CodesyncQueues {
  const sync = new Queue<SyncJobData>(SYNC_QUEUE, { connection, prefix });
  const pullRequests = new Queue<PullRequestJobData>(PULL_REQUEST_QUEUE, { connection, prefix });
  return {
    sync,
    pullRequests,
    close: async () => {
      await Promise.allSettled([sync.close(), pullRequests.close()]);
    },
  };
}

const RETENTION: Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> = {
  removeOnComplete: { count: 1000, age: 86_400 },
  removeOnFail: { count: 5000 },
};

/**
 * Job options of a sync. Deduplication per repository with `keepLastIfActive` gives at most
 * one running and one waiting sync per repository: a push during a sync queues exactly one
 * follow-up, a burst of pushes coalesces, and no two syncs of one repository run at once.
 */
export function syncJobOptions(repo: string): JobsOptions {
  return {
    deduplication: { id: `sync:${repo}`, keepLastIfActive: true },
    attempts: 6,
    backoff: { type: 'exponential', delay: 2_000, jitter: 0.3 },
    ...RETENTION,
  };
}

/**
 * Job options of a pull-request upsert. A redelivery of the same delivery id maps to the same
 * job id, so Bitbucket's retries are stored once.
 */
export function pullRequestJobOptions(data: PullRequestJobData): JobsOptions {
  const identity = `${data.pullRequest.repo}\0${data.pullRequest.id}\0${data.eventKey}\0${data.deliveryId ?? ''}`;
  return {
    ...(data.deliveryId
      ? { jobId: `pr-${createHash('sha256').update(identity).digest('hex').slice(0, 32)}` }
      : {}),
    attempts: 5,
    backoff: { type: 'exponential', delay: 1_000, jitter: 0.3 },
    ...RETENTION,
  };
}

/** Adds a sync job; resolves with the job id (an existing one when deduplicated). */
export async function enqueueSync(queues: CodesyncQueues, data: SyncJobData): Promise<string> {
  const job = await queues.sync.add('sync', data, syncJobOptions(data.repo));
  return String(job.id);
}

/** Adds a pull-request job; resolves with its id. */
export async function enqueuePullRequest(
  queues: CodesyncQueues,
  data: PullRequestJobData,
): Promise<string> {
  const job = await queues.pullRequests.add('pull-request', data, pullRequestJobOptions(data));
  return String(job.id);
}
