import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { indexFile, openIndexReadOnly, readRepoState, searchIndex } from '@codesync/core';
import { existsSync } from 'node:fs';
import { GitRemote } from './lib/git-remote';
import { cloudPush, dataCenterPush, type SignedDelivery } from './lib/payloads';
import {
  freePort,
  hasRedisServer,
  pingRedis,
  startPrivateRedis,
  type RedisHandle,
  NO_REDIS_HELP,
} from './lib/redis';
import { startService, type ServiceProcess } from './lib/service-process';

const REPO = 'acme/widgets';
const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

/**
 * `pnpm demo`: a local git "Bitbucket", Redis, the receiver and the worker as separate
 * processes; pushes that add, modify, delete and rename files; the signed deliveries Bitbucket
 * would send; and the search hits that show each change landing in the index.
 */
async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'codesync-demo-'));
  const remotes = path.join(tmp, 'remotes');
  const dataDir = path.join(tmp, 'data');
  const secret = randomBytes(24).toString('hex');
  const redis = await demoRedis();
  const port = await freePort();
  const env = {
    ...process.env,
    WEBHOOK_SECRET: secret,
    REDIS_URL: redis.url,
    HOST: '127.0.0.1',
    PORT: String(port),
    CODESYNC_DATA_DIR: dataDir,
    CODESYNC_REPOS: REPO,
    CODESYNC_GIT_URL: GitRemote.urlTemplate(remotes),
    CODESYNC_QUEUE_PREFIX: `codesync-demo-${process.pid}`,
    CODESYNC_RECONCILE_SECONDS: '0',
    WORKER_METRICS_PORT: '0',
    LOG_LEVEL: 'error',
    LOG_FORMAT: 'json',
  };
  const services: ServiceProcess[] = [startService('receiver', env), startService('worker', env)];
  const cleanup = async () => {
    await Promise.all(services.map((s) => s.stop()));
    await redis.stop();
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    console.log(
      bold(
        `codesync demo: receiver on http://127.0.0.1:${port}, Redis ${redis.url}, data in ${dataDir}`,
      ),
    );
    await waitForReceiver(port);
    const remote = new GitRemote(remotes, REPO);

    step('1. First push: a small TypeScript project (Bitbucket Cloud repo:push)');
    remote.commit({
      'src/greeting.ts': 'export function greet(name: string) {\n  return `Hello, ${name}!`;\n}\n',
      'src/main.ts': "import { greet } from './greeting';\n\nconsole.log(greet('widgets'));\n",
      'src/legacy.ts':
        '// TODO remove the legacy widget loader\nexport const legacyLoader = true;\n',
      'docs/guide.md': '# Guide\nWidgets are configured in widgets.json.\n',
    });
    const first = remote.push();
    await deliver(port, cloudPush(REPO, 'main', null, first, secret));
    await waitForIndexed(dataDir, first);
    show(dataDir, 'greet');
    show(dataDir, 'legacy widget');

    step(
      '2. Second push: add, modify, delete and rename (Bitbucket Data Center repo:refs_changed)',
    );
    remote.commit({
      'src/farewell.ts':
        'export function farewell(name: string) {\n  return `Goodbye, ${name}!`;\n}\n',
      'src/greeting.ts':
        'export function greet(name: string) {\n  return `Welcome back, ${name}!`;\n}\n',
      'src/legacy.ts': null,
    });
    remote.rename('docs/guide.md', 'docs/handbook.md');
    const second = remote.push();
    await deliver(port, dataCenterPush('ACME', 'widgets', 'main', first, second, secret));
    await waitForIndexed(dataDir, second);
    show(dataDir, 'Goodbye', 'added src/farewell.ts');
    show(dataDir, 'Welcome back', 'modified src/greeting.ts');
    show(dataDir, 'Hello,', 'old content of src/greeting.ts: no hits expected');
    show(dataDir, 'legacy widget', 'deleted src/legacy.ts: no hits expected');
    show(dataDir, 'widgets.json', 'renamed docs/guide.md -> docs/handbook.md');

    step('3. A forged delivery is refused');
    const forged = cloudPush(REPO, 'main', first, second, 'not-the-secret');
    const response = await fetch(`http://127.0.0.1:${port}/webhooks/bitbucket`, {
      method: 'POST',
      headers: forged.headers,
      body: forged.body,
    });
    console.log(`  HTTP ${response.status} ${JSON.stringify(await response.json())}`);
    console.log(
      bold('\nDemo finished: every change above was fetched, diffed and indexed by the worker.'),
    );
  } finally {
    await cleanup();
  }
}

async function demoRedis(): Promise<RedisHandle> {
  if (process.env.REDIS_URL)
    return { url: process.env.REDIS_URL, owned: false, stop: async () => {} };
  // A private server keeps the demo's queues away from anything else on this machine.
  if (hasRedisServer()) return startPrivateRedis();
  if (await pingRedis('127.0.0.1', 6379))
    return { url: 'redis://127.0.0.1:6379', owned: false, stop: async () => {} };
  throw new Error(NO_REDIS_HELP);
}

function step(title: string): void {
  console.log(`\n${bold(title)}`);
}

async function deliver(port: number, delivery: SignedDelivery): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/webhooks/bitbucket`, {
    method: 'POST',
    headers: delivery.headers,
    body: delivery.body,
  });
  console.log(
    `  webhook ${delivery.headers['X-Event-Key']} -> HTTP ${response.status} ${JSON.stringify(await response.json())}`,
  );
}

async function waitForReceiver(port: number): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error('the receiver did not start within 30 s');
}

async function waitForIndexed(dataDir: string, commit: string): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    if (existsSync(indexFile(dataDir))) {
      const db = openIndexReadOnly(dataDir);
      const state = readRepoState(db, REPO);
      db.close();
      if (state?.indexedCommit === commit) {
        console.log(
          `  indexed ${commit.slice(0, 12)} (${state.fileCount} files) ${Date.now() - started} ms after the webhook`,
        );
        return;
      }
    }
    await sleep(50);
  }
  throw new Error(`the worker did not index ${commit} within 60 s`);
}

function show(dataDir: string, query: string, note = ''): void {
  const db = openIndexReadOnly(dataDir);
  const hits = searchIndex(db, query, { repo: REPO });
  db.close();
  console.log(`  search "${query}"${note ? ` (${note})` : ''}: ${hits.length} hit(s)`);
  for (const hit of hits)
    console.log(`    ${hit.repo}:${hit.path}:${hit.line}: ${hit.text.trim()}`);
}

main().catch((error) => {
  console.error(`demo failed: ${(error as Error).message}`);
  process.exit(1);
});
