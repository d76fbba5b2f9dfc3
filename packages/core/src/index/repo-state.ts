import type { IndexDb } from './open-index';

/** What the index knows about one repository. */
export interface RepoState {
  repo: string;
  branch: string | null;
  indexedCommit: string | null;
  indexVersion: number | null;
  indexedAt: number | null;
  fileCount: number;
  lastAttemptAt: number | null;
  lastOutcome: string | null;
  lastError: string | null;
  lastErrorAt: number | null;
}

interface RepoRow {
  repo: string;
  branch: string | null;
  indexed_commit: string | null;
  index_version: number | null;
  indexed_at: number | null;
  file_count: number;
  last_attempt_at: number | null;
  last_outcome: string | null;
  last_error: string | null;
  last_error_at: number | null;
}

function fromRow(row: RepoRow): RepoState {
  return {
    repo: row.repo,
    branch: row.branch,
    indexedCommit: row.indexed_commit,
    indexVersion: row.index_version,
    indexedAt: row.indexed_at,
    fileCount: row.file_count,
    lastAttemptAt: row.last_attempt_at,
    lastOutcome: row.last_outcome,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
  };
}

/** The stored state of a repository, or null when it was never synced. */
export function readRepoState(db: IndexDb, repo: string): RepoState | null {
  const row = db.prepare('SELECT * FROM repos WHERE repo = ?').get(repo) as RepoRow | undefined;
  return row ? fromRow(row) : null;
}

/** Every repository the index has state for, by key. */
export function listRepoStates(db: IndexDb): RepoState[] {
  return (db.prepare('SELECT * FROM repos ORDER BY repo').all() as RepoRow[]).map(fromRow);
}

/** Records a completed sync: the new indexed commit, written in the sync's own transaction. */
export function recordIndexedCommit(
  db: IndexDb,
  state: { repo: string; branch: string; commit: string; indexVersion: number; outcome: string },
): void {
  const now = Date.now();
  db.prepare(
    `INSERT INTO repos (repo, branch, indexed_commit, index_version, indexed_at, file_count,
                        last_attempt_at, last_outcome, last_error, last_error_at)
     VALUES (@repo, @branch, @commit, @indexVersion, @now,
             (SELECT count(*) FROM files WHERE repo = @repo), @now, @outcome, NULL, NULL)
     ON CONFLICT (repo) DO UPDATE SET
       branch = excluded.branch, indexed_commit = excluded.indexed_commit,
       index_version = excluded.index_version, indexed_at = excluded.indexed_at,
       file_count = excluded.file_count, last_attempt_at = excluded.last_attempt_at,
       last_outcome = excluded.last_outcome, last_error = NULL, last_error_at = NULL`,
  ).run({ ...state, now });
}

/** Records an attempt that changed nothing (up to date) or failed; the index is untouched. */
export function recordAttempt(
  db: IndexDb,
  repo: string,
  outcome: string,
  error: string | null,
): void {
  const now = Date.now();
  db.prepare(
    `INSERT INTO repos (repo, last_attempt_at, last_outcome, last_error, last_error_at)
     VALUES (@repo, @now, @outcome, @error, CASE WHEN @error IS NULL THEN NULL ELSE @now END)
     ON CONFLICT (repo) DO UPDATE SET
       last_attempt_at = excluded.last_attempt_at, last_outcome = excluded.last_outcome,
       last_error = excluded.last_error, last_error_at = excluded.last_error_at`,
  ).run({ repo, now, outcome, error });
}
