import {
  openIndexReadOnly,
  readRepoState,
  rebuildRequestsKey,
  type RepoState,
} from '@codesync/core';
import { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type RedisHandle } from '../../../scripts/lib/redis';
import { startService, type ServiceProcess } from '../../../scripts/lib/service-process';
import { IndexedRepos } from './helpers/indexed-repos';
import { runCli } from './helpers/run-cli';

const WIDGETS = 'acme/widgets';
const PREFIX = `cli-repair-${process.pid}`;

// The whole loop with a real worker process: the CLI queues, the worker syncs, the index is
// damaged behind the worker's back, and `verify --repair` gets it rebuilt.
describe('verify --repair with a running worker', () => {
  let redis: RedisHandle;
  let repos: IndexedRepos;
  let worker: ServiceProcess;
  const logs: string[] = [];

  beforeAll(async () => {
    redis = await startPrivateRedis();
    repos = new IndexedRepos(WIDGETS, {
      REDIS_URL: redis.url,
      CODESYNC_QUEUE_PREFIX: PREFIX,
      CODESYNC_RECONCILE_SECONDS: '0',
      LOG_FORMAT: 'json',
      // The worker's own health and metrics server: loopback, on a free port.
      HOST: '127.0.0.1',
      WORKER_METRICS_PORT: '0',
    });
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...repos.cliEnv };
    worker = startService('worker', env, 'pipe');
    const keep = (chunk: Buffer) =>
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    worker.child.stdout?.on('data', keep);
    worker.child.stderr?.on('data', keep);
  });
  afterAll(async () => {
    await worker?.stop();
    await redis?.stop();
    repos?.close();
  });

  const state = (): RepoState | null => {
    try {
      const db = openIndexReadOnly(repos.dataDir);
      try {
        return readRepoState(db, WIDGETS);
      } finally {
        db.close();
      }
    } catch {
      return null; // the worker has not created the index yet
    }
  };
  const waitForState = async (done: (s: RepoState | null) => boolean): Promise<RepoState> => {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(100)) {
      const current = state();
      if (current && done(current)) return current;
    }
    throw new Error(`the worker did not get there in time:\n${logs.slice(-30).join('\n')}`);
  };

  it('queues a sync the worker runs, then has a damaged index rebuilt', async () => {
    const remote = repos.remote(WIDGETS);
    remote.commit({
      'src/a.ts': "import { b } from './b';\n",
      'src/b.ts': 'export const b = 1;\n',
    });
    const tip = remote.push();

    expect((await runCli(['sync', WIDGETS], repos.cliEnv)).code).toBe(0);
    const synced = await waitForState((s) => s?.indexedCommit === tip);

    const db = repos.index();
    db.prepare("DELETE FROM files WHERE repo = ? AND path = 'src/b.ts'").run(WIDGETS);
    db.prepare("UPDATE imports SET target = NULL WHERE repo = ? AND from_path = 'src/a.ts'").run(
      WIDGETS,
    );
    const damaged = await runCli(['verify', WIDGETS, '--repair'], repos.cliEnv);
    expect(damaged.code).toBe(1);
    expect(damaged.stdout.split('\n')).toEqual([
      `acme/widgets at ${tip.slice(0, 12)}: 2 differences from a full rebuild`,
      '  missing file  src/b.ts',
      '  stale edge    src/a.ts "./b" (import) -> (unresolved), expected src/b.ts',
      expect.stringMatching(/^ {2}repair: full rebuild queued \(job \d+\)$/),
      '',
    ]);

    const rebuilt = await waitForState((s) => (s?.indexedAt ?? 0) > (synced.indexedAt ?? 0));
    expect(rebuilt).toMatchObject({ indexedCommit: tip, lastOutcome: 'full', fileCount: 2 });
    expect(await runCli(['verify', WIDGETS], repos.cliEnv)).toEqual({
      code: 0,
      stderr: '',
      stdout: `acme/widgets at ${tip.slice(0, 12)}: ok\n`,
    });
    const probe = new Redis(redis.url);
    try {
      expect(await probe.smembers(rebuildRequestsKey(PREFIX))).toEqual([]);
    } finally {
      await probe.quit();
    }
  });
});
