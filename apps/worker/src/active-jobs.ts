import type { Logger } from '@codesync/core';
import type { Job } from 'bullmq';

type Processor<T, R> = (job: Job<T>, token?: string) => Promise<R>;

/**
 * The jobs this process is running, with the lock tokens BullMQ gave it, so a shutdown that
 * cannot wait any longer can hand them back to the queue instead of leaving them to stall.
 */
export class ActiveJobs {
  private readonly running = new Map<string, { job: Job; token?: string }>();

  get size(): number {
    return this.running.size;
  }

  /** Wraps a processor so each job is listed while it runs. */
  track<T, R>(processor: Processor<T, R>): Processor<T, R> {
    return async (job, token) => {
      const key = `${job.queueName}/${job.id}`;
      this.running.set(key, { job, token });
      try {
        return await processor(job, token);
      } finally {
        this.running.delete(key);
      }
    };
  }

  /**
   * Moves every running job back to `wait`, releasing its BullMQ lock, so another worker starts
   * it at once rather than after the lock expires and the stalled check runs (up to a minute
   * or more). Neither `attemptsMade` nor the job's data change. Resolves with the job ids.
   */
  async handBack(log: Logger): Promise<string[]> {
    const handed: string[] = [];
    for (const { job, token } of this.running.values()) {
      try {
        await job.moveToWait(token);
        handed.push(String(job.id));
      } catch (error) {
        // The lock may already be gone (the job just finished): it is then not ours to move.
        const err = (error as Error).message;
        log.warn({ jobId: job.id, queue: job.queueName, err }, 'could not hand job back');
      }
    }
    return handed;
  }
}
