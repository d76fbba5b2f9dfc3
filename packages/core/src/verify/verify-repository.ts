import { mirrorPath } from '../git/mirror-path';
import { hasCommit } from '../git/tree';
import type { IndexRules } from '../index/classify-file';
import type { IndexDb } from '../index/open-index';
import { readRepoState } from '../index/repo-state';
import { INDEX_VERSION } from '../index/schema';
import { compareIndexes } from './compare-indexes';
import { buildReferenceIndex } from './reference-index';
import type { VerifyReport } from './verify-report';

/** What verifying one repository found. Only `verified` carries a comparison. */
export type VerifyOutcome =
  | { kind: 'verified'; repo: string; report: VerifyReport }
  | { kind: 'not-indexed'; repo: string }
  | { kind: 'unverifiable'; repo: string; commit: string; reason: string };

export interface VerifyOptions {
  /** Data directory holding the bare mirrors (`mirrorPath`). */
  dataDir: string;
  repo: string;
  /** The rules the index should have been built with: those of the current configuration. */
  rules: IndexRules;
}

/**
 * Checks `repo`'s part of the index against a full rebuild of its indexed commit from the
 * mirror. Reads the index inside one read transaction, so a sync committing meanwhile cannot
 * make it compare two different commits. Never writes to `db`; a read-only connection is enough.
 */
export async function verifyRepository(
  db: IndexDb,
  options: VerifyOptions,
): Promise<VerifyOutcome> {
  const { repo, rules } = options;
  const ownTransaction = !db.inTransaction;
  if (ownTransaction) db.exec('BEGIN');
  try {
    const state = readRepoState(db, repo);
    const commit = state?.indexedCommit;
    if (!state || !commit) return { kind: 'not-indexed', repo };
    if (state.indexVersion !== INDEX_VERSION) {
      const reason = `indexed in format ${state.indexVersion}, this codesync writes`;
      return { kind: 'unverifiable', repo, commit, reason: `${reason} ${INDEX_VERSION}` };
    }
    const mirror = mirrorPath(options.dataDir, repo);
    if (!(await hasCommit(mirror, commit))) {
      return {
        kind: 'unverifiable',
        repo,
        commit,
        reason: `commit is not in the mirror ${mirror}`,
      };
    }

    const reference = await buildReferenceIndex(mirror, commit, repo, rules);
    try {
      return { kind: 'verified', repo, report: compareIndexes(db, reference, repo) };
    } finally {
      reference.close();
    }
  } finally {
    if (ownTransaction && db.inTransaction) db.exec('COMMIT');
  }
}
