import net from 'node:net';
import { rebuildRequestsKey, SYNC_QUEUE } from '@codesync/core';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freePort, startPrivateRedis, type RedisHandle } from '../../../scripts/lib/redis';
import { IndexedRepos } from './helpers/indexed-repos';
import { runCli, runCliInTerminal, runCliJson } from './helpers/run-cli';

const WIDGETS = 'acme/widgets';
const PREFIX = `cli-test-${process.pid}`;

// A private redis-server for this file only, and no worker: queued jobs stay where the CLI
// put them, so the tests read them back from the queue.
describe('codesync commands that queue work', () => {
  let redis: RedisHandle;
  let repos: IndexedRepos;
  let probe: Redis;
  let queue: Queue;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    repos = new IndexedRepos(`${WIDGETS},acme/api`, {
      REDIS_URL: redis.url,
      CODESYNC_QUEUE_PREFIX: PREFIX,
    });
    const remote = repos.remote(WIDGETS);
    remote.commit({ 'src/a.ts': "import './b';\n", 'src/b.ts': 'export {};\n' });
    remote.push();
    await repos.sync(WIDGETS);
    probe = new Redis(redis.url, { maxRetriesPerRequest: null });
    queue = new Queue(SYNC_QUEUE, { connection: probe, prefix: PREFIX });
  });
  beforeEach(async () => {
    await queue.obliterate({ force: true });
    await probe.del(rebuildRequestsKey(PREFIX));
  });
  afterAll(async () => {
    await queue?.close();
    await probe?.quit();
    await redis?.stop();
    repos?.close();
  });

  const waiting = async () =>
    (await queue.getJobs(['waiting'])).map((job) => ({ id: job.id, data: job.data })).sort(byId);

  it('sync queues one manual sync; a second request joins the waiting one', async () => {
    const run = await runCli(['sync', 'ACME/Widgets'], repos.cliEnv);
    const [job] = await waiting();
    expect(run).toEqual({
      code: 0,
      stderr: '',
      stdout: `queued a sync of acme/widgets (job ${job?.id})\n`,
    });
    expect(await waiting()).toEqual([
      { id: job?.id, data: { repo: WIDGETS, trigger: 'manual', acceptedAt: expect.any(Number) } },
    ]);

    const again = await runCliJson(['sync', WIDGETS, '--json'], repos.cliEnv);
    expect(again).toEqual({ code: 0, stderr: '', json: { repo: WIDGETS, jobId: job?.id } });
    expect((await waiting()).length).toBe(1);
  });

  it('sync refuses a repository that is not configured, with exit 2 and nothing queued', async () => {
    expect(await runCli(['sync', 'acme/unknown'], repos.cliEnv)).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'codesync: acme/unknown is not in CODESYNC_REPOS (configured: acme/widgets, acme/api)\n',
    });
    expect(await waiting()).toEqual([]);
  });

  it('bootstrap queues a sync of every configured repository, one plain line each', async () => {
    const run = await runCli(['bootstrap'], repos.cliEnv);
    const jobs = await waiting();
    expect(jobs.map((job) => job.data)).toEqual([
      { repo: WIDGETS, trigger: 'bootstrap', acceptedAt: expect.any(Number) },
      { repo: 'acme/api', trigger: 'bootstrap', acceptedAt: expect.any(Number) },
    ]);
    expect(run).toEqual({
      code: 0,
      stderr: '',
      stdout:
        `queued a sync of acme/widgets (job ${jobs[0]?.id})\n` +
        `queued a sync of acme/api (job ${jobs[1]?.id})\n`,
    });
  });

  it('bootstrap --json lists the queued jobs; with no repositories it exits 2', async () => {
    const { code, json } = await runCliJson(['bootstrap', '--json'], repos.cliEnv);
    const jobs = await waiting();
    expect(code).toBe(0);
    expect(json).toEqual({
      queued: [
        { repo: WIDGETS, jobId: jobs[0]?.id },
        { repo: 'acme/api', jobId: jobs[1]?.id },
      ],
    });
    expect(await runCli(['bootstrap'], { ...repos.cliEnv, CODESYNC_REPOS: '' })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'codesync: CODESYNC_REPOS is empty: there is nothing to bootstrap\n',
    });
  });

  it('bootstrap shows a progress bar on a terminal', async () => {
    const run = await runCliInTerminal(['bootstrap'], repos.cliEnv);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('queueing [');
    expect(run.stdout).toContain('] 2/2 acme/api');
    expect(run.stdout.trimEnd().endsWith('queued 2 syncs; the worker runs them')).toBe(true);
    expect((await waiting()).length).toBe(2);
  });

  it('verify --repair queues nothing for an index that is right', async () => {
    const run = await runCli(['verify', WIDGETS, '--repair'], repos.cliEnv);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^acme\/widgets at [0-9a-f]{12}: ok\n$/);
    expect(await waiting()).toEqual([]);
    expect(await probe.smembers(rebuildRequestsKey(PREFIX))).toEqual([]);
  });

  it('verify --repair asks for a full rebuild of a damaged index and queues its sync', async () => {
    repos.index().prepare("DELETE FROM files WHERE repo = ? AND path = 'src/b.ts'").run(WIDGETS);

    const { code, json } = await runCliJson(['verify', '--repair', '--json'], repos.cliEnv);
    const jobs = await waiting();
    expect(code).toBe(1);
    expect(jobs).toEqual([
      {
        id: expect.any(String),
        data: { repo: 'acme/api', trigger: 'repair', acceptedAt: expect.any(Number) },
      },
      {
        id: expect.any(String),
        data: { repo: WIDGETS, trigger: 'repair', acceptedAt: expect.any(Number) },
      },
    ]);
    expect(json.repos.map((r: any) => [r.repo, r.result, r.repairJobId])).toEqual([
      ['acme/api', 'not-indexed', jobs[0]?.id],
      [WIDGETS, 'differs', jobs[1]?.id],
    ]);
    expect(json.repos[1].report.missingFiles.map((f: any) => f.path)).toEqual(['src/b.ts']);
    expect((await probe.smembers(rebuildRequestsKey(PREFIX))).sort()).toEqual([
      'acme/api',
      WIDGETS,
    ]);
  });

  it('verify --repair refuses a repository that is not configured', async () => {
    expect(await runCli(['verify', 'acme/other', '--repair'], repos.cliEnv)).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'codesync: acme/other is not in CODESYNC_REPOS (configured: acme/widgets, acme/api)\n',
    });
  });

  it('exits 3 with the address when Redis does not answer', async () => {
    const port = await freePort();
    const env = { ...repos.cliEnv, REDIS_URL: `redis://127.0.0.1:${port}` };
    const expected = {
      code: 3,
      stdout: '',
      stderr:
        `codesync: cannot reach Redis at redis://127.0.0.1:${port} (REDIS_URL): ` +
        `connect ECONNREFUSED 127.0.0.1:${port}\n`,
    };
    const runs = await Promise.all([
      runCli(['sync', WIDGETS], env),
      runCli(['bootstrap'], env),
      runCli(['verify', '--repair'], env),
    ]);
    expect(runs).toEqual([expected, expected, expected]);
  });
});

describe('codesync commands with a Redis that accepts but never answers', () => {
  let silent: net.Server;
  const sockets = new Set<net.Socket>();

  beforeAll(async () => {
    silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
  });

  it('gives up after a few seconds with exit 3 instead of hanging', async () => {
    const { port } = silent.address() as net.AddressInfo;
    const started = Date.now();
    const run = await runCli(['sync', WIDGETS], {
      CODESYNC_REPOS: WIDGETS,
      REDIS_URL: `redis://:s3cret@127.0.0.1:${port}`,
    });
    expect(run).toEqual({
      code: 3,
      stdout: '',
      stderr:
        `codesync: cannot reach Redis at redis://:***@127.0.0.1:${port} (REDIS_URL): ` +
        'no answer within 3000 ms\n',
    });
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

function byId(a: { id?: string }, b: { id?: string }): number {
  return Number(a.id) - Number(b.id);
}
