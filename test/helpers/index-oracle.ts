import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AsyncMutex,
  createLogger,
  openIndex,
  syncRepository,
  type IndexDb,
  type IndexRules,
  type RepoConfig,
} from '@codesync/core';

/** `path -> blob id` of what the index holds for a repository. */
export function indexedTree(db: IndexDb, repo: string): Map<string, string> {
  const rows = db
    .prepare('SELECT path, blob FROM files WHERE repo = ? ORDER BY path')
    .all(repo) as Array<{
    path: string;
    blob: string;
  }>;
  return new Map(rows.map((r) => [r.path, r.blob]));
}

/** Sorted `[path, blob]` pairs, for readable equality assertions. */
export function sortedEntries(tree: Map<string, string>): Array<[string, string]> {
  return [...tree.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Everything the index derives for a repository, in a stable order, for equality checks. */
export interface IndexDump {
  files: unknown[];
  imports: unknown[];
}

/** Dumps files (with content) and import edges of one repository. */
export function dumpIndex(db: IndexDb, repo: string): IndexDump {
  return {
    files: db
      .prepare(
        'SELECT path, blob, mode, language, size, status, content FROM files WHERE repo = ? ORDER BY path',
      )
      .all(repo),
    imports: db
      .prepare(
        'SELECT from_path, specifier, kind, target_key, target FROM imports WHERE repo = ? ORDER BY from_path, specifier, kind',
      )
      .all(repo),
  };
}

/** Fails loudly when the FTS index disagrees with the files table. */
export function checkFtsIntegrity(db: IndexDb): void {
  db.prepare("INSERT INTO files_fts(files_fts, rank) VALUES ('integrity-check', 1)").run();
}

export const DEFAULT_RULES: IndexRules = {
  maxFileBytes: 64 * 1024,
  skipDirs: ['node_modules', 'vendor'],
};

/** What a sync needs, pointed at a data directory. */
export function syncEnvironment(dataDir: string, gitUrlTemplate: string, rules = DEFAULT_RULES) {
  return {
    db: openIndex(dataDir),
    writeMutex: new AsyncMutex(),
    dataDir,
    gitUrlTemplate,
    gitAuth: null,
    rules,
    log: createLogger('test', 'silent'),
  };
}

/**
 * The oracle of every consistency test: a full index of the remote's current tip, built from
 * scratch in a fresh data directory by the same sync code.
 */
export async function fullRebuildDump(
  gitUrlTemplate: string,
  repo: RepoConfig,
  rules = DEFAULT_RULES,
): Promise<IndexDump> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'codesync-oracle-'));
  const env = syncEnvironment(dir, gitUrlTemplate, rules);
  try {
    const result = await syncRepository(env, repo);
    if (result.outcome !== 'full')
      throw new Error(`oracle sync was ${result.outcome}, expected full`);
    checkFtsIntegrity(env.db);
    return dumpIndex(env.db, repo.key);
  } finally {
    env.db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
