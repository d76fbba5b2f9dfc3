import {
  connectProducer,
  listLiveWorkers,
  openQueues,
  startWorkerHeartbeat,
  type CodesyncQueues,
  type Logger,
} from '@codesync/core';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type RedisHandle } from '../../../scripts/lib/redis';
import { cloudPush } from '../../../scripts/lib/payloads';
import { createReceiverApp, WEBHOOK_PATH, type ReceiverDeps } from '../src/app';
import { bullmqEnqueuer } from '../src/enqueue-delivery';
import { createReceiverMetrics } from '../src/metrics';

const SECRET = 'ops-routes test secret';
const REPO = 'acme/widgets';
const TIP = 'a'.repeat(40);
const ADMIN = { user: 'admin', password: 'correct horse battery staple' };

/** A logger that keeps what it is given in `lines`, with pino's numeric levels. */
function capturingLogger(): { log: Logger; lines: Array<Record<string, any>> } {
  const lines: Array<Record<string, any>> = [];
  const at = (level: number) => (fields: object | string, msg?: string) =>
    lines.push(typeof fields === 'string' ? { level, msg: fields } : { level, ...fields, msg });
  const log = {
    debug: at(20),
    info: at(30),
    warn: at(40),
    error: at(50),
    fatal: at(60),
    isLevelEnabled: () => true,
  };
  return { log: { ...log, child: () => log } as unknown as Logger, lines };
}

