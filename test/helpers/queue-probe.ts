import { setTimeout as sleep } from 'node:timers/promises';
import { PULL_REQUEST_QUEUE, RECONCILE_JOB, SYNC_QUEUE } from '@codesync/core';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

/** Read access to a test deployment's queues (in the test's own private Redis). */
export class QueueProbe {
  readonly redis: Redis;
  readonly sync: Queue;
  readonly pullRequests: Queue;

  constructor(
    url: string,
    readonly prefix: string,
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: null });
    this.sync = new Queue(SYNC_QUEUE, { connection: this.redis, prefix });
    this.pullRequests = new Queue(PULL_REQUEST_QUEUE, { connection: this.redis, prefix });
  }

  /** Jobs not yet finished in either queue, leaving out the reconcile scheduler's next run. */
  async pending(): Promise<number> {
    let total = 0;
    for (const queue of [this.sync, this.pullRequests]) {
      const counts = await queue.getJobCounts(
        'waiting',
        'active',
        'prioritized',
        'waiting-children',
      );
      total += Object.values(counts).reduce((a, b) => a + b, 0);
      const delayed = await queue.getDelayed();
      total += delayed.filter((job) => job.name !== RECONCILE_JOB).length;
    }
    return total;
  }

  /** Waits until no job is pending twice in a row, 100 ms apart. */
  async settle(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let quietRounds = 0;
    while (Date.now() < deadline) {
      quietRounds = (await this.pending()) === 0 ? quietRounds + 1 : 0;
      if (quietRounds >= 2) return;
      await sleep(100);
    }
    throw new Error('queues did not settle in time');
  }

  async close(): Promise<void> {
    await this.sync.close();
    await this.pullRequests.close();
    await this.redis.quit();
  }
}
