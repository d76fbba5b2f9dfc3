import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  connectWorker,
  indexFile,
  openQueues,
  PULL_REQUEST_QUEUE,
  SYNC_QUEUE,
  type CodesyncQueues,
} from '@codesync/core';
import type { Stack } from '../../helpers/stack';

type Redis = ReturnType<typeof connectWorker>;

/** What a delivery could have changed in Redis: job counts, id counters and dedup keys. */
export interface QueueState {
  counts: Record<string, Record<string, number>>;
  /** BullMQ's job id counters; `add()` bumps them even when a job is deduplicated. */
  idCounters: Array<string | null>;
  dedupKeys: string[];
}

/**
 * A read-only view of the stack's private Redis under the stack's queue prefix. It only reads:
 * tests never write into a queue they are judging.
 */
export class QueueProbe {
  readonly redis: Redis;
  readonly queues: CodesyncQueues;

  constructor(
    redisUrl: string,
    readonly prefix: string,
  ) {
    this.redis = connectWorker(redisUrl);
    this.redis.on('error', () => {});
    this.queues = openQueues(this.redis, prefix);
  }

  async state(): Promise<QueueState> {
    const [sync, pullRequests] = await Promise.all([
      this.queues.sync.getJobCounts(),
      this.queues.pullRequests.getJobCounts(),
    ]);
    const idCounters = await this.redis.mget(
      `${this.prefix}:${SYNC_QUEUE}:id`,
      `${this.prefix}:${PULL_REQUEST_QUEUE}:id`,
    );
    const dedupKeys = (await this.redis.keys(`${this.prefix}:*:de:*`)).sort();
    return { counts: { sync, pullRequests }, idCounters, dedupKeys };
  }

  /** Waits until no job is waiting, delayed or running in either queue. */
  async waitIdle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { counts } = await this.state();
      const pending = (c: Record<string, number>) =>
        (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0);
      const busy = Object.values(counts).some((c) => pending(c) > 0);
      if (!busy) return;
      if (Date.now() > deadline) throw new Error(`queues still busy: ${JSON.stringify(counts)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Every string stored in every job hash (data, failedReason, stacktrace, return value). */
  async jobText(): Promise<string> {
    const texts: string[] = [];
    for (const queue of [SYNC_QUEUE, PULL_REQUEST_QUEUE]) {
      for (const key of await this.redis.keys(`${this.prefix}:${queue}:*`)) {
        if ((await this.redis.type(key)) !== 'hash') continue;
        texts.push(key, ...Object.entries(await this.redis.hgetall(key)).flat());
      }
    }
    return texts.join('\n');
  }

  async close(): Promise<void> {
    await this.queues.close();
    this.redis.disconnect();
  }
}

/** A digest of everything the index holds, to show a delivery wrote nothing. */
export function indexDigest(stack: Stack): string {
  if (!existsSync(indexFile(stack.dataDir))) return 'no index';
  return stack.withIndex((db) => {
    const hash = createHash('sha256');
    for (const table of ['repos', 'files', 'imports', 'pull_requests']) {
      hash.update(
        `${table}\n${JSON.stringify(db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all())}\n`,
      );
    }
    return hash.digest('hex');
  });
}

/** Every path below `root` (relative, sorted); symlinks are listed, never followed. */
export function treeOf(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      found.push(path.relative(root, full));
      if (entry.isDirectory()) walk(full);
    }
  };
  if (existsSync(root)) walk(root);
  return found.sort();
}

/**
 * The stack's temp tree without the files SQLite and git may legitimately touch inside the
 * data dir while idle, so two snapshots compare names only.
 */
export function stackTree(stack: Stack): string[] {
  return treeOf(stack.tmp).filter((entry) => !/\.sqlite-(wal|shm|journal)$/.test(entry));
}

/** Top-level names in the places a hostile value could try to write to. */
export function outsideEntries(roots: readonly string[]): string[] {
  return roots.flatMap((root) =>
    existsSync(root) ? readdirSync(root).map((name) => path.join(root, name)) : [],
  );
}

/** The directories where a file written by an injection would most likely land. */
export function landingZones(stack: Stack): string[] {
  return [
    os.tmpdir(),
    stack.tmp,
    stack.dataDir,
    path.join(stack.dataDir, 'mirrors'),
    process.cwd(),
    '/',
  ];
}

/** The receiver process's resident memory in bytes (Linux `/proc`). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for ${pid}`);
  return Number(kb) * 1024;
}
