import {
  AsyncMutex,
  connectWorker,
  throttledWarn,
  enqueueSync,
  openIndex,
  openQueues,
  PULL_REQUEST_QUEUE,
  RECONCILE_JOB,
  runShutdownStep,
  startWorkerHeartbeat,
  SYNC_QUEUE,
  type CodesyncConfig,
  type Logger,
  type PullRequestJobData,
  type SyncJobData,
} from '@codesync/core';
import { Worker } from 'bullmq';
import { ActiveJobs } from './active-jobs';
import type { WorkerMetrics } from './metrics';
import type { WorkerHealth } from './ops-server';
import { createPullRequestProcessor } from './pull-request-processor';
import type { HeldLock } from './repo-lock';
import { createSyncProcessor } from './sync-processor';

/** A running worker: its BullMQ workers, Redis connections and the index. */
export interface WorkerRuntime {
  /** Liveness for the ops server's `/health`. */
  health(): WorkerHealth;
  /**
   * Stops taking jobs and waits up to `deadlineMs` (default 8 s) for the running ones. Jobs
   * still running then are handed back to the queue. Closes SQLite and Redis either way.
   */
  close(deadlineMs?: number): Promise<void>;
}

/**
 * Starts the sync and pull-request workers, the periodic reconcile and the heartbeat that
 * makes the receiver's `/ready` count this process. Returns once they are connected.
 */
export async function startWorker(
  config: CodesyncConfig,
  log: Logger,
  options: { metrics?: WorkerMetrics } = {},
): Promise<WorkerRuntime> {
  const { metrics } = options;
  const db = openIndex(config.dataDir);
  const redis = connectWorker(config.redisUrl);
  redis.on('error', throttledWarn(log, 'redis connection error; reconnecting (check REDIS_URL)'));
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
  const heldLocks = new Set<HeldLock>();
  const active = new ActiveJobs();
  const syncProcessor = createSyncProcessor({
    env,
    repos,
    redis,
    prefix: config.queuePrefix,
    lockMs: config.jobLockMs,
    log,
    heldLocks,
    onSynced: metrics?.synced,
  });

  const reconcile = async (): Promise<{ queued: number }> => {
    for (const repo of repos.values()) {
      await enqueueSync(queues, { repo: repo.key, trigger: 'reconcile', acceptedAt: Date.now() });
    }
    return { queued: repos.size };
  };

  const syncWorker = new Worker<SyncJobData>(
    SYNC_QUEUE,
    active.track<SyncJobData, unknown>((job, token) =>
      job.name === RECONCILE_JOB ? reconcile() : syncProcessor(job, token),
    ),
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
  const prWorker = new Worker<PullRequestJobData>(
    PULL_REQUEST_QUEUE,
    active.track(createPullRequestProcessor(db, log)),
    { connection: redis, prefix: config.queuePrefix, concurrency: 1 },
  );
  for (const worker of [syncWorker, prWorker]) {
    worker.on('error', throttledWarn(log.child({ queue: worker.name }), 'worker error'));
    worker.on('completed', (job) => metrics?.jobFinished(job, 'completed'));
    worker.on('failed', (job, error) => {
      if (!job) return;
      const final =
        error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
      metrics?.jobFinished(job, final ? 'failed' : 'retrying');
      if (!final) return;
      log.error(
        { jobId: job.id, queue: worker.name, data: job.data, err: error.message },
        'job failed for good',
      );
    });
  }
  await Promise.all([syncWorker.waitUntilReady(), prWorker.waitUntilReady()]);

  const scheduleReconcile = () =>
    queues.sync.upsertJobScheduler(
      'reconcile',
      { every: config.reconcileIntervalMs },
      { name: RECONCILE_JOB, data: { repo: '*', trigger: 'reconcile', acceptedAt: 0 } },
    );
  let reassert: NodeJS.Timeout | undefined;
  if (config.reconcileIntervalMs > 0) {
    await scheduleReconcile();
    // Idempotent: re-asserting it brings the scheduler back if Redis lost its data meanwhile.
    reassert = setInterval(
      () => {
        scheduleReconcile().catch((error: Error) =>
          log.warn({ err: error.message }, 'could not re-assert the reconcile schedule'),
        );
      },
      Math.max(config.reconcileIntervalMs, 60_000),
    );
    reassert.unref();
  } else {
    await queues.sync.removeJobScheduler('reconcile');
  }
  const heartbeat = await startWorkerHeartbeat(redis, {
    prefix: config.queuePrefix,
    concurrency: config.workerConcurrency,
    onError: (error) => log.warn({ err: error.message }, 'could not write worker heartbeat'),
  });
  if (repos.size === 0) log.warn('CODESYNC_REPOS is empty: no repository will be synced');
  log.info(
    {
      repos: [...repos.keys()],
      concurrency: config.workerConcurrency,
      reconcileMs: config.reconcileIntervalMs,
      workerId: heartbeat.id,
    },
    'worker ready',
  );

  let closing = false;
  return {
    health: () => ({
      running: !closing && syncWorker.isRunning() && prWorker.isRunning(),
      lastHeartbeatAt: heartbeat.lastBeatAt(),
    }),
    close: async (deadlineMs = 8_000) => {
      closing = true;
      clearInterval(reassert);
      // Leave readiness first: this process takes no new work from here on.
      await runShutdownStep(log, 'remove heartbeat', () => heartbeat.stop(), 1_000);
      const finished = await runShutdownStep(
        log,
        'finish running jobs',
        () => Promise.all([syncWorker.close(), prWorker.close()]),
        deadlineMs,
      );
      // worker.close(true) would not help here: BullMQ memoises the first close(), so a
      // forced one returns the same promise, still waiting for the jobs.
      const cutOff = finished === 'timed-out' && active.size > 0;
      // Close the index before any job leaves this process: its writes stop here, and the
      // open transaction of a cut-off sync rolls back, so its next run starts clean.
      if (db.inTransaction) db.exec('ROLLBACK');
      db.close();
      if (cutOff) {
        await runShutdownStep(
          log,
          'hand jobs back',
          async () => {
            const handed = await active.handBack(log);
            await Promise.all([...heldLocks].map((lock) => lock.release()));
            log.warn(
              { jobIds: handed, deadlineMs },
              'jobs still running at the deadline were handed back to the queue',
            );
          },
          2_000,
        );
      }
      await runShutdownStep(log, 'close queues', () => queues.close(), 2_000);
      const quit = await runShutdownStep(log, 'close redis', () => redis.quit(), 1_000);
      if (quit !== 'done') redis.disconnect();
    },
  };
}
