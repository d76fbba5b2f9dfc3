import { rmSync } from 'node:fs';
import path from 'node:path';
import { ftsBaseline, type BaselineRun, type FtsVariant } from './lib/fts-baseline';

/** One what-if measurement: the same blobs into another table layout or setting. */
export interface WhatIf {
  name: string;
  run: BaselineRun;
}

const VARIANTS: Array<[string, FtsVariant]> = [
  ['bare FTS5 trigram table (the full-index baseline)', {}],
  [
    "codesync's tables as they are (files + external-content FTS5, each row's FTS entry written by a second statement)",
    { schema: 'codesync' },
  ],
  [
    "codesync's tables with the FTS5 entry written by an insert trigger (the earlier layout)",
    { schema: 'codesync', insertTrigger: true },
  ],
  ["codesync's tables with FTS5 `detail=column`", { schema: 'codesync', detail: 'column' }],
  [
    "codesync's tables with a 64 MB page cache (`cache_size = -65536`)",
    { schema: 'codesync', cacheKiB: 65_536 },
  ],
];

/**
 * Inserts the first `maxFiles` blobs of `commit` under each variant, one after another, to
 * show what the SQLite layout alone costs, without codesync's JavaScript (import extraction,
 * resolution). Evidence for the optimisation proposals; only run with BENCH_PROFILE=1.
 */
export async function runWhatIfs(
  tmp: string,
  mirror: string,
  commit: string,
  maxFiles: number,
): Promise<WhatIf[]> {
  const best = new Map<number, BaselineRun>();
  // Two passes in opposite orders, keeping each variant's faster run: the machine is shared.
  for (const order of [
    VARIANTS.map((_, i) => i),
    VARIANTS.map((_, i) => VARIANTS.length - 1 - i),
  ]) {
    for (const i of order) {
      const file = path.join(tmp, `what-if-${i}.sqlite`);
      const run = await ftsBaseline(mirror, commit, file, { ...VARIANTS[i]![1], maxFiles });
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
      const previous = best.get(i);
      if (!previous || run.ms < previous.ms) best.set(i, run);
    }
  }
  return VARIANTS.map(([name], i) => ({ name, run: best.get(i)! }));
}
