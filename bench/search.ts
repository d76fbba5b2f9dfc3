import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { openIndexReadOnly, searchIndex } from '@codesync/core';
import type { BenchRepo } from './lib/bench-repo';
import { GIT_ENV, gitWithEnv } from './lib/git';
import { sampleQueries } from './lib/queries';
import type { Scale } from './lib/scale';
import { fmt, mb, percentile } from './lib/stats';
import { ratio, type Row } from './lib/table';

// codesync's default page of hits; git grep is stopped after as many matching lines.
const HIT_LIMIT = 50;
const QUERY_SEED = 7;

/**
 * Substring search: codesync's `searchIndex` over the SQLite index against `git grep -F -i`
 * over a checked-out tree of the same commit (files in the page cache, git's threads), with
 * the same queries, interleaved so both see the same machine state.
 */
export async function benchSearch(
  scale: Scale,
  tmp: string,
  dataDir: string,
  big: BenchRepo,
): Promise<Row[]> {
  const tree = path.join(tmp, 'grep-tree');
  const treeEnv = {
    GIT_DIR: big.bare,
    GIT_WORK_TREE: tree,
    GIT_INDEX_FILE: path.join(tmp, 'grep-index'),
  };
  mkdirSync(tree, { recursive: true });
  const checkoutStarted = performance.now();
  await gitWithEnv(tree, treeEnv, ['checkout', '-f', '-q', big.head, '--', '.']);
  const checkoutMs = performance.now() - checkoutStarted;

  const queries = sampleQueries(big.kept, scale.searchQueries, QUERY_SEED);
  const db = openIndexReadOnly(dataDir);
  const indexMs: number[] = [];
  const grepMs: number[] = [];
  let mismatched = 0;
  try {
    for (const query of queries.slice(0, 5)) {
      searchIndex(db, query, { repo: big.key, limit: HIT_LIMIT });
      await gitGrep(tree, treeEnv, query);
    }
    for (const query of queries) {
      const started = performance.now();
      const hits = searchIndex(db, query, { repo: big.key, limit: HIT_LIMIT });
      indexMs.push(performance.now() - started);
      const grep = await gitGrep(tree, treeEnv, query);
      grepMs.push(grep.ms);
      if (Math.min(hits.length, HIT_LIMIT) !== Math.min(grep.lines, HIT_LIMIT)) mismatched += 1;
    }
  } finally {
    db.close();
    rmSync(tree, { recursive: true, force: true });
  }
  const slowest = queries
    .map((query, i) => ({ query, ms: indexMs[i] ?? 0, grep: grepMs[i] ?? 0 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 3);
  return [
    searchRow(scale, big, {
      count: queries.length,
      indexMs,
      grepMs,
      mismatched,
      checkoutMs,
      slowest,
    }),
  ];
}

/** Runs `git grep -F -i -n` in the tree; stops it after HIT_LIMIT lines, as the index does. */
function gitGrep(
  tree: string,
  treeEnv: NodeJS.ProcessEnv,
  query: string,
): Promise<{ ms: number; lines: number }> {
  const started = performance.now();
  const child = spawn('git', ['grep', '--no-color', '-F', '-i', '-n', '-I', '-e', query], {
    cwd: tree,
    env: { ...GIT_ENV, ...treeEnv },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((resolve) => {
    let lines = 0;
    let ended = false;
    const finish = () => {
      if (ended) return;
      ended = true;
      resolve({ ms: performance.now() - started, lines });
    };
    child.stdout.on('data', (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i !== -1 && lines < HIT_LIMIT; i = chunk.indexOf(10, i + 1))
        lines += 1;
      if (lines >= HIT_LIMIT) {
        finish();
        child.kill('SIGKILL');
      }
    });
    child.on('close', finish);
  });
}

interface SearchRuns {
  count: number;
  indexMs: number[];
  grepMs: number[];
  mismatched: number;
  checkoutMs: number;
  slowest: Array<{ query: string; ms: number; grep: number }>;
}

function searchRow(scale: Scale, big: BenchRepo, runs: SearchRuns): Row {
  const { count, indexMs, grepMs, mismatched, checkoutMs, slowest } = runs;
  const p50 = percentile(indexMs, 50);
  const p99 = percentile(indexMs, 99);
  const g50 = percentile(grepMs, 50);
  const g99 = percentile(grepMs, 99);
  const met = p50 < g50;
  return {
    what: 'search',
    measure: `p50 / p99 of ${count} substring queries over ${fmt(mb(big.stats.bytes), 0)} MB indexed (first ${HIT_LIMIT} hits)`,
    figure: `${fmt(p50, 2)} / ${fmt(p99, 2)} ms`,
    baseline: `git grep ${fmt(g50, 1)} / ${fmt(g99, 1)} ms`,
    ratio: `${ratio(p50, g50)} (p50)`,
    target: 'p50 faster than git grep',
    met,
    note:
      `Queries sampled from the generated text (about 70% identifiers, 30% two- or three-word phrases), case-insensitive on both sides. ` +
      `Baseline: \`git grep -F -i -n -I\` over a checked-out tree of the same commit (checkout took ${fmt(checkoutMs / 1000, 1)} s, not counted), stopped after ${HIT_LIMIT} matching lines like the index's page of hits. ` +
      `${mismatched} of ${count} queries returned a different number of lines (up to ${HIT_LIMIT}) from the index than from git grep. ` +
      `Slowest in the index: ${slowest.map((s) => `"${s.query}" ${fmt(s.ms, 0)} ms (git grep ${fmt(s.grep, 0)} ms)`).join(', ')}; scale ${scale.name}.` +
      (met ? '' : ` Missed: index p50 ${fmt(p50, 2)} ms vs git grep ${fmt(g50, 1)} ms.`),
  };
}
