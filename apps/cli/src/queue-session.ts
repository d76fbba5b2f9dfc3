import {
  connectProducer,
  enqueueSync,
  openQueues,
  redactUrlPassword,
  requestRebuild,
  type SyncTrigger,
} from '@codesync/core';
import type { Redis } from 'ioredis';
import type { CliConfig } from './cli-config';
import { CliError, EXIT } from './exit-codes';

/** A connection to the configured Redis with the sync queue open on it. */
export interface QueueSession {
  /** Queues a sync of a configured repository; resolves with the job id. */
  queueSync(repo: string, trigger: SyncTrigger): Promise<string>;
  /** Makes the next sync of `repo` a full rebuild (the worker reads this set). */
  requestRebuild(repo: string): Promise<void>;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 3_000;

/**
 * Connects to REDIS_URL and waits until it answers, so an unreachable Redis fails at once with
 * exit code 3 instead of leaving `Queue.add` pending until a connection that never comes.
 */
export async function openQueueSession(config: CliConfig): Promise<QueueSession> {
  const where = `Redis at ${redactUrlPassword(config.redisUrl)} (${config.redisUrlSource})`;
  const redis = connectProducer(config.redisUrl);
  // Errors surface through the rejected commands; without a listener ioredis prints each one.
  redis.on('error', () => {});
  try {
    await waitUntilReady(redis, CONNECT_TIMEOUT_MS);
  } catch (error) {
    redis.disconnect();
    throw new CliError(EXIT.unreachable, `cannot reach ${where}: ${(error as Error).message}`);
  }

  const queues = openQueues(redis, config.queuePrefix);
  // BullMQ re-emits connection errors on each queue, and an unheard 'error' event would crash.
  for (const queue of [queues.sync, queues.pullRequests]) queue.on('error', () => {});
  const unreachable = (action: string) => (error: unknown) => {
    throw new CliError(EXIT.unreachable, `${action} in ${where}: ${(error as Error).message}`);
  };
  return {
    queueSync: (repo, trigger) =>
      enqueueSync(queues, { repo, trigger, acceptedAt: Date.now() }).catch(
        unreachable(`queueing a sync of ${repo}`),
      ),
    requestRebuild: async (repo) => {
      await requestRebuild(redis, config.queuePrefix, repo).catch(
        unreachable(`asking for a rebuild of ${repo}`),
      );
    },
    close: async () => {
      await queues.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

function waitUntilReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const finish = (error?: Error) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('error', onError);
      if (error) reject(error);
      else resolve();
    };
    const onReady = () => finish();
    const onError = (error: Error) => finish(error);
    const timer = setTimeout(
      () => finish(new Error(`no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    redis.once('ready', onReady);
    redis.once('error', onError);
  });
}
