import Database from 'better-sqlite3';
import { readBlobs } from '../git/read-blobs';
import { applyChangeSet } from '../index/apply-changes';
import type { IndexRules } from '../index/classify-file';
import type { IndexDb } from '../index/open-index';
import { INDEX_VERSION, SCHEMA_SQL } from '../index/schema';
import { AsyncMutex, withWriteTransaction } from '../sync/write-transaction';
import { assertFullHash } from '../validate/identifiers';
import { fullChangeSet } from '../sync/full-change-set';

/**
 * Builds what a full rebuild of `repo` at `commit` would store, through the sync's own write
 * path (`applyChangeSet` over every path of the tree, read from the bare mirror), into a
 * private temporary SQLite database. Its `repos` row records `commit` with a null branch.
 * The caller owns the result and must `close()` it, which deletes it. This is the oracle that
 * `verify` and the sync's property tests compare an incrementally maintained index against.
 */
export async function buildReferenceIndex(
  mirrorDir: string,
  commit: string,
  repo: string,
  rules: IndexRules,
): Promise<IndexDb> {
  assertFullHash(commit);
  // An empty file name gives a temporary on-disk database that SQLite deletes on close: large
  // repositories spill to disk instead of holding every file's content in memory.
  const db = new Database('');
  try {
    db.exec(SCHEMA_SQL);
    const changes = await fullChangeSet(mirrorDir, commit, rules);
    const blobs = (oids: readonly string[]) => readBlobs(mirrorDir, oids, rules.maxFileBytes);
    await withWriteTransaction(db, new AsyncMutex(), async () => {
      await applyChangeSet(db, repo, changes, blobs, rules);
      recordReferenceCommit(db, repo, commit);
    });
    return db;
  } catch (error) {
    db.close();
    throw new Error(`building the reference index of ${repo} at ${commit}`, { cause: error });
  }
}

function recordReferenceCommit(db: IndexDb, repo: string, commit: string): void {
  db.prepare(
    `INSERT INTO repos (repo, indexed_commit, index_version, indexed_at, file_count, last_outcome)
     VALUES (@repo, @commit, @version, @now,
             (SELECT count(*) FROM files WHERE repo = @repo), 'reference')`,
  ).run({ repo, commit, version: INDEX_VERSION, now: Date.now() });
}