const basic = (user: string, password: string) => ({
  Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

// The app in-process (app.request, no socket) over real BullMQ queues in a private Redis.
describe('receiver probes, metrics and queue dashboard', () => {
  let server: RedisHandle;
  let redis: Redis;
  let queues: CodesyncQueues;
  let prefixCount = 0;

  beforeAll(async () => {
    server = await startPrivateRedis();
    redis = connectProducer(server.url);
    await new Promise((resolve) => redis.once('ready', resolve));
  });
  afterAll(async () => {
    await queues?.close();
    redis?.disconnect();
    await server?.stop();
  });

  const build = (overrides: Partial<ReceiverDeps> = {}) => {
    const prefix = `ops-${++prefixCount}`;
    queues = openQueues(redis, prefix);
    const all = [queues.sync, queues.pullRequests];
    const { log, lines } = capturingLogger();
    const metrics = createReceiverMetrics({ queues: all });
    const app = createReceiverApp({
      secrets: [SECRET],
      maxBodyBytes: 1024 * 1024,
      lookup: (key) => (key === REPO ? { branch: 'main' } : undefined),
      enqueue: bullmqEnqueuer(queues, 3_000),
      ready: async () => (await redis.ping()) === 'PONG',
      workers: () => listLiveWorkers(redis, prefix),
      metrics,
      dashboard: { queues: all, credentials: ADMIN },
      log,
      ...overrides,
    });
    return { app, prefix, lines, queues };
  };

  describe('GET /ready', () => {
    it('answers 503 "no live worker" while Redis answers but no worker beats', async () => {
      const { app } = build();
      const response = await app.request('/ready');
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        status: 'unavailable',
        redis: true,
        workers: [],
        problem: 'no live worker',
      });
    });

    it('answers 200 and lists the workers once one beats', async () => {
      const { app, prefix } = build();
      const beat = await startWorkerHeartbeat(redis, { prefix, concurrency: 2 });
      const response = await app.request('/ready');
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        status: string;
        workers: Array<Record<string, unknown>>;
      };
      expect(body.status).toBe('ready');
      expect(body.workers).toEqual([
        expect.objectContaining({ id: beat.id, pid: process.pid, concurrency: 2 }),
      ]);
      await beat.stop();
      expect((await app.request('/ready')).status).toBe(503);
    });

    it('answers 503 "redis unreachable" when Redis does not answer', async () => {
      const { app } = build({ ready: async () => false });
      const response = await app.request('/ready');
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ redis: false, problem: 'redis unreachable' });
    });
  });

  describe('GET /metrics', () => {
    it('counts deliveries by event and outcome, signature failures and enqueue latency', async () => {
      const { app } = build();
      const post = (headers: Record<string, string>, body: Buffer) =>
        app.request(WEBHOOK_PATH, { method: 'POST', headers, body });
      const push = cloudPush(REPO, 'main', null, TIP, SECRET);

      expect((await post(push.headers, push.body)).status).toBe(202);
      const { 'X-Hub-Signature': _, ...unsigned } = push.headers;
      expect((await post(unsigned, push.body)).status).toBe(401);
      const forged = cloudPush(REPO, 'main', null, TIP, 'another secret');
      expect((await post(forged.headers, forged.body)).status).toBe(401);
      const odd = { ...push.headers, 'X-Event-Key': 'made:up-by-a-stranger' };
      expect((await post(odd, push.body)).status).toBe(202);
      const ping = { 'Content-Type': 'application/json', 'X-Event-Key': 'diagnostics:ping' };
      expect((await post(ping, Buffer.from('{}'))).status).toBe(200);

      const response = await app.request('/metrics');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const text = await response.text();
      expect(text).toContain(
        'codesync_webhook_deliveries_total{event="repo:push",outcome="queued"} 1',
      );
      expect(text).toContain(
        'codesync_webhook_deliveries_total{event="repo:push",outcome="signature_missing"} 1',
      );
      expect(text).toContain(
        'codesync_webhook_deliveries_total{event="repo:push",outcome="signature_invalid"} 1',
      );
      expect(text).toContain(
        'codesync_webhook_deliveries_total{event="other",outcome="ignored"} 1',
      );
      expect(text).toContain(
        'codesync_webhook_deliveries_total{event="diagnostics:ping",outcome="ping"} 1',
      );
      expect(text).not.toContain('made:up');
      expect(text).toContain('codesync_webhook_signature_failures_total{reason="missing"} 1');
      expect(text).toContain('codesync_webhook_signature_failures_total{reason="invalid"} 1');
      expect(text).toContain('codesync_enqueue_duration_seconds_count{outcome="stored"} 1');
    });

    it('reads queue depth per queue and state from BullMQ at scrape time', async () => {
      const { app, queues: q } = build();
      await q.sync.add('sync', { repo: 'a/b', trigger: 'manual', acceptedAt: 0 });
      await q.sync.add(
        'sync',
        { repo: 'a/c', trigger: 'manual', acceptedAt: 0 },
        { delay: 60_000 },
      );
      const text = await (await app.request('/metrics')).text();
      expect(text).toContain('codesync_queue_jobs{queue="sync",state="waiting"} 1');
      expect(text).toContain('codesync_queue_jobs{queue="sync",state="delayed"} 1');
      expect(text).toContain('codesync_queue_jobs{queue="pull-requests",state="failed"} 0');
      expect(text).toContain('codesync_queue_depth_up 1');
    });
  });

  describe('/admin/queues', () => {
    it('refuses without credentials or with a wrong password (401), and serves the board with them', async () => {
      const { app } = build();
      const bare = await app.request('/admin/queues');
      expect(bare.status).toBe(401);
      expect(bare.headers.get('www-authenticate')).toContain('Basic');
      expect((await app.request('/admin/queues/api/queues')).status).toBe(401);
      expect(
        (await app.request('/admin/queues', { headers: basic(ADMIN.user, 'wrong') })).status,
      ).toBe(401);

      const page = await app.request('/admin/queues', {
        headers: basic(ADMIN.user, ADMIN.password),
      });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
      const api = await app.request('/admin/queues/api/queues', {
        headers: basic(ADMIN.user, ADMIN.password),
      });
      expect(api.status).toBe(200);
      const names = ((await api.json()) as { queues: Array<{ name: string }> }).queues.map(
        (q) => q.name,
      );
      expect(names.sort()).toEqual(['pull-requests', 'sync']);
    });

    it('is not mounted without ADMIN credentials, and the log warns about it', async () => {
      const { app, lines } = build({ dashboard: { queues: [], credentials: null } });
      expect((await app.request('/admin/queues')).status).toBe(404);
      expect(lines).toContainEqual(
        expect.objectContaining({
          level: 40,
          msg: expect.stringContaining('queue dashboard not mounted'),
        }),
      );
    });
  });
});
