import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { recordRunningRedis, SYNC_QUEUE } from '@codesync/core';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type RedisHandle } from '../../scripts/lib/redis';
import { ENTRY, ROOT } from '../../scripts/lib/service-process';

describe('the CLI next to a running pnpm start', () => {
  let redis: RedisHandle;
  let dataDir: string;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'codesync-cli-redis-'));
    // Recorded as by a pnpm start that is this test's own (live) process.
    recordRunningRedis(dataDir, redis.url);
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('queues into the Redis recorded in the data directory when REDIS_URL is unset', async () => {
    await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', ENTRY.cli, 'sync', 'acme/widgets'],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          CODESYNC_DATA_DIR: dataDir,
          CODESYNC_REPOS: 'acme/widgets',
          CODESYNC_QUEUE_PREFIX: 'cli-private',
        },
      },
    );
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue(SYNC_QUEUE, { connection, prefix: 'cli-private' });
    const jobs = await queue.getJobs(['waiting']);
    expect(jobs.map((j) => j.data)).toEqual([
      expect.objectContaining({ repo: 'acme/widgets', trigger: 'manual' }),
    ]);
    await queue.close();
    await connection.quit();
  });
});
