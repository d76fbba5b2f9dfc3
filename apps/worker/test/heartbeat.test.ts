import { setTimeout as sleep } from 'node:timers/promises';
import { listLiveWorkers, startWorkerHeartbeat, workerRegistryKey } from '@codesync/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type RedisHandle } from '../../../scripts/lib/redis';

describe('worker heartbeat in Redis', () => {
  let server: RedisHandle;
  let reader: Redis;

  beforeAll(async () => {
    server = await startPrivateRedis();
    reader = new Redis(server.url);
  });
  afterAll(async () => {
    reader?.disconnect();
    await server?.stop();
  });

  it('lists a beating worker and forgets it once it stops', async () => {
    const redis = new Redis(server.url);
    const beat = await startWorkerHeartbeat(redis, { prefix: 'hb-stop', concurrency: 4 });
    expect(await listLiveWorkers(reader, 'hb-stop')).toEqual([
      expect.objectContaining({ id: beat.id, pid: process.pid, concurrency: 4 }),
    ]);
    await beat.stop();
    expect(await listLiveWorkers(reader, 'hb-stop')).toEqual([]);
    expect(await reader.zcard(workerRegistryKey('hb-stop'))).toBe(0);
    redis.disconnect();
  });

  it('drops a worker that dies without a goodbye once its TTL lapses', async () => {
    const redis = new Redis(server.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false });
    redis.on('error', () => {});
    await new Promise((resolve) => redis.once('ready', resolve));
    const errors: Error[] = [];
    const beat = await startWorkerHeartbeat(redis, {
      prefix: 'hb-dead',
      concurrency: 1,
      intervalMs: 100,
      ttlMs: 400,
      onError: (error) => errors.push(error),
    });
    expect(await listLiveWorkers(reader, 'hb-dead')).toHaveLength(1);

    redis.disconnect(); // the process "dies": no more beats, no DEL
    await sleep(700);

    expect(await listLiveWorkers(reader, 'hb-dead')).toEqual([]);
    expect(errors.length).toBeGreaterThan(0);
    await beat.stop();
  });
});
