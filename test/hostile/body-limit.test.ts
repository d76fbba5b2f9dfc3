import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitRemote } from '../helpers/git-remote';
import { startStack, type Stack } from '../helpers/stack';
import {
  expectNextPushIndexed,
  FORGED_SIGNATURE,
  loadFixture,
  signedBytes,
} from './helpers/deliveries';
import { chunkedBody, endlessBody, sendRaw } from './helpers/http';
import { indexDigest, QueueProbe, rssBytes } from './helpers/observe';

const REPO = 'acme/widgets';
const LIMIT = 256 * 1024;
const MB = 1024 * 1024;

const pushHeaders = () => ({
  ...loadFixture('cloud-push-main').headers,
  'X-Hub-Signature': FORGED_SIGNATURE,
});

// One deployment with a 256 KB body limit (Bitbucket Cloud's own payload cap).
describe('the body limit is enforced while reading', () => {
  let stack: Stack;
  let remote: GitRemote;
  let probe: QueueProbe;

  beforeAll(async () => {
    stack = await startStack({ repos: REPO, extraEnv: { WEBHOOK_MAX_BODY_BYTES: String(LIMIT) } });
    remote = new GitRemote(stack.remotes, REPO);
    probe = new QueueProbe(stack.env.REDIS_URL!, stack.env.CODESYNC_QUEUE_PREFIX!);
    await expectNextPushIndexed(stack, remote, 'start');
    await probe.waitIdle();
  });
  afterAll(async () => {
    await probe?.close();
    await stack?.stop();
  });

  it('refuses a declared Content-Length over the limit before reading a byte', async () => {
    const before = await probe.state();
    const response = await sendRaw(stack.baseUrl, {
      headers: { ...pushHeaders(), 'Content-Length': String(LIMIT + 1) },
      body: chunkedBody(16),
    });
    expect(response.status).toBe(413);
    expect(response.json).toEqual({
      error: 'body_too_large',
      message: expect.stringContaining(String(LIMIT)),
    });
    expect(await probe.state()).toEqual(before);
  });

  it('refuses a body one byte over the limit and accepts one exactly at it', async () => {
    const padded = (size: number) =>
      Buffer.concat([Buffer.from('{}'), Buffer.alloc(size - 2, 0x20)]);
    const over = signedBytes(loadFixture('cloud-push-main').headers, padded(LIMIT + 1));
    expect((await sendRaw(stack.baseUrl, over)).status).toBe(413);
    // Exactly at the limit the bytes are read, verified and parsed: `{}` is not a push.
    const at = signedBytes(loadFixture('cloud-push-main').headers, padded(LIMIT));
    const response = await sendRaw(stack.baseUrl, at);
    expect(response.status).toBe(400);
    expect(response.json.error).toBe('payload_invalid');
  });

  it('cuts off a chunked body without Content-Length once it passes the limit', async () => {
    const response = await sendRaw(stack.baseUrl, {
      headers: pushHeaders(),
      body: chunkedBody(4 * MB),
    });
    expect(response.status).toBe(413);
    expect(response.json.error).toBe('body_too_large');
  });

  it('answers an endless body with 413 at once, and memory stays flat over 50 of them', async () => {
    const pid = stack.receiver.child.pid!;
    // Warm up allocators and JIT so the baseline is not the cold process.
    for (let i = 0; i < 5; i += 1)
      await sendRaw(stack.baseUrl, { headers: pushHeaders(), body: endlessBody(5 * MB) });
    const before = rssBytes(pid);
    const digest = indexDigest(stack);
    const queued = await probe.state();

    const statuses: number[] = [];
    const slowest: number[] = [];
    for (let round = 0; round < 10; round += 1) {
      const batch = await Promise.all(
        Array.from({ length: 5 }, () =>
          sendRaw(stack.baseUrl, { headers: pushHeaders(), body: endlessBody(5 * MB) }),
        ),
      );
      statuses.push(...batch.map((r) => r.status));
      slowest.push(Math.max(...batch.map((r) => r.ms)));
    }
    const after = rssBytes(pid);

    expect(statuses).toEqual(Array(50).fill(413));
    expect(Math.max(...slowest)).toBeLessThan(5_000);
    expect(
      after - before,
      `receiver RSS grew by ${Math.round((after - before) / MB)} MB`,
    ).toBeLessThan(100 * MB);
    expect(stack.receiver.child.exitCode).toBeNull();
    expect(await probe.state()).toEqual(queued);
    expect(indexDigest(stack)).toBe(digest);
  });

  it('still indexes the next valid push', async () => {
    await expectNextPushIndexed(stack, remote, 'body-limit');
  });
});
