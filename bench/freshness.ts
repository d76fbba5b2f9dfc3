import { openIndexReadOnly } from '@codesync/core';
import { cloudPush } from '../scripts/lib/payloads';
import type { BenchRepo } from './lib/bench-repo';
import { waitSearchable, type PushEditor } from './lib/push-editor';
import type { Scale } from './lib/scale';
import { BENCH_SECRET, type BenchStack } from './lib/stack';
import { fmt, median, percentile } from './lib/stats';
import { ratio, type Row } from './lib/table';

const PUSH_TIMEOUT_MS = 60_000;
const FRESHNESS_TARGET_MS = 300;
const INCREMENTAL_TARGET = 1.5;

/** Freshness and the worker's own sync time of a series of one-file pushes to one repository. */
export interface PushSeries {
  repo: BenchRepo;
  /** 202 → marker searchable, per push. */
  freshnessMs: number[];
  /** The worker's `ms` of the sync that indexed each push. */
  syncMs: number[];
}

/**
 * Pushes one-file changes one after another through the whole stack: commit in the
 * `file://` remote, signed delivery, worker sync, and a read-only poll of the index for the
 * change's marker. Each push waits for the previous one to be searchable.
 */
export async function pushSeries(
  stack: BenchStack,
  repo: BenchRepo,
  editor: PushEditor,
  count: number,
  deliveryBytes: number,
): Promise<PushSeries> {
  const db = openIndexReadOnly(stack.dataDir);
  const from = stack.logs.syncs.length;
  const commits = new Set<string>();
  const freshnessMs: number[] = [];
  try {
    for (let i = 0; i < count; i += 1) {
      const edit = editor.next('fresh');
      const previous = repo.head;
      const commit = await repo.commit({ [edit.path]: edit.content }, `edit ${edit.path}`);
      commits.add(commit);
      const answer = await stack.deliver(
        cloudPush(repo.key, 'main', previous, commit, BENCH_SECRET, deliveryBytes),
      );
      if (answer.status !== 202) throw new Error(`push delivery answered ${answer.status}`);
      const found = await waitSearchable(db, repo.key, edit.marker, PUSH_TIMEOUT_MS).catch(
        (error: Error) => {
          throw new Error(`${error.message}\n${stack.logs.recent()}`);
        },
      );
      freshnessMs.push(found - answer.at);
    }
  } finally {
    db.close();
  }
  await stack.logs.waitForSync(
    (e) => e.repo === repo.key && e.to === repo.head,
    PUSH_TIMEOUT_MS,
    from,
  );
  const syncMs = stack.logs.syncs
    .slice(from)
    .filter(
      (e) =>
        e.repo === repo.key && e.to !== null && commits.has(e.to) && e.outcome === 'incremental',
    )
    .map((e) => e.ms);
  return { repo, freshnessMs, syncMs };
}

export function freshnessRow(scale: Scale, big: PushSeries, small: PushSeries): Row {
  const p50 = percentile(big.freshnessMs, 50);
  const p95 = percentile(big.freshnessMs, 95);
  const met = p50 < FRESHNESS_TARGET_MS;
  return {
    what: 'freshness',
    measure: `202 → commit searchable, p50 / p95 over ${big.freshnessMs.length} one-file pushes, ${fmt(big.repo.stats.files, 0)}-file repository, local file:// remote`,
    figure: `${fmt(p50, 0)} / ${fmt(p95, 0)} ms`,
    baseline: '—',
    ratio: '—',
    target: `p50 < ${FRESHNESS_TARGET_MS} ms`,
    met,
    note:
      `Timed from the 202 reaching the sender to the change's marker being found by \`searchIndex\` on a read-only connection, polled every 5 ms. ` +
      `The ${fmt(small.repo.stats.files, 0)}-file repository: p50 ${fmt(percentile(small.freshnessMs, 50), 0)} / p95 ${fmt(percentile(small.freshnessMs, 95), 0)} ms over ${small.freshnessMs.length} pushes; scale ${scale.name}.` +
      (met ? '' : ` Missed: p50 ${fmt(p50, 0)} ms.`),
  };
}

export function incrementalRow(big: PushSeries, small: PushSeries): Row {
  const bigMs = median(big.syncMs);
  const smallMs = median(small.syncMs);
  const met = bigMs <= INCREMENTAL_TARGET * smallMs;
  return {
    what: 'incremental sync',
    measure: `one-file push: median sync time, ${fmt(big.repo.stats.files, 0)}-file vs ${fmt(small.repo.stats.files, 0)}-file repository`,
    figure: `${fmt(bigMs, 0)} ms`,
    baseline: `${fmt(smallMs, 0)} ms (${fmt(small.repo.stats.files, 0)} files)`,
    ratio: ratio(bigMs, smallMs),
    target: `≤ ${INCREMENTAL_TARGET}×`,
    met,
    note:
      `The worker's own "sync finished" time (ls-remote, fetch, diff-tree, blob read, SQLite transaction) of the same pushes as the freshness row: ${big.syncMs.length} and ${small.syncMs.length} incremental syncs; ` +
      `p95 ${fmt(percentile(big.syncMs, 95), 0)} vs ${fmt(percentile(small.syncMs, 95), 0)} ms.` +
      (met ? '' : ` Missed: ${ratio(bigMs, smallMs)}.`),
  };
}
