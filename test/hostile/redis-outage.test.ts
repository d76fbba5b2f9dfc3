import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startPrivateRedis, type RedisHandle } from '../../scripts/lib/redis';
import { startService, type ServiceProcess } from '../../scripts/lib/service-process';
import { GitRemote } from '../helpers/git-remote';
import { startStack, type Stack } from '../helpers/stack';
import { expectNextPushIndexed, loadFixture, signed } from './helpers/deliveries';
import { sendRaw, type RawResponse } from './helpers/http';
import { QueueProbe } from './helpers/observe';
import { StallingProxy } from './helpers/stalling-proxy';

const REPO = 'acme/widgets';
/** Bitbucket gives up after 10 s; the receiver's enqueue timeout is 3 s. */
const ANSWER_BOUND_MS = 5_000;

// One deployment whose private Redis is stopped, restarted, paused and stalled behind a proxy.
describe('the receiver answers 503 in bounded time while Redis is unusable, and recovers by itself', () => {
  let stack: Stack;
  let remote: GitRemote;
  let redisPort: number;
  let restarted: RedisHandle | undefined;

  beforeAll(async () => {
    stack = await startStack({ repos: REPO });
    remote = new GitRemote(stack.remotes, REPO);
    redisPort = Number(new URL(stack.env.REDIS_URL!).port);
    await expectNextPushIndexed(stack, remote, 'before-outage');
  });
  afterAll(async () => {
    await stack?.stop();
    await restarted?.stop();
  });

  const pushTo = (baseUrl: string, tip: string): Promise<RawResponse> => {
    const fixture = loadFixture('cloud-push-main');
    fixture.body.push.changes[0].new.target.hash = tip;
    const { headers, body } = signed(fixture);
    return sendRaw(baseUrl, { headers, body, timeoutMs: 15_000 });
  };

  it('answers 503 queue_unavailable at once while Redis is stopped, then 202 once it is back', async () => {
    await stack.redis.stop();
    remote.commit({ 'outage/stopped.txt': 'pushed while redis was down\n' });
    const tip = remote.push();

    for (let attempt = 0; attempt < 3; attempt += 1) {
      const response = await pushTo(stack.baseUrl, tip);
      expect(response.status).toBe(503);
      expect(response.json).toEqual({ error: 'queue_unavailable', message: expect.any(String) });
      expect(response.ms).toBeLessThan(ANSWER_BOUND_MS);
    }
    expect((await sendRaw(stack.baseUrl, { method: 'GET', path: '/ready' })).status).toBe(503);

    restarted = await startPrivateRedis({ port: redisPort });
    const recovered = await retryUntil202(() => pushTo(stack.baseUrl, tip));
    expect(recovered.json.status).toBe('queued');
    await stack.waitForIndexed(REPO, tip);
    expect(stack.receiver.child.exitCode).toBeNull();
  });

  it('answers 503 in bounded time while Redis accepts connections but does not answer (CLIENT PAUSE)', async () => {
    const probe = new QueueProbe(stack.env.REDIS_URL!, stack.env.CODESYNC_QUEUE_PREFIX!);
    try {
      remote.commit({ 'outage/paused.txt': 'pushed while redis was paused\n' });
      const tip = remote.push();
      await probe.redis.call('CLIENT', 'PAUSE', '6000', 'ALL');

      const response = await pushTo(stack.baseUrl, tip);
      expect(response.status).toBe(503);
      expect(response.json.error).toBe('queue_unavailable');
      expect(response.ms).toBeGreaterThan(2_500);
      expect(response.ms).toBeLessThan(ANSWER_BOUND_MS);

      // The pause ends by itself; the next delivery is queued without any restart.
      const recovered = await retryUntil202(() => pushTo(stack.baseUrl, tip));
      expect(recovered.json.status).toBe('queued');
      await stack.waitForIndexed(REPO, tip);
    } finally {
      await probe.redis.call('CLIENT', 'UNPAUSE').catch(() => {});
      await probe.close();
    }
  });

  it('answers 503 in bounded time, again and again, while the connection to Redis hangs', async () => {
    const proxy = new StallingProxy(redisPort);
    const port = await freePort();
    const logs: string[] = [];
    let receiver: ServiceProcess | undefined;
    try {
      const redisUrl = await proxy.start();
      receiver = startService(
        'receiver',
        { ...stack.env, REDIS_URL: redisUrl, PORT: String(port) },
        'pipe',
      );
      receiver.child.stdout?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
      receiver.child.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
      const baseUrl = `http://127.0.0.1:${port}`;
      await waitForHealth(baseUrl, logs);

      remote.commit({ 'outage/stalled.txt': 'pushed while the redis connection hung\n' });
      const tip = remote.push();
      proxy.stall();
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const response = await pushTo(baseUrl, tip);
        expect(response.status).toBe(503);
        expect(response.ms).toBeLessThan(ANSWER_BOUND_MS);
      }
      const ready = await sendRaw(baseUrl, { method: 'GET', path: '/ready' });
      expect(ready.status).toBe(503);
      expect(ready.ms).toBeLessThan(ANSWER_BOUND_MS);

      proxy.resume();
      const recovered = await retryUntil202(() => pushTo(baseUrl, tip));
      expect(recovered.json.status).toBe('queued');
      await stack.waitForIndexed(REPO, tip);
      expect(receiver.child.exitCode).toBeNull();
    } finally {
      await receiver?.stop();
      await proxy.close();
    }
  });

  it('still indexes the next valid push through the stack receiver', async () => {
    await expectNextPushIndexed(stack, remote, 'after-outage');
  });
});

/** Redelivers, as Bitbucket would, until the receiver answers 202 (at most ~20 s). */
async function retryUntil202(send: () => Promise<RawResponse>): Promise<RawResponse> {
  let last: RawResponse | undefined;
  for (let attempt = 0; attempt < 40; attempt += 1) {
    last = await send();
    if (last.status === 202) return last;
    expect(last.status).toBe(503);
    await sleep(500);
  }
  throw new Error(`receiver did not recover: last answer ${last?.status} ${last?.text}`);
}

async function waitForHealth(baseUrl: string, logs: string[]): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    const ok = await fetch(`${baseUrl}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`second receiver did not start\n${logs.join('')}`);
}
