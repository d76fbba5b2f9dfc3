import {
  rebuildRequestsKey,
  recordAttempt,
  syncRepository,
  type Logger,
  type RepoConfig,
  type SyncEnvironment,
  type SyncJobData,
  type SyncResult,
} from '@codesync/core';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { acquireRepoLock, type HeldLock } from './repo-lock';

export interface SyncProcessorDeps {
  env: SyncEnvironment;
  repos: ReadonlyMap<string, RepoConfig>;
  redis: Redis;
  prefix: string;
  /** TTL of the per-repository Redis lock; the same as the BullMQ job lock. */
  lockMs: number;
  log: Logger;
  /** Called after each finished sync, e.g. to update metrics. */
  onSynced?: (job: Job<SyncJobData>, result: SyncResult) => void;
  /** Locks held right now, so a shutdown that hands jobs back can release them. */
  heldLocks?: Set<HeldLock>;
}

/** Builds the BullMQ processor of sync jobs. */
export function createSyncProcessor(deps: SyncProcessorDeps) {
  return async (job: Job<SyncJobData>, token?: string): Promise<SyncResult> => {
    const { repo: key, deliveryId, trigger } = job.data;
    const repo = deps.repos.get(key);
    if (!repo)
      throw new UnrecoverableError(`repository ${key} is not configured in CODESYNC_REPOS`);
    const log = deps.log.child({ repo: key, jobId: job.id, deliveryId, trigger });

    const lock = await acquireRepoLock(deps.redis, `${deps.prefix}:lock:${key}`, deps.lockMs);
    if (!lock) {
      log.info('another worker is syncing this repository; retrying in 2 s');
      await job.moveToDelayed(Date.now() + 2_000, token);
      throw new DelayedError();
    }
    deps.heldLocks?.add(lock);
    log.info('sync started');
    try {
      const rebuild = (await deps.redis.srem(rebuildRequestsKey(deps.prefix), key)) === 1;
      const result = await syncRepository({ ...deps.env, log }, repo, { rebuild }).catch(
        async (error) => {
          if (rebuild) await deps.redis.sadd(rebuildRequestsKey(deps.prefix), key);
          throw error;
        },
      );
      log.info(
        {
          outcome: result.outcome,
          reason: result.reason,
          from: result.from,
          to: result.to,
          ms: result.durationMs,
          ...result.stats,
        },
        'sync finished',
      );
      deps.onSynced?.(job, result);
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      recordAttempt(deps.env.db, key, 'failed', message);
      log.warn(
        { err: message, attempt: job.attemptsMade + 1 },
        'sync failed; BullMQ retries with backoff',
      );
      throw error;
    } finally {
      deps.heldLocks?.delete(lock);
      await lock.release();
    }
  };
}
