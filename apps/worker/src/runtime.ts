import {
  AsyncMutex,
  connectWorker,
  enqueueSync,
  openIndex,
  openQueues,
  PULL_REQUEST_QUEUE,
  RECONCILE_JOB,
  SYNC_QUEUE,
  type CodesyncConfig,
  type Logger,
  type PullRequestJobData,
  type SyncJobData,
} from '@codesync/core';
import { Worker, type Job } from 'bullmq';
import { createPullRequestProcessor } from './pull-request-processor';
import { createSyncProcessor } from './sync-processor';

/** A running worker: its BullMQ workers, Redis connections and the index. */
export interface WorkerRuntime {
  close(deadlineMs?: number): Promise<void>;
}

/**
 * Starts the sync and pull-request workers and the periodic reconcile. Returns once they are
 * connected; `close` finishes or hands back the current jobs, then closes SQLite and Redis.
 */
export async function startWorker(config: CodesyncConfig, log: Logger): Promise<WorkerRuntime> {
  const db = openIndex(config.dataDir);
  const redis = connectWorker(config.redisUrl);
  const queues = openQueues(redis, config.queuePrefix);
  const repos = new Map(config.repos.map((r) => [r.key, r]));
  const env = {
    db,
    writeMutex: new AsyncMutex(),
    dataDir: config.dataDir,
    gitUrlTemplate: config.gitUrlTemplate,
    gitAuth: config.gitAuth,
    rules: { maxFileBytes: config.maxFileBytes, skipDirs: config.skipDirs },
    log,
  };
  const syncProcessor = createSyncProcessor({ env, repos, redis, prefix: config.queuePrefix, lockMs: config.jobLockMs, log });

  const reconcile = async (): Promise<{ queued: number }> => {
    for (const repo of repos.values()) {
      await enqueueSync(queues, { repo: repo.key, trigger: 'reconcile', acceptedAt: Date.now() });
    }
    return { queued: repos.size };
  };

  const syncWorker = new Worker<SyncJobData>(
    SYNC_QUEUE,
    (job: Job<SyncJobData>, token?: string) =>
      job.name === RECONCILE_JOB ? reconcile() : syncProcessor(job, token),
    {
      connection: redis,
      prefix: config.queuePrefix,
      concurrency: config.workerConcurrency,
      // A large sync yields between batches, but give the lock room on a slow disk. A crashed
      // worker's job is picked up again once its lock lapses and the stalled check runs.
      lockDuration: config.jobLockMs,
      stalledInterval: Math.min(30_000, config.jobLockMs),
      maxStartedAttempts: 500,
    },
  );
  const prWorker = new Worker<PullRequestJobData>(PULL_REQUEST_QUEUE, createPullRequestProcessor(db, log), {
    connection: redis,
    prefix: config.queuePrefix,
    concurrency: 1,
  });
  for (const worker of [syncWorker, prWorker]) {
    worker.on('error', (error) => log.error({ err: error.message, queue: worker.name }, 'worker error'));
    worker.on('failed', (job, error) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) {
        log.error({ jobId: job.id, queue: worker.name, data: job.data, err: error.message }, 'job failed for good');
      }
    });
  }
  await Promise.all([syncWorker.waitUntilReady(), prWorker.waitUntilReady()]);

  if (config.reconcileIntervalMs > 0) {
    await queues.sync.upsertJobScheduler(
      'reconcile',
      { every: config.reconcileIntervalMs },
      { name: RECONCILE_JOB, data: { repo: '*', trigger: 'reconcile', acceptedAt: 0 } },
    );
  } else {
    await queues.sync.removeJobScheduler('reconcile');
  }
  log.info(
    { repos: [...repos.keys()], concurrency: config.workerConcurrency, reconcileMs: config.reconcileIntervalMs },
    'worker ready',
  );

  return {
    close: async (deadlineMs = 8_000) => {
      const closing = Promise.allSettled([syncWorker.close(), prWorker.close()]);
      const timedOut = await Promise.race([
        closing.then(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(true), deadlineMs).unref()),
      ]);
      if (timedOut) {
        log.warn('jobs still running at the shutdown deadline; they will be retried by another worker');
        await Promise.allSettled([syncWorker.close(true), prWorker.close(true)]);
      }
      await queues.close();
      await redis.quit().catch(() => redis.disconnect());
      if (db.inTransaction) db.exec('ROLLBACK');
      db.close();
    },
  };
}
