import { webhookEventLabel, within } from '@codesync/core';
import type { Queue } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Queue states exported as depth gauges. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** The receiver's Prometheus metrics and the few calls that feed them. */
export interface ReceiverMetrics {
  registry: Registry;
  /** Counts one answered delivery: outcome is `queued`, `ignored`, `ping` or a refusal code. */
  delivery(eventKey: string | undefined, outcome: string): void;
  /** Counts a delivery refused for its signature; reason is e.g. `missing` or `invalid`. */
  signatureFailure(reason: string): void;
  /** Runs one enqueue and records how long Redis took to store the jobs. */
  timeEnqueue<T>(work: () => Promise<T>): Promise<T>;
}

export interface ReceiverMetricsOptions {
  /** Queues whose depth is read from BullMQ at every scrape. */
  queues: readonly Queue[];
  /** Also export Node's process metrics (CPU, memory, event loop); default false. */
  processMetrics?: boolean;
  /** Give up reading queue depth after this long; default 2000 ms. */
  depthTimeoutMs?: number;
}

/**
 * Creates the receiver's metrics in a registry of their own. Queue depth is read when
 * Prometheus scrapes, so it is current even though the receiver never sees a job finish.
 */
export function createReceiverMetrics(options: ReceiverMetricsOptions): ReceiverMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const deliveries = new Counter({
    name: 'codesync_webhook_deliveries_total',
    help: 'Webhook deliveries answered, by event key and outcome',
    labelNames: ['event', 'outcome'],
    registers,
  });
  const signatureFailures = new Counter({
    name: 'codesync_webhook_signature_failures_total',
    help: 'Deliveries refused because their X-Hub-Signature was missing, malformed or wrong',
    labelNames: ['reason'],
    registers,
  });
  const enqueueSeconds = new Histogram({
    name: 'codesync_enqueue_duration_seconds',
    help: 'Seconds from asking BullMQ to store the jobs of a delivery until Redis confirmed or it failed',
    labelNames: ['outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  registerQueueDepth(registry, options.queues, options.depthTimeoutMs ?? 2_000);

  // Looking up a labelled series hashes its labels; every delivery does this, so the few
  // series that exist are looked up once and kept.
  const deliverySeries = new Map<string, Counter.Internal>();
  const enqueueStored = enqueueSeconds.labels({ outcome: 'stored' });
  const enqueueFailed = enqueueSeconds.labels({ outcome: 'failed' });

  return {
    registry,
    delivery: (eventKey, outcome) => {
      const event = webhookEventLabel(eventKey);
      const key = `${event}\n${outcome}`;
      let series = deliverySeries.get(key);
      if (!series) {
        series = deliveries.labels({ event, outcome });
        deliverySeries.set(key, series);
      }
      series.inc();
    },
    signatureFailure: (reason) => signatureFailures.inc({ reason }),
    timeEnqueue: async (work) => {
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      try {
        const result = await work();
        enqueueStored.observe(seconds());
        return result;
      } catch (error) {
        enqueueFailed.observe(seconds());
        throw error;
      }
    },
  };
}

type Depths = Map<string, Record<string, number>>;

function registerQueueDepth(registry: Registry, queues: readonly Queue[], timeoutMs: number): void {
  // Both gauges are collected in parallel during one scrape: share one read of Redis.
  let inFlight: Promise<Depths | null> | null = null;
  const read = () => {
    inFlight ??= readDepths(queues, timeoutMs).finally(() => setImmediate(() => (inFlight = null)));
    return inFlight;
  };

  new Gauge({
    name: 'codesync_queue_jobs',
    help: 'Jobs in each codesync queue by state, read from BullMQ at scrape time',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      const depths = await read();
      for (const [queue, counts] of depths ?? []) {
        for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state] ?? 0);
      }
    },
  });
  new Gauge({
    name: 'codesync_queue_depth_up',
    help: '1 when queue depth could be read from Redis at this scrape, else 0',
    registers: [registry],
    async collect() {
      this.set((await read()) ? 1 : 0);
    },
  });
}

async function readDepths(queues: readonly Queue[], timeoutMs: number): Promise<Depths | null> {
  const counts = Promise.all(
    queues.map(async (queue) => [queue.name, await queue.getJobCounts(...QUEUE_STATES)] as const),
  ).then(
    (entries) => new Map(entries),
    () => null,
  );
  return (await within(timeoutMs, counts)) ?? null;
}
