import os from 'node:os';
import type { Redis } from 'ioredis';

/** What a live worker process says about itself, stored as JSON under its heartbeat key. */
export interface WorkerHeartbeat {
  /** `<hostname>-<pid>`: unique per process, also across containers. */
  id: string;
  host: string;
  pid: number;
  /** ISO-8601 time the process started. */
  startedAt: string;
  /** Sync jobs this process runs at once. */
  concurrency: number;
}

/** How often a worker beats, and how long one beat keeps it listed. */
export const HEARTBEAT_DEFAULTS = { intervalMs: 5_000, ttlMs: 15_000 } as const;

/** Key of one worker's heartbeat: `<prefix>:worker:<hostname>-<pid>`, expiring on its own. */
export function workerHeartbeatKey(prefix: string, id: string): string {
  return `${prefix}:worker:${id}`;
}

/**
 * Key of the sorted set naming every worker that has beaten recently. Readers look the
 * heartbeat keys up through it instead of scanning the keyspace, which BullMQ fills with jobs.
 */
export function workerRegistryKey(prefix: string): string {
  return `${prefix}:workers`;
}

/** A running heartbeat; `stop` removes the key so readiness drops at once. */
export interface HeartbeatHandle {
  readonly id: string;
  /** Epoch ms of the last beat Redis accepted, or null before the first. */
  lastBeatAt(): number | null;
  stop(): Promise<void>;
}

export interface HeartbeatOptions {
  prefix: string;
  concurrency: number;
  intervalMs?: number;
  ttlMs?: number;
  /** Called when a beat cannot be written (Redis down); the heartbeat keeps trying. */
  onError?: (error: Error) => void;
}

// Registry entries older than this are pruned by any beating worker; the TTL'd key stays the
// truth, so a stale entry only costs one MGET slot until then.
const REGISTRY_RETENTION_MS = 10 * 60_000;

/**
 * Writes this process's heartbeat now and every `intervalMs`, each time with a TTL of `ttlMs`,
 * so a worker that dies without a goodbye disappears from readiness within the TTL.
 * Resolves after the first beat was attempted.
 */
export async function startWorkerHeartbeat(
  redis: Redis,
  options: HeartbeatOptions,
): Promise<HeartbeatHandle> {
  const intervalMs = options.intervalMs ?? HEARTBEAT_DEFAULTS.intervalMs;
  const ttlMs = options.ttlMs ?? HEARTBEAT_DEFAULTS.ttlMs;
  const info: WorkerHeartbeat = {
    id: `${os.hostname()}-${process.pid}`,
    host: os.hostname(),
    pid: process.pid,
    startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
    concurrency: options.concurrency,
  };
  const key = workerHeartbeatKey(options.prefix, info.id);
  const registry = workerRegistryKey(options.prefix);
  let last: number | null = null;

  const beat = async () => {
    const now = Date.now();
    try {
      await redis
        .multi()
        .set(key, JSON.stringify(info), 'PX', ttlMs)
        .zadd(registry, now, info.id)
        .zremrangebyscore(registry, '-inf', now - REGISTRY_RETENTION_MS)
        .exec();
      last = now;
    } catch (error) {
      options.onError?.(error as Error);
    }
  };

  await beat();
  const timer = setInterval(() => void beat(), intervalMs);
  timer.unref();
  return {
    id: info.id,
    lastBeatAt: () => last,
    stop: async () => {
      clearInterval(timer);
      await redis
        .multi()
        .del(key)
        .zrem(registry, info.id)
        .exec()
        .catch(() => {});
    },
  };
}

/** Every worker whose heartbeat key has not expired, oldest first. */
export async function listLiveWorkers(redis: Redis, prefix: string): Promise<WorkerHeartbeat[]> {
  const ids = await redis.zrange(workerRegistryKey(prefix), 0, -1);
  if (ids.length === 0) return [];
  const values = await redis.mget(ids.map((id) => workerHeartbeatKey(prefix, id)));
  const live: WorkerHeartbeat[] = [];
  for (const value of values) {
    if (value === null) continue;
    try {
      live.push(JSON.parse(value) as WorkerHeartbeat);
    } catch {
      // A key someone else wrote by hand is not a worker; skip it rather than fail readiness.
    }
  }
  return live.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}
