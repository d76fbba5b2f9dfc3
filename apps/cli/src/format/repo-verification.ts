import type { VerifyOutcome, VerifyReport } from '@codesync/core';

/** One repository's entry in `codesync verify --json`. */
export interface RepoVerification {
  repo: string;
  /** `ok` only when the index equals a full rebuild of its commit. */
  result: 'ok' | 'differs' | 'not-indexed' | 'unverifiable';
  commit: string | null;
  /** Why the repository could not be verified, for `unverifiable`. */
  reason: string | null;
  report: VerifyReport | null;
  /** Id of the sync `--repair` queued to rebuild the repository, or null. */
  repairJobId: string | null;
}

/** The CLI's view of a core verification outcome. */
export function repoVerification(outcome: VerifyOutcome): RepoVerification {
  const base = { repo: outcome.repo, reason: null, report: null, repairJobId: null };
  switch (outcome.kind) {
    case 'not-indexed':
      return { ...base, result: 'not-indexed', commit: null };
    case 'unverifiable':
      return { ...base, result: 'unverifiable', commit: outcome.commit, reason: outcome.reason };
    case 'verified': {
      const { report } = outcome;
      return { ...base, result: report.ok ? 'ok' : 'differs', commit: report.commit, report };
    }
  }
}
