import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  enqueueSync,
  listLiveWorkers,
  openIndexReadOnly,
  openQueues,
  readRepoState,
  type CodesyncQueues,
} from '@codesync/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type RedisHandle } from '../../../scripts/lib/redis';
import { startGitHttpServer, type GitHttpServer } from '../../../test/helpers/git-http-server';
import { GitRemote } from '../../../test/helpers/git-remote';
import { startLoggedService, type LoggedService } from '../../../test/helpers/logged-service';

const REPO = 'acme/widgets';

// Real worker processes, a private Redis and a git server on loopback whose answers the test
// slows down or holds back, so a sync is provably in flight when the signal arrives.
describe('worker shutdown on a real signal', () => {
  let tmp: string;
  let redisServer: RedisHandle;
  let git: GitHttpServer;
  let remote: GitRemote;
  let redis: Redis;
  const started: LoggedService[] = [];

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'codesync-worker-shutdown-'));
    redisServer = await startPrivateRedis();
    redis = new Redis(redisServer.url, { maxRetriesPerRequest: null });
    remote = new GitRemote(path.join(tmp, 'remotes'), REPO);
    remote.commit({ 'src/a.ts': 'export const a = 1;\n', 'README.md': '# widgets\n' });
    remote.push();
    git = await startGitHttpServer(path.join(tmp, 'remotes'));
  });
  afterAll(async () => {
    await Promise.all(started.map((s) => s.service.stop(2_000)));
    await git?.close();
    redis?.disconnect();
    await redisServer?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const deployment = (name: string, shutdownSeconds: number) => {
    const prefix = `cs-${name}`;
    const dataDir = path.join(tmp, name);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      REDIS_URL: redisServer.url,
      HOST: '127.0.0.1',
      CODESYNC_DATA_DIR: dataDir,
      CODESYNC_REPOS: REPO,
      CODESYNC_GIT_URL: git.urlTemplate,
      CODESYNC_QUEUE_PREFIX: prefix,
      CODESYNC_RECONCILE_SECONDS: '0',
      WORKER_METRICS_PORT: '0',
      SHUTDOWN_TIMEOUT_SECONDS: String(shutdownSeconds),
      LOG_LEVEL: 'info',
    };
    const queues: CodesyncQueues = openQueues(redis, prefix);
    const startWorker = async () => {
      const worker = startLoggedService('worker', env);
      started.push(worker);
      await worker.waitForLog((l) => l.msg === 'worker metrics and health listening', 60_000);
      return worker;
    };
    const indexedCommit = () => {
      const db = openIndexReadOnly(dataDir);
      try {
        return readRepoState(db, REPO)?.indexedCommit ?? null;
      } finally {
        db.close();
      }
    };
    return { prefix, queues, startWorker, indexedCommit };
  };

  it('on SIGINT finishes the running sync, then exits 0', async () => {
    const { prefix, queues, startWorker, indexedCommit } = deployment('finish', 30);
    const worker = await startWorker();
    git.delayMs = 700; // every git request of the sync waits: ls-remote, then the fetch rounds
    const jobId = await enqueueSync(queues, {
      repo: REPO,
      trigger: 'push',
      acceptedAt: Date.now(),
    });
    await worker.waitForLog((l) => l.msg === 'sync started' && l.jobId === jobId);

    const { code, ms } = await worker.signalAndWait('SIGINT');
    git.delayMs = 0;

    expect(code).toBe(0);
    expect(ms).toBeLessThan(30_000);
    expect(await queues.sync.getJobState(jobId)).toBe('completed');
    expect(indexedCommit()).toBe(remote.head());
    const messages = worker.lines.map((l) => l.msg);
    expect(messages.indexOf('sync finished')).toBeLessThan(messages.indexOf('worker stopped'));
    expect(messages).not.toContain(
      'jobs still running at the deadline were handed back to the queue',
    );
    expect(await listLiveWorkers(redis, prefix)).toEqual([]);
    await queues.close();
  });

  it('on SIGTERM hands a stuck sync back to the queue at the deadline, exits 0, and another worker completes it', async () => {
    const { prefix, queues, startWorker, indexedCommit } = deployment('handback', 2);
    const worker = await startWorker();
    git.hold(); // the remote stops answering: ls-remote hangs
    const before = git.requests;
    const jobId = await enqueueSync(queues, {
      repo: REPO,
      trigger: 'push',
      acceptedAt: Date.now(),
    });
    await worker.waitForLog((l) => l.msg === 'sync started' && l.jobId === jobId);
    while (git.requests === before) await new Promise((r) => setTimeout(r, 20));

    const { code, ms } = await worker.signalAndWait('SIGTERM');

    expect(code).toBe(0);
    expect(ms).toBeGreaterThanOrEqual(2_000);
    expect(ms).toBeLessThan(8_000);
    const handedBack = worker.lines.find(
      (l) => l.msg === 'jobs still running at the deadline were handed back to the queue',
    );
    expect(handedBack?.jobIds).toEqual([jobId]);
    // Back in the queue at once, no attempt used up, and the per-repository lock released.
    const job = await queues.sync.getJob(jobId);
    expect(await job?.getState()).toBe('waiting');
    expect(job?.attemptsMade).toBe(0);
    expect(await redis.exists(`${prefix}:lock:${REPO}`)).toBe(0);
    expect(await listLiveWorkers(redis, prefix)).toEqual([]);

    git.release();
    const next = await startWorker();
    await next.waitForLog((l) => l.msg === 'sync finished' && l.jobId === jobId);
    expect(indexedCommit()).toBe(remote.head());
    expect((await next.signalAndWait('SIGTERM')).code).toBe(0);
    await queues.close();
  });
});
