import type { RepoConfig, RepoState } from '@codesync/core';
import { isoTime } from './time';

/** One repository's line of `codesync status --json`. Times are ISO-8601 UTC or null. */
export interface RepoStatus {
  repo: string;
  /** False for a repository the index still holds but CODESYNC_REPOS no longer lists. */
  configured: boolean;
  /** Branch from CODESYNC_REPOS; null means the remote's default branch (or not configured). */
  trackedBranch: string | null;
  /** True when the index has no state at all for the repository. */
  neverSynced: boolean;
  branch: string | null;
  indexedCommit: string | null;
  fileCount: number;
  indexedAt: string | null;
  lastAttemptAt: string | null;
  lastOutcome: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

/**
 * Joins the configured repositories with the states the index holds: every configured one
 * (never synced when it has no state) plus every indexed one, ordered by key.
 */
export function repoStatuses(
  configured: readonly RepoConfig[],
  states: readonly RepoState[],
): RepoStatus[] {
  const byKey = new Map(states.map((state) => [state.repo, state]));
  const tracked = new Map(configured.map((repo) => [repo.key, repo]));
  const keys = [...new Set([...tracked.keys(), ...byKey.keys()])].sort();
  return keys.map((repo) => {
    const state = byKey.get(repo) ?? null;
    return {
      repo,
      configured: tracked.has(repo),
      trackedBranch: tracked.get(repo)?.branch ?? null,
      neverSynced: state === null,
      branch: state?.branch ?? null,
      indexedCommit: state?.indexedCommit ?? null,
      fileCount: state?.fileCount ?? 0,
      indexedAt: isoTime(state?.indexedAt ?? null),
      lastAttemptAt: isoTime(state?.lastAttemptAt ?? null),
      lastOutcome: state?.lastOutcome ?? null,
      lastError: state?.lastError ?? null,
      lastErrorAt: isoTime(state?.lastErrorAt ?? null),
    };
  });
}
