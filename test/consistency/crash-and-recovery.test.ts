import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { indexFile, loadConfig, openIndex, readRepoState, searchIndex } from '@codesync/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudPush } from '../../scripts/lib/payloads';
import { git, GitRemote } from '../helpers/git-remote';
import { checkFtsIntegrity, dumpIndex, fullRebuildDump } from '../helpers/index-oracle';
import { QueueProbe } from '../helpers/queue-probe';
import { startStack, TEST_SECRET, type Stack } from '../helpers/stack';

const BIG = 'acme/big';
const QUIET = 'acme/quiet';
const BURST = 'acme/burst';
// Files of the commit a worker is killed in the middle of indexing.
const FILES = 5000;

describe('crashes, missed webhooks and bursts', () => {
  let stack: Stack;
  let probe: QueueProbe;
  const remotes = new Map<string, GitRemote>();

  beforeAll(async () => {
    stack = await startStack({
      repos: [BIG, QUIET, BURST].join(','),
      extraEnv: { CODESYNC_JOB_LOCK_SECONDS: '3', CODESYNC_RECONCILE_SECONDS: '2' },
    });
    probe = new QueueProbe(stack.redis.url, stack.env.CODESYNC_QUEUE_PREFIX!);
    // Every configured remote exists from the start, as on Bitbucket; the reconcile (every 2 s
    // here) would otherwise fail on a missing repository and back off.
    for (const key of [BIG, QUIET, BURST]) remotes.set(key, new GitRemote(stack.remotes, key));
  });
  afterAll(async () => {
    await probe?.close();
    await stack?.stop();
  });

  const rules = () => {
    const config = loadConfig(stack.env, 'worker');
    return { maxFileBytes: config.maxFileBytes, skipDirs: config.skipDirs };
  };

  it('a worker killed with SIGKILL mid-sync leaves the previous index intact, and the sync completes after restart', async () => {
    const remote = remotes.get(BIG)!;
    remote.commit({ 'src/seed.ts': 'export const seed = 1;\n' });
    const first = remote.push();
    await post(stack, cloudPush(BIG, 'main', null, first, TEST_SECRET));
    await stack.waitForIndexed(BIG, first);
    const before = stack.withIndex((db) => dumpIndex(db, BIG));

    // 5,000 files of ~6 KB: long enough a sync to be caught in the middle of it.
    for (let i = 0; i < FILES; i += 1) {
      const dir = path.join(remote.work, 'gen', `d${i % 40}`);
      mkdirSync(dir, { recursive: true });
      const body = `import { seed } from '../../src/seed';\nexport const value${i} = seed + ${i};\n`;
      writeFileSync(path.join(dir, `f${i}.ts`), body + `// ${'filler '.repeat(850)}\n`);
    }
    git(remote.work, 'add', '-A');
    git(remote.work, 'commit', '--quiet', '-m', 'generate many files');
    const big = remote.push();
    // The synchronous git calls above blocked this event loop for seconds; let the HTTP client
    // notice keep-alive sockets the receiver closed meanwhile before it sends again.
    await sleep(100);
    const logMark = stack.logs.length;
    await post(stack, cloudPush(BIG, 'main', first, big, TEST_SECRET));

    await waitFor(() =>
      stack.logs.slice(logMark).some((l) => l.includes('"msg":"sync started"') && l.includes(BIG)),
    );
    // The sync holds the index's write lock from its first change to its commit. Held across
    // several polls in a row, it is that long transaction, not a brief write of another repo.
    const writer = writeLockProbe(indexFile(stack.dataDir));
    let heldPolls = 0;
    await waitFor(() => (heldPolls = writer.held() ? heldPolls + 1 : 0) >= 3);
    // Freeze the worker at once, inside its write transaction, so a busy machine cannot let it
    // finish before the checks below; the lock still held proves it was frozen in time.
    stack.worker.child.kill('SIGSTOP');
    expect(writer.held()).toBe(true);
    writer.close();
    expect(
      stack.logs.slice(logMark).some((l) => l.includes('"msg":"sync finished"') && l.includes(BIG)),
    ).toBe(false);
    // Another process searching while the sync writes sees the last committed index, unblocked.
    expect(
      stack.withIndex((db) => searchIndex(db, 'seed = 1', { repo: BIG })).map((h) => h.path),
    ).toEqual(['src/seed.ts']);
    stack.worker.child.kill('SIGKILL');
    await stack.worker.exited;

    // The killed sync's uncommitted pages in the WAL are not part of the database.
    const writable = openIndex(stack.dataDir);
    checkFtsIntegrity(writable);
    const afterKill = { state: readRepoState(writable, BIG), dump: dumpIndex(writable, BIG) };
    writable.close();
    expect(afterKill.state?.indexedCommit).toBe(first);
    expect(afterKill.dump).toEqual(before);

    stack.startWorker();
    await stack.waitForIndexed(BIG, big, 90_000);
    const check = openIndex(stack.dataDir);
    checkFtsIntegrity(check);
    check.close();
    const after = stack.withIndex((db) => dumpIndex(db, BIG));
    expect(after.files).toHaveLength(FILES + 1);
    expect(after).toEqual(
      await fullRebuildDump(stack.env.CODESYNC_GIT_URL!, { key: BIG, branch: null }, rules()),
    );
  }, 180_000);

  it('the periodic reconcile picks up a push whose webhook never arrived', async () => {
    const remote = remotes.get(QUIET)!;
    remote.commit({ 'never-announced.ts': 'export const missedWebhook = true;\n' });
    const tip = remote.push();
    // No delivery at all: only the job scheduler (every 2 s here) can notice.
    await stack.waitForIndexed(QUIET, tip, 30_000);
    const byReconcile = (l: string) =>
      l.includes('"trigger":"reconcile"') &&
      l.includes(QUIET) &&
      l.includes('"msg":"sync finished"') &&
      l.includes(tip);
    await waitFor(() => stack.logs.some(byReconcile));
  }, 60_000);

  it('a burst of pushes, some arriving while a sync runs, ends at the tip with coalesced syncs', async () => {
    const remote = remotes.get(BURST)!;
    remote.commit({ 'counter.ts': 'export const n = 0;\n' });
    let previous = remote.push();
    await post(stack, cloudPush(BURST, 'main', null, previous, TEST_SECRET));
    await stack.waitForIndexed(BURST, previous);
    const logMark = stack.logs.length;

    const sends: Array<Promise<void>> = [];
    for (let i = 1; i <= 40; i += 1) {
      remote.commit({
        'counter.ts': `export const n = ${i};\n`,
        [`burst/f${i}.ts`]: `export const b${i} = ${i};\n`,
      });
      const next = remote.push();
      // The git calls above block this event loop; let the HTTP client see closed keep-alive
      // sockets before it picks one for the next delivery.
      await sleep(5);
      sends.push(post(stack, cloudPush(BURST, 'main', previous, next, TEST_SECRET)));
      previous = next;
    }
    await Promise.all(sends);
    await stack.waitForIndexed(BURST, previous, 60_000);
    await probe.settle();

    const syncsRun = stack.logs
      .slice(logMark)
      .filter(
        (l) =>
          l.includes('"msg":"sync finished"') &&
          l.includes(BURST) &&
          !l.includes('"outcome":"up-to-date"'),
      );
    expect(syncsRun.length).toBeGreaterThanOrEqual(1);
    expect(syncsRun.length).toBeLessThan(40);
    expect(stack.withIndex((db) => dumpIndex(db, BURST))).toEqual(
      await fullRebuildDump(stack.env.CODESYNC_GIT_URL!, { key: BURST, branch: null }, rules()),
    );
  }, 120_000);
});

async function post(
  stack: Stack,
  delivery: { headers: Record<string, string>; body: Buffer },
): Promise<void> {
  const response = await fetch(`${stack.baseUrl}/webhooks/bitbucket`, {
    method: 'POST',
    headers: delivery.headers,
    body: delivery.body,
  });
  expect(response.status).toBe(202);
}

/** Asks, without waiting, whether another connection holds the index's write lock. */
function writeLockProbe(file: string) {
  const db = new Database(file, { timeout: 0 });
  return {
    held(): boolean {
      try {
        db.exec('BEGIN IMMEDIATE');
        db.exec('ROLLBACK');
        return false;
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
        throw error;
      }
    },
    close: () => db.close(),
  };
}

async function waitFor(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return;
    await sleep(10);
  }
  throw new Error('condition not reached in time');
}
