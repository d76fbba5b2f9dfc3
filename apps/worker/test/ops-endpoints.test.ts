import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  enqueueSync,
  listLiveWorkers,
  openQueues,
  workerHeartbeatKey,
  type CodesyncQueues,
} from '@codesync/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type RedisHandle } from '../../../scripts/lib/redis';
import { GitRemote } from '../../../test/helpers/git-remote';
import { startLoggedService, type LoggedService } from '../../../test/helpers/logged-service';

const REPO = 'acme/widgets';
const PREFIX = 'cs-worker-ops';

// One worker process over a private Redis and a file:// remote; its own HTTP port serves
// /health and /metrics, and its heartbeat is what the receiver's /ready reads.
describe('worker health, heartbeat and metrics', () => {
  let tmp: string;
  let redisServer: RedisHandle;
  let redis: Redis;
  let queues: CodesyncQueues;
  let worker: LoggedService;
  let base: string;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'codesync-worker-ops-'));
    redisServer = await startPrivateRedis();
    redis = new Redis(redisServer.url, { maxRetriesPerRequest: null });
    queues = openQueues(redis, PREFIX);
    const remotes = path.join(tmp, 'remotes');
    const remote = new GitRemote(remotes, REPO);
    remote.commit({ 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': 'export const b = 2;\n' });
    remote.push();
    worker = startLoggedService('worker', {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      REDIS_URL: redisServer.url,
      HOST: '127.0.0.1',
      CODESYNC_DATA_DIR: path.join(tmp, 'data'),
      CODESYNC_REPOS: `${REPO},acme/ghost`,
      CODESYNC_GIT_URL: GitRemote.urlTemplate(remotes),
      CODESYNC_QUEUE_PREFIX: PREFIX,
      CODESYNC_RECONCILE_SECONDS: '0',
      WORKER_METRICS_PORT: '0',
      WORKER_CONCURRENCY: '3',
    });
    const listening = await worker.waitForLog(
      (l) => l.msg === 'worker metrics and health listening',
      60_000,
    );
    base = `http://127.0.0.1:${listening.port}`;
  });
  afterAll(async () => {
    await worker?.service.stop(5_000);
    await queues?.close();
    redis?.disconnect();
    await redisServer?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('answers /health with 200 and the time of its last heartbeat', async () => {
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; lastHeartbeat: string };
    expect(body.status).toBe('ok');
    expect(Date.now() - Date.parse(body.lastHeartbeat)).toBeLessThan(10_000);
  });

  it('keeps a heartbeat key with a short TTL holding pid, startedAt and concurrency', async () => {
    const pid = worker.service.child.pid;
    const id = `${os.hostname()}-${pid}`;
    const key = workerHeartbeatKey(PREFIX, id);
    expect(key).toBe(`${PREFIX}:worker:${id}`);
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(15_000);
    const value = JSON.parse((await redis.get(key)) ?? '{}');
    expect(value).toMatchObject({ pid, concurrency: 3 });
    expect(Number.isNaN(Date.parse(value.startedAt))).toBe(false);
    expect((await listLiveWorkers(redis, PREFIX)).map((w) => w.pid)).toEqual([pid]);
  });

  it('exports job outcomes, files indexed and sync lag in Prometheus text format', async () => {
    const acceptedAt = Date.now() - 1_500;
    const ok = await enqueueSync(queues, {
      repo: REPO,
      trigger: 'push',
      acceptedAt,
      deliveryId: 'd-1',
    });
    await worker.waitForLog((l) => l.msg === 'sync finished' && l.jobId === ok);
    // A repository whose remote does not exist fails for real; one attempt, so it fails for good.
    await queues.sync.add(
      'sync',
      { repo: 'acme/ghost', trigger: 'manual', acceptedAt: Date.now() },
      { attempts: 1 },
    );
    await worker.waitForLog((l) => l.msg === 'job failed for good');

    const response = await fetch(`${base}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain(
      'codesync_worker_jobs_total{queue="sync",name="sync",outcome="completed"} 1',
    );
    expect(text).toContain(
      'codesync_worker_jobs_total{queue="sync",name="sync",outcome="failed"} 1',
    );
    expect(text).toMatch(
      /codesync_worker_job_duration_seconds_count\{queue="sync",name="sync",outcome="completed"\} 1/,
    );
    expect(text).toContain(`codesync_worker_files_indexed_total{repo="${REPO}"} 2`);
    expect(text).toContain(`codesync_sync_lag_seconds_count{repo="${REPO}"} 1`);
    const lag = Number(
      /codesync_sync_last_lag_seconds\{repo="acme\/widgets"\} ([\d.]+)/.exec(text)?.[1],
    );
    expect(lag).toBeGreaterThanOrEqual(1.5);
    expect(lag).toBeLessThan(60);
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('drops its heartbeat and exits 0 on SIGTERM', async () => {
    const { code } = await worker.signalAndWait('SIGTERM');
    expect(code).toBe(0);
    expect(await listLiveWorkers(redis, PREFIX)).toEqual([]);
  });
});
