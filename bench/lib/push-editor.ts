import { setTimeout as sleep } from 'node:timers/promises';
import { searchIndex, type IndexDb } from '@codesync/core';
import { Random } from '../corpus/random';
import type { BenchRepo } from './bench-repo';

/** One file edit that adds a marker nobody else has written. */
export interface MarkedEdit {
  path: string;
  content: string;
  marker: string;
}

const COMMENT: Record<string, string> = {
  ts: '// ',
  js: '// ',
  go: '// ',
  java: '// ',
  py: '# ',
  md: '',
};

/**
 * Makes one-file edits to a generated repository: each appends a comment holding a unique
 * marker to the next kept file, so a search for the marker tells when that push is indexed.
 */
export class PushEditor {
  private readonly contents = new Map<string, string>();
  private readonly rng: Random;
  private cursor = 0;

  constructor(
    private readonly repo: BenchRepo,
    seed: number,
  ) {
    this.rng = new Random(seed);
  }

  next(label: string): MarkedEdit {
    const file = this.repo.kept[this.cursor++ % this.repo.kept.length]!;
    const marker = `${label}${this.rng.hex(12)}`;
    const before = this.contents.get(file.path) ?? file.content;
    const content = `${before}${COMMENT[file.kind] ?? ''}${marker} added by a benchmark push\n`;
    this.contents.set(file.path, content);
    return { path: file.path, content, marker };
  }
}

/** Polls the index every `intervalMs` until `marker` is found; resolves with the time found. */
export async function waitSearchable(
  db: IndexDb,
  repo: string,
  marker: string,
  timeoutMs: number,
  intervalMs = 5,
): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (searchIndex(db, marker, { repo, limit: 1 }).length > 0) return performance.now();
    await sleep(intervalMs);
  }
  throw new Error(`${marker} was not searchable in ${repo} within ${timeoutMs} ms`);
}
