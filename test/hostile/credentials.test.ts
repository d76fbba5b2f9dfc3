import { readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readRepoState } from '@codesync/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack';
import { loadFixture } from './helpers/deliveries';
import { QueueProbe, treeOf } from './helpers/observe';

const REPO = 'acme/widgets';
const TOKEN = 'cs-token-7Hq2mZ9vX4pL1sD8';
const USERNAME = 'x-token-auth';
const FORMS = {
  token: TOKEN,
  'base64 of user:token': Buffer.from(`${USERNAME}:${TOKEN}`).toString('base64'),
  'base64 of the token': Buffer.from(TOKEN).toString('base64'),
};

// A private repository behind a loopback "Bitbucket" that refuses every credential with 401.
describe('the git token never appears in logs, job data, errors or files', () => {
  let stack: Stack;
  let probe: QueueProbe;
  let server: http.Server;
  const authorizations: Array<string | undefined> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      authorizations.push(req.headers.authorization);
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="codesync-test"' }).end('unauthorized');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    stack = await startStack({
      repos: REPO,
      extraEnv: {
        CODESYNC_GIT_URL: `http://127.0.0.1:${port}/{repo}.git`,
        CODESYNC_GIT_TOKEN: TOKEN,
        CODESYNC_GIT_USERNAME: USERNAME,
        LOG_LEVEL: 'debug',
      },
    });
    probe = new QueueProbe(stack.env.REDIS_URL!, stack.env.CODESYNC_QUEUE_PREFIX!);
  });
  afterAll(async () => {
    await probe?.close();
    await stack?.stop();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  it('fails the sync with a readable error that holds no credential', async () => {
    const push = loadFixture('cloud-push-main');
    expect((await stack.deliver(push)).status).toBe(202);
    const state = await waitFor(() => {
      const row = stack.withIndex((db) => readRepoState(db, REPO));
      return row?.lastOutcome === 'failed' ? row : null;
    });

    // The token really was offered, as a header, so the checks below are not vacuous.
    expect(authorizations).toContain(`Basic ${FORMS['base64 of user:token']}`);
    expect(state.lastError).toMatch(/127\.0\.0\.1/);
    const jobs = await probe.jobText();
    expect(jobs).toMatch(/failedReason/);

    const places: Record<string, string> = {
      'SQLite last_error': state.lastError ?? '',
      'BullMQ job hashes (data, failedReason, stacktrace)': jobs,
      'receiver and worker logs': stack.logs.join('\n'),
      'files under the deployment dir': filesText(stack.tmp),
    };
    for (const [where, text] of Object.entries(places)) {
      for (const [form, value] of Object.entries(FORMS)) {
        expect(text.includes(value), `${form} found in ${where}`).toBe(false);
      }
    }
  });
});

async function waitFor<T>(check: () => T | null, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const value = check();
      if (value) return value;
    } catch {
      // the index is created by the worker's first write
    }
    await sleep(100);
  }
  throw new Error('condition not reached in time');
}

/** Every regular file below `root`, as latin1 text so any byte sequence can be searched. */
function filesText(root: string): string {
  return treeOf(root)
    .map((entry) => path.join(root, entry))
    .filter((file) => statSync(file, { throwIfNoEntry: false })?.isFile())
    .map((file) => readFileSync(file).toString('latin1'))
    .join('\n');
}
