import path from 'node:path';
import { cloudPush } from '../scripts/lib/payloads';
import { benchBurst } from './burst';
import { freshnessRow, incrementalRow, pushSeries } from './freshness';
import { benchFullIndex } from './full-index';
import { BenchRepo } from './lib/bench-repo';
import type { ProfileSummary } from './lib/cpu-profile';
import type { Phases } from './lib/phases';
import { PushEditor } from './lib/push-editor';
import type { Scale } from './lib/scale';
import { BENCH_SECRET, startBenchStack, type BenchStack } from './lib/stack';
import type { Row } from './lib/table';
import { profileFullIndex } from './profile';
import { benchSearch } from './search';
import { runWhatIfs, type WhatIf } from './what-if';

export interface SyncSuiteResult {
  rows: Row[];
  big: BenchRepo;
  small: BenchRepo;
  profile: ProfileSummary | null;
  whatIfs: WhatIf[];
}

const BIG = 'bench/big';
const SMALL = 'bench/small';
// What-if inserts use this many files of the big repository (about a quarter at full scale).
const WHAT_IF_FILES = 5_000;

/**
 * Everything behind the worker: generate the two repositories, start Redis, the receiver and
 * the worker, then full index, search, one-file pushes to both repositories, and bursts.
 */
export async function benchSync(
  scale: Scale,
  tmp: string,
  phases: Phases,
  profile: boolean,
): Promise<SyncSuiteResult> {
  const timed = <T>(name: string, work: () => Promise<T>) => phases.run(name, work);
  const remotes = path.join(tmp, 'remotes');
  const big = await timed('generate big repository', () =>
    BenchRepo.generate(remotes, BIG, { files: scale.bigFiles, bytes: scale.bigBytes, seed: 1 }),
  );
  const small = await timed('generate small repository', () =>
    BenchRepo.generate(remotes, SMALL, {
      files: scale.smallFiles,
      bytes: scale.smallBytes,
      seed: 2,
    }),
  );
  const stack = await startBenchStack({
    tmp,
    prefix: 'bench-sync',
    repos: `${BIG}@main,${SMALL}@main`,
    remotes,
  });
  try {
    const full = await timed('full index + baseline', () => benchFullIndex(scale, tmp, stack, big));
    await timed('first sync of the small repository', () => firstSync(stack, small, scale));
    const search = await timed('search + git grep', () =>
      benchSearch(scale, tmp, stack.dataDir, big),
    );
    const bigEditor = new PushEditor(big, 11);
    const smallEditor = new PushEditor(small, 12);
    const bigSeries = await timed('pushes to the big repository', () =>
      pushSeries(stack, big, bigEditor, scale.freshnessPushes, scale.deliveryBytes),
    );
    const smallSeries = await timed('pushes to the small repository', () =>
      pushSeries(stack, small, smallEditor, scale.smallPushes, scale.deliveryBytes),
    );
    const burstSmall = await timed('burst, small repository', () =>
      benchBurst(scale, stack, small, smallEditor),
    );
    const burstBig = await timed('burst, big repository', () =>
      benchBurst(scale, stack, big, bigEditor),
    );
    const summary = profile
      ? await timed('profiled full index', () => profileFullIndex(tmp, stack, big, scale))
      : null;
    const whatIfs = profile
      ? await timed('what-if inserts', () =>
          runWhatIfs(tmp, full.mirror, full.event.to ?? big.head, WHAT_IF_FILES),
        )
      : [];
    const rows = [
      ...full.indexRows,
      incrementalRow(bigSeries, smallSeries),
      freshnessRow(scale, bigSeries, smallSeries),
      burstSmall,
      burstBig,
      ...search,
      full.memoryRow,
    ];
    return { rows, big, small, profile: summary, whatIfs };
  } finally {
    await stack.stop();
  }
}

async function firstSync(stack: BenchStack, repo: BenchRepo, scale: Scale): Promise<void> {
  const from = stack.logs.syncs.length;
  const answer = await stack.deliver(
    cloudPush(repo.key, 'main', null, repo.head, BENCH_SECRET, scale.deliveryBytes),
  );
  if (answer.status !== 202)
    throw new Error(`first delivery for ${repo.key} answered ${answer.status}`);
  await stack.logs.waitForSync((e) => e.repo === repo.key && e.to === repo.head, 120_000, from);
}
