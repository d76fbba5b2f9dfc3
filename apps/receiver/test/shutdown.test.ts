import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { openQueues } from '@codesync/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudPush } from '../../../scripts/lib/payloads';
import { freePort, startPrivateRedis, type RedisHandle } from '../../../scripts/lib/redis';
import { startLoggedService, type LoggedService } from '../../../test/helpers/logged-service';

const SECRET = 'receiver shutdown test secret';
const REPO = 'acme/widgets';

/**
 * A POST on a keep-alive connection whose body is sent in two parts, the second only when the
 * test says so. Its socket is the hard case: busy when shutdown starts, idle right after.
 */
function slowPost(port: number, delivery: { headers: Record<string, string>; body: Buffer }) {
  const half = Math.floor(delivery.body.length / 2);
  const request = http.request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/webhooks/bitbucket',
    headers: { ...delivery.headers, 'Content-Length': String(delivery.body.length) },
    agent: new http.Agent({ keepAlive: true }),
  });
  const answer = new Promise<{ status: number; body: any; at: number }>((resolve, reject) => {
    request.on('response', (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(text), at: Date.now() }),
      );
    });
    request.on('error', reject);
  });
  answer.catch(() => {});
  request.write(delivery.body.subarray(0, half));
  return { answer, finish: () => request.end(delivery.body.subarray(half)) };
}

/** Opens a keep-alive connection, makes one request on it and leaves it idle. */
async function idleKeepAliveSocket(port: number): Promise<{ closed: Promise<number> }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/health', agent }, (response) => {
      response.resume();
      response.on('end', () => resolve({ closed }));
    });
    let closed: Promise<number>;
    request.once('socket', (socket) => {
      closed = new Promise<number>((done) => socket.once('close', () => done(Date.now())));
    });
    request.on('error', reject);
  });
}

// Real receiver processes over a private Redis, stopped by real signals.
describe('receiver shutdown on a real signal', () => {
  let redisServer: RedisHandle;
  let redis: Redis;
  const started: LoggedService[] = [];

  beforeAll(async () => {
    redisServer = await startPrivateRedis();
    redis = new Redis(redisServer.url, { maxRetriesPerRequest: null });
  });
  afterAll(async () => {
    await Promise.all(started.map((s) => s.service.stop(2_000)));
    redis?.disconnect();
    await redisServer?.stop();
  });

  const startReceiver = async (name: string, shutdownSeconds: number) => {
    const port = await freePort();
    const prefix = `cs-${name}`;
    const receiver = startLoggedService('receiver', {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      REDIS_URL: redisServer.url,
      HOST: '127.0.0.1',
      PORT: String(port),
      WEBHOOK_SECRET: SECRET,
      CODESYNC_REPOS: REPO,
      CODESYNC_QUEUE_PREFIX: prefix,
      SHUTDOWN_TIMEOUT_SECONDS: String(shutdownSeconds),
      LOG_LEVEL: 'info',
    });
    started.push(receiver);
    await receiver.waitForLog((l) => l.msg === 'receiver listening', 60_000);
    return { receiver, port, prefix };
  };

  it('answers a delivery still arriving when SIGTERM comes, refuses new connections, closes idle sockets and exits 0', async () => {
    const { receiver, port, prefix } = await startReceiver('drain', 10);
    const idle = await idleKeepAliveSocket(port);
    const delivery = cloudPush(REPO, 'main', null, 'b'.repeat(40), SECRET);
    const slow = slowPost(port, delivery);
    await sleep(300);

    receiver.service.child.kill('SIGTERM');
    await receiver.waitForLog((l) => Boolean(l.msg?.startsWith('shutting down')));
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    await sleep(1_000);
    expect(receiver.service.child.exitCode).toBeNull(); // still waiting for the delivery
    slow.finish();

    const answer = await slow.answer;
    const code = await receiver.service.exited;
    const exitedAt = Date.now();
    expect(code).toBe(0);
    expect(answer.status).toBe(202);
    expect(answer.body.status).toBe('queued');
    const jobId = answer.body.jobs[0].id as string;
    expect(await openQueues(redis, prefix).sync.getJob(jobId)).toBeTruthy();
    // Neither the idle keep-alive socket (5 s timeout) nor the 10 s deadline held the exit up.
    expect(exitedAt - answer.at).toBeLessThan(3_000);
    expect(await idle.closed).toBeLessThanOrEqual(exitedAt);
    expect(receiver.lines.map((l) => l.msg)).not.toContain(
      'requests still running at the deadline were cut off',
    );
    expect(receiver.lines.map((l) => l.msg)).toContain('receiver stopped');
  });

  it('cuts off a request that never completes at SHUTDOWN_TIMEOUT_SECONDS and still exits 0', async () => {
    const { receiver, port } = await startReceiver('deadline', 2);
    const stuck = slowPost(port, cloudPush(REPO, 'main', null, 'c'.repeat(40), SECRET));
    await sleep(300);

    const { code, ms } = await receiver.signalAndWait('SIGTERM');

    expect(code).toBe(0);
    expect(ms).toBeGreaterThanOrEqual(2_000);
    expect(ms).toBeLessThan(6_000);
    await expect(stuck.answer).rejects.toThrow();
    expect(receiver.lines.map((l) => l.msg)).toContain(
      'requests still running at the deadline were cut off',
    );
  });
});
