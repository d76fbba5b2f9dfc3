import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { SYNC_QUEUE } from '@codesync/core';

/** Waits until the sync queue has nothing waiting, delayed or running. */
export async function waitQueueIdle(
  redisUrl: string,
  prefix: string,
  timeoutMs: number,
): Promise<void> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const queue = new Queue(SYNC_QUEUE, { connection, prefix });
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(counts).every((n) => n === 0)) return;
      await sleep(50);
    }
    throw new Error(`sync queue ${prefix} still busy after ${timeoutMs} ms`);
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
