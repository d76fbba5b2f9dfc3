import type { IndexDb } from '../index/open-index';
import type { PullRequestRecord } from '../queue/job-types';

/**
 * Stores a pull request unless the stored row is newer. Deliveries arrive in any order, so the
 * row only moves forward: by `updated_at`, then by Data Center's `version`. Returns whether
 * the row was written.
 */
export function upsertPullRequest(db: IndexDb, pr: PullRequestRecord, eventKey: string): boolean {
  const result = db
    .prepare(
      `INSERT INTO pull_requests (repo, id, title, description, author, state, source_branch,
         destination_branch, source_commit, created_at, updated_at, version, last_event)
       VALUES (@repo, @id, @title, @description, @author, @state, @sourceBranch,
         @destinationBranch, @sourceCommit, @createdAt, @updatedAt, @version, @eventKey)
       ON CONFLICT (repo, id) DO UPDATE SET
         title = excluded.title, description = excluded.description, author = excluded.author,
         state = excluded.state, source_branch = excluded.source_branch,
         destination_branch = excluded.destination_branch, source_commit = excluded.source_commit,
         created_at = excluded.created_at, updated_at = excluded.updated_at,
         version = excluded.version, last_event = excluded.last_event
       WHERE excluded.updated_at > pull_requests.updated_at
          OR (excluded.updated_at = pull_requests.updated_at
              AND coalesce(excluded.version, -1) >= coalesce(pull_requests.version, -1))`,
    )
    .run({ ...pr, eventKey });
  return result.changes > 0;
}

/** A stored pull request, as the CLI shows it. */
export interface StoredPullRequest extends PullRequestRecord {
  lastEvent: string;
}

/** Reads one pull request, or null. */
export function readPullRequest(db: IndexDb, repo: string, id: number): StoredPullRequest | null {
  const row = db.prepare('SELECT * FROM pull_requests WHERE repo = ? AND id = ?').get(repo, id) as
    Record<string, unknown> | undefined;
  if (!row) return null;
  return {
    repo: row.repo as string,
    id: row.id as number,
    title: row.title as string,
    description: row.description as string,
    author: row.author as string,
    state: row.state as PullRequestRecord['state'],
    sourceBranch: row.source_branch as string,
    destinationBranch: row.destination_branch as string,
    sourceCommit: (row.source_commit as string | null) ?? null,
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
    version: (row.version as number | null) ?? null,
    lastEvent: row.last_event as string,
  };
}
