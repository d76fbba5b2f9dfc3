import { setTimeout as sleep } from 'node:timers/promises';
import { openIndexReadOnly, readRepoState, searchIndex } from '@codesync/core';
import { cloudPush, type SignedDelivery } from '../scripts/lib/payloads';
import type { BenchRepo } from './lib/bench-repo';
import { waitSearchable, type PushEditor } from './lib/push-editor';
import { waitQueueIdle } from './lib/queue-idle';
import type { Scale } from './lib/scale';
import type { SyncEvent } from './lib/service-logs';
import { BENCH_SECRET, type BenchStack } from './lib/stack';
import { fmt } from './lib/stats';
import type { Row } from './lib/table';

const SETTLE_TIMEOUT_MS = 120_000;
const MAX_SYNCS = 10;
// Outcomes that mean a sync job really ran (a lock-busy job was only put back).
const RAN = new Set(['full', 'incremental', 'up-to-date', 'branch-missing', 'failed']);

/**
 * `burstPushes` pushes to one repository within `burstWindowMs`. The commits are written to
 * the remote beforehand on a side ref; each push then moves the branch to the next commit
 * (one `update-ref` transaction, as receive-pack does) and sends its signed delivery without
 * waiting for the previous answer. Counts the syncs the worker ran until the queue is idle.
 */
export async function benchBurst(
  scale: Scale,
  stack: BenchStack,
  repo: BenchRepo,
  editor: PushEditor,
): Promise<Row> {
  const edits = Array.from({ length: scale.burstPushes }, () => editor.next('burst'));
  const commits = await repo.chain(edits.length, (i) => {
    const edit = edits[i - 1]!;
    return { [edit.path]: edit.content };
  });
  await waitQueueIdle(stack.redis.url, stack.prefix, SETTLE_TIMEOUT_MS);

  const deliveries = commits.map((commit, i) =>
    cloudPush(
      repo.key,
      'main',
      i === 0 ? repo.head : commits[i - 1]!,
      commit,
      BENCH_SECRET,
      scale.deliveryBytes,
    ),
  );
  const from = stack.logs.syncs.length;
  const { results, sentMs } = await sendBurst(
    stack,
    repo,
    commits,
    deliveries,
    scale.burstWindowMs,
  );
  const accepted = results.filter((r) => r.status === 202).length;
  const lastAnswer = Math.max(...results.map((r) => r.at));

  const db = openIndexReadOnly(stack.dataDir);
  try {
    const tipSearchable = await waitSearchable(
      db,
      repo.key,
      edits.at(-1)!.marker,
      SETTLE_TIMEOUT_MS,
    );
    await waitQueueIdle(stack.redis.url, stack.prefix, SETTLE_TIMEOUT_MS);
    const runs = stack.logs.syncs.slice(from).filter((e) => e.repo === repo.key);
    const missing = edits.filter(
      (edit) => searchIndex(db, edit.marker, { repo: repo.key, limit: 1 }).length === 0,
    ).length;
    const atTip = readRepoState(db, repo.key)?.indexedCommit === repo.head;
    return burstRow(scale, repo, {
      runs,
      accepted,
      sentMs,
      missing,
      atTip,
      tipMs: tipSearchable - lastAnswer,
    });
  } finally {
    db.close();
  }
}

/**
 * Publishes each commit and sends its delivery on a fixed schedule over 90% of the window (so
 * timer and ref-update delays still land inside it), without waiting for earlier answers.
 */
async function sendBurst(
  stack: BenchStack,
  repo: BenchRepo,
  commits: string[],
  deliveries: SignedDelivery[],
  windowMs: number,
): Promise<{ results: Array<{ status: number; at: number }>; sentMs: number }> {
  const mover = repo.openRefMover();
  const started = performance.now();
  const spacing = (windowMs * 0.9) / commits.length;
  let lastSent = started;
  const answers: Array<Promise<{ status: number; at: number }>> = [];
  for (const [i, commit] of commits.entries()) {
    const due = started + i * spacing;
    if (performance.now() < due) await sleep(due - performance.now());
    // update-ref applies the transactions in order; each delivery leaves once its push landed.
    answers.push(
      mover.move(commit).then(() => {
        lastSent = performance.now();
        return stack.deliver(deliveries[i]!);
      }),
    );
  }
  try {
    return { results: await Promise.all(answers), sentMs: lastSent - started };
  } finally {
    await mover.close();
  }
}

interface BurstOutcome {
  runs: SyncEvent[];
  accepted: number;
  sentMs: number;
  missing: number;
  atTip: boolean;
  tipMs: number;
}

function burstRow(scale: Scale, repo: BenchRepo, o: BurstOutcome): Row {
  const ran = o.runs.filter((e) => RAN.has(e.outcome));
  const by = (outcome: string) => ran.filter((e) => e.outcome === outcome).length;
  const lockBusy = o.runs.length - ran.length;
  const complete = o.missing === 0 && o.atTip && o.accepted === scale.burstPushes;
  const met = complete && ran.length <= MAX_SYNCS;
  return {
    what: `burst (${fmt(repo.stats.files, 0)}-file repository)`,
    measure: `${scale.burstPushes} pushes to one repository within ${fmt(scale.burstWindowMs / 1000, 1)} s: syncs run; all changes searchable at the tip`,
    figure: `${ran.length} syncs; ${complete ? 'all searchable at the tip' : `${o.missing} changes missing, at tip: ${o.atTip}`}`,
    baseline: '—',
    ratio: '—',
    target: `all searchable at the tip; ≤ ${MAX_SYNCS} syncs`,
    met,
    note:
      `Pushes sent over ${fmt(o.sentMs, 0)} ms${o.sentMs > scale.burstWindowMs ? ' (the load generator ran late: longer than the window)' : ''}, ${o.accepted}/${scale.burstPushes} answered 202. A sync counts when the worker ran a sync job for the repository (a "sync finished" line of any outcome, or "sync failed"), from the first push until the queue was idle: ` +
      `${by('incremental')} incremental, ${by('up-to-date')} up-to-date, ${by('full')} full, ${by('failed')} failed; ${lockBusy} jobs put back because the repository lock was held. ` +
      `The last change was searchable ${fmt(o.tipMs, 0)} ms after the last 202.` +
      (met
        ? ''
        : ran.length > MAX_SYNCS
          ? ` Missed: ${ran.length} syncs ran.`
          : ' Missed: not every change reached the index.'),
  };
}
