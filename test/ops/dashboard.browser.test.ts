import os from 'node:os';
import path from 'node:path';
import { SYNC_QUEUE } from '@codesync/core';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack';

const ADMIN = { username: 'ops', password: 'dashboard test password' };
const SCREENSHOT = path.join(os.tmpdir(), 'codesync-queue-dashboard.png');

// Debian's chromium (.ci/run installs it), driven by playwright-core, which downloads nothing.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Resolve nothing but loopback, so no request can leave this machine.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

// A whole deployment (private Redis, receiver and worker processes) with the dashboard on;
// one sync fails for real because its repository has no remote.
describe('BullMQ dashboard at /admin/queues in a headless browser', () => {
  let stack: Stack;
  let browser: Browser;
  let failedReason: string;

  beforeAll(async () => {
    stack = await startStack({
      repos: 'acme/widgets,acme/ghost',
      extraEnv: { ADMIN_USER: ADMIN.username, ADMIN_PASSWORD: ADMIN.password },
    });

    const redis = new Redis(stack.redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue(SYNC_QUEUE, {
      connection: redis,
      prefix: stack.env.CODESYNC_QUEUE_PREFIX,
    });
    const job = await queue.add(
      'sync',
      { repo: 'acme/ghost', trigger: 'manual', acceptedAt: Date.now() },
      { attempts: 1 },
    );
    for (let i = 0; i < 300 && (await job.getState()) !== 'failed'; i += 1)
      await new Promise((r) => setTimeout(r, 100));
    failedReason = (await queue.getJob(job.id!))?.failedReason ?? '';
    await queue.close();
    redis.disconnect();

    // launch() gives Chromium a fresh, empty --user-data-dir of its own and removes it on close.
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('answers 401 to a browser without credentials', async () => {
    const context = await loopbackContext(browser);
    const page = await context.newPage();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/admin/queues')),
      // With nobody to answer the Basic challenge, the navigation ends in ERR_INVALID_AUTH_CREDENTIALS.
      page.goto(`${stack.baseUrl}/admin/queues`).catch(() => null),
    ]);
    expect(response.status()).toBe(401);
    expect(await response.headerValue('www-authenticate')).toContain('Basic');
    await context.close();
  });

  it('lists every codesync queue for a browser with credentials', async () => {
    const context = await loopbackContext(browser, { httpCredentials: ADMIN });
    const page = await context.newPage();
    const response = await page.goto(`${stack.baseUrl}/admin/queues`);
    expect(response?.status()).toBe(200);
    for (const name of ['sync', 'pull-requests']) {
      await page.getByRole('link', { name, exact: true }).first().waitFor({ timeout: 20_000 });
    }
    await context.close();
  });

  it("shows a failed sync's error, and renders (screenshot)", async () => {
    expect(failedReason).toContain('acme/ghost');
    const context = await loopbackContext(browser, {
      httpCredentials: ADMIN,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/admin/queues/queue/sync?status=failed`);
    await page.getByText(failedReason.slice(0, 40)).first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await context.close();
  });
});

/**
 * A browser context that can reach only this machine: the dashboard's page asks for web fonts
 * from a public host, and a test must never send traffic off loopback, so such requests are
 * aborted before they leave.
 */
async function loopbackContext(
  browser: Browser,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.route(
    (url) => !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname),
    (route) => route.abort('blockedbyclient'),
  );
  return context;
}
