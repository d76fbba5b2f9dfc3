import type { SyncJobData, SyncResult } from '@codesync/core';
import type { Job } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** How a job attempt ended, as the worker saw it. */
export type JobOutcome = 'completed' | 'failed' | 'retrying';

/** The worker's Prometheus metrics and the calls that feed them. */
export interface WorkerMetrics {
  registry: Registry;
  /** Records one finished attempt of any job. */
  jobFinished(job: Job, outcome: JobOutcome): void;
  /** Records what a finished sync indexed and how long its push took to become searchable. */
  synced(job: Job<SyncJobData>, result: SyncResult): void;
}

// Syncs started by a webhook carry the time the receiver accepted it; reconcile and manual
// syncs do not measure a push, so they are left out of the lag.
const LAG_TRIGGERS = new Set<SyncJobData['trigger']>(['push', 'pull-request']);

/** Creates the worker's metrics in a registry of their own. */
export function createWorkerMetrics(options: { processMetrics?: boolean } = {}): WorkerMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const jobs = new Counter({
    name: 'codesync_worker_jobs_total',
    help: 'Job attempts finished by this worker, by queue, job name and outcome',
    labelNames: ['queue', 'name', 'outcome'],
    registers,
  });
  const jobSeconds = new Histogram({
    name: 'codesync_worker_job_duration_seconds',
    help: 'Time a job attempt ran on this worker, by queue, job name and outcome',
    labelNames: ['queue', 'name', 'outcome'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    registers,
  });
  const filesIndexed = new Counter({
    name: 'codesync_worker_files_indexed_total',
    help: 'Files written to the index (added or changed), by repository',
    labelNames: ['repo'],
    registers,
  });
  const lag = new Histogram({
    name: 'codesync_sync_lag_seconds',
    help: 'Seconds from the receiver accepting a push until its commit was searchable, by repository',
    labelNames: ['repo'],
    buckets: [0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900],
    registers,
  });
  const lastLag = new Gauge({
    name: 'codesync_sync_last_lag_seconds',
    help: 'Sync lag of the latest webhook-triggered sync, by repository',
    labelNames: ['repo'],
    registers,
  });

  return {
    registry,
    jobFinished: (job, outcome) => {
      const labels = { queue: job.queueName, name: job.name, outcome };
      jobs.inc(labels);
      if (job.processedOn)
        jobSeconds.observe(labels, Math.max(0, Date.now() - job.processedOn) / 1000);
    },
    synced: (job, result) => {
      const { repo, acceptedAt, trigger } = job.data;
      if (result.stats) filesIndexed.inc({ repo }, result.stats.filesWritten);
      if (!LAG_TRIGGERS.has(trigger) || !(acceptedAt > 0) || result.outcome === 'branch-missing')
        return;
      const seconds = Math.max(0, Date.now() - acceptedAt) / 1000;
      lag.observe({ repo }, seconds);
      lastLag.set({ repo }, seconds);
    },
  };
}
