import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudPush } from '../../scripts/lib/payloads';
import { GitRemote } from '../helpers/git-remote';
import { startStack, TEST_SECRET, type Stack } from '../helpers/stack';

const REPO = 'acme/widgets';

type Line = Record<string, any>;

/** The JSON log lines one process of the stack wrote so far. */
function linesOf(stack: Stack, name: 'receiver' | 'worker'): Line[] {
  return stack.logs
    .filter((l) => l.startsWith(`${name}: {`))
    .map((l) => JSON.parse(l.slice(name.length + 2)) as Line);
}

async function waitFor<T>(
  find: () => T | undefined,
  what: string,
  stack: Stack,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = find();
    if (found !== undefined) return found;
    await sleep(50);
  }
  throw new Error(`${what} did not happen\n${stack.logs.slice(-30).join('\n')}`);
}

// A whole deployment: one push is followed through both processes' logs, probes and metrics.
describe('readiness, metrics and logs across receiver and worker', () => {
  let stack: Stack;
  let remote: GitRemote;
  let workerMetrics: string;

  beforeAll(async () => {
    stack = await startStack({ repos: REPO });
    remote = new GitRemote(stack.remotes, REPO);
    const listening = await waitFor(
      () => linesOf(stack, 'worker').find((l) => l.msg === 'worker metrics and health listening'),
      'worker start',
      stack,
      60_000,
    );
    workerMetrics = `http://127.0.0.1:${listening.port}/metrics`;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('is ready once Redis answers and the worker beats, and lists that worker', async () => {
    const response = await fetch(`${stack.baseUrl}/ready`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; redis: boolean; workers: Line[] };
    expect(body).toMatchObject({ status: 'ready', redis: true });
    expect(body.workers.map((w) => w.pid)).toEqual([stack.worker.child.pid]);
  });

  it('ties a webhook to its sync by deliveryId and jobId in both processes, and measures it', async () => {
    remote.commit({ 'src/one.ts': 'export const one = 1;\n' });
    const tip = remote.push();
    const delivery = cloudPush(REPO, 'main', null, tip, TEST_SECRET);
    const deliveryId = delivery.headers['X-Request-UUID'];
    const response = await fetch(`${stack.baseUrl}/webhooks/bitbucket`, {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.body,
    });
    expect(response.status).toBe(202);
    await stack.waitForIndexed(REPO, tip);

    const queued = linesOf(stack, 'receiver').find((l) => l.msg === 'delivery queued');
    expect(queued).toMatchObject({ deliveryId, jobs: [{ queue: 'sync', id: expect.any(String) }] });
    const jobId = queued!.jobs[0].id;
    const finished = await waitFor(
      () => linesOf(stack, 'worker').find((l) => l.msg === 'sync finished' && l.jobId === jobId),
      'sync finished log line',
      stack,
    );
    expect(finished).toMatchObject({ deliveryId, repo: REPO, to: tip });

    const receiverText = await (await fetch(`${stack.baseUrl}/metrics`)).text();
    expect(receiverText).toContain(
      'codesync_webhook_deliveries_total{event="repo:push",outcome="queued"} 1',
    );
    expect(receiverText).toContain('codesync_enqueue_duration_seconds_count{outcome="stored"} 1');
    expect(receiverText).toMatch(/codesync_queue_jobs\{queue="sync",state="waiting"\} \d+/);
    const workerText = await (await fetch(workerMetrics)).text();
    expect(workerText).toContain(`codesync_sync_lag_seconds_count{repo="${REPO}"} 1`);
    expect(workerText).toContain(`codesync_worker_files_indexed_total{repo="${REPO}"} 1`);
  });

  it('stops being ready as soon as the last worker shuts down', async () => {
    expect(await stack.worker.stop()).toBe(0);
    const response = await fetch(`${stack.baseUrl}/ready`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      redis: true,
      workers: [],
      problem: 'no live worker',
    });
  });
});
