import path from 'node:path';
import { cloudPush } from '../scripts/lib/payloads';
import type { BenchRepo } from './lib/bench-repo';
import { ftsBaseline, type BaselineRun } from './lib/fts-baseline';
import { seedMirror } from './lib/mirror';
import { RssWatch } from './lib/rss';
import type { Scale } from './lib/scale';
import type { SyncEvent } from './lib/service-logs';
import { BENCH_SECRET, type BenchStack } from './lib/stack';
import { fmt, mb } from './lib/stats';
import { ratio, type Row } from './lib/table';

const FULL_INDEX_TIMEOUT_MS = 8 * 60_000;
const MEMORY_LIMIT_MIB = 300;

export interface FullIndexResult {
  /** MB/s and files/s against the baseline. */
  indexRows: Row[];
  memoryRow: Row;
  event: SyncEvent;
  mirror: string;
}

/**
 * The first sync of the big repository by the real worker process, started by a push
 * delivery, with the worker's peak RSS; then the bare cat-file + FTS5 pipeline over the same
 * blobs. The mirror is seeded first (hard links), so neither side pays for a transfer.
 */
export async function benchFullIndex(
  scale: Scale,
  tmp: string,
  stack: BenchStack,
  big: BenchRepo,
): Promise<FullIndexResult> {
  const mirror = await seedMirror(stack.dataDir, big.key, big.bare);
  const worker = await stack.startWorker();
  const rss = new RssWatch(worker.child.pid ?? 0);
  const from = stack.logs.syncs.length;
  const accepted = await stack.deliver(
    cloudPush(big.key, 'main', null, big.head, BENCH_SECRET, scale.deliveryBytes),
  );
  if (accepted.status !== 202) throw new Error(`full-index delivery answered ${accepted.status}`);
  const event = await stack.logs.waitForSync(
    (e) => e.repo === big.key && e.to === big.head,
    FULL_INDEX_TIMEOUT_MS,
    from,
  );
  const wallMs = event.at - accepted.at;
  const peak = rss.peakMB();
  rss.stop();
  if (event.outcome !== 'full')
    throw new Error(`expected a full sync of ${big.key}, got ${event.outcome} (${event.reason})`);

  const baseline = await ftsBaseline(mirror, big.head, path.join(tmp, 'baseline-fts.sqlite'));
  return {
    indexRows: indexRows(event, baseline, wallMs),
    memoryRow: memoryRow(scale, big, peak),
    event,
    mirror,
  };
}

function indexRows(event: SyncEvent, baseline: BaselineRun, wallMs: number): Row[] {
  const bytes = event.bytesIndexed ?? 0;
  const files = event.filesWritten ?? 0;
  const mbps = mb(bytes) / (event.ms / 1000);
  const fps = files / (event.ms / 1000);
  const baseMbps = mb(baseline.bytes) / (baseline.ms / 1000);
  const baseFps = baseline.files / (baseline.ms / 1000);
  const note =
    `${fmt(files, 0)} files, ${fmt(mb(bytes))} MB in ${fmt(event.ms / 1000, 1)} s (worker's own sync time; ` +
    `${fmt(wallMs / 1000, 1)} s from the 202 to the "sync finished" line). Baseline: ${fmt(baseline.files, 0)} blobs, ` +
    `${fmt(mb(baseline.bytes))} MB in ${fmt(baseline.ms / 1000, 1)} s.`;
  return [
    rateRow('MB of source per second into the index', mbps, baseMbps, 'MB/s', 2, note),
    rateRow('files per second into the index', fps, baseFps, 'files/s', 0),
  ];
}

/** One full-index rate against its baseline rate; `context` opens the row's note. */
function rateRow(
  measure: string,
  rate: number,
  base: number,
  unit: string,
  digits: number,
  context?: string,
): Row {
  const met = rate >= 0.5 * base;
  const missed = met
    ? ''
    : `Missed: ${fmt(rate, digits)} ${unit} is ${ratio(rate, base)} of the baseline.`;
  return {
    what: 'full index',
    measure,
    figure: `${fmt(rate, digits)} ${unit}`,
    baseline: `${fmt(base, digits)} ${unit}`,
    ratio: ratio(rate, base),
    target: '≥ 0.50× baseline',
    met,
    note: [context, missed].filter(Boolean).join(' ') || undefined,
  };
}

function memoryRow(scale: Scale, big: BenchRepo, peakMB: number): Row {
  const met = peakMB <= MEMORY_LIMIT_MIB;
  return {
    what: 'memory',
    measure: `worker peak RSS during the ${fmt(mb(big.stats.bytes), 0)} MB full index`,
    figure: `${fmt(peakMB, 0)} MB`,
    baseline: '—',
    ratio: '—',
    target: `≤ ${MEMORY_LIMIT_MIB} MB`,
    met,
    note:
      `VmHWM of the worker process (the kernel's high-water mark; also polled every 100 ms), from its start to the end of the sync; scale ${scale.name}.` +
      (met ? '' : ` Missed: ${fmt(peakMB, 0)} MB.`),
  };
}
