import { INDEX_VERSION } from '../index/schema';
import type { RepoState } from '../index/repo-state';

/** Why a sync does what it does; logged and returned as the job's result. */
export type SyncReason =
  | 'up-to-date'
  | 'never-indexed'
  | 'index-format-changed'
  | 'rebuild-requested'
  | 'previous-commit-missing'
  | 'new-commits';

export type SyncPlan =
  | { mode: 'none'; reason: 'up-to-date' }
  | { mode: 'full'; reason: Exclude<SyncReason, 'up-to-date' | 'new-commits'> }
  | { mode: 'incremental'; reason: 'new-commits'; from: string };

/**
 * Decides how to bring a repository from its stored state to `tip`. Pure: the caller supplies
 * whether the previously indexed commit is still present in the mirror.
 */
export function planSync(
  state: RepoState | null,
  tip: string,
  options: { rebuild: boolean; previousCommitPresent: boolean },
): SyncPlan {
  if (options.rebuild) return { mode: 'full', reason: 'rebuild-requested' };
  if (!state?.indexedCommit) return { mode: 'full', reason: 'never-indexed' };
  if (state.indexVersion !== INDEX_VERSION) return { mode: 'full', reason: 'index-format-changed' };
  if (state.indexedCommit === tip) return { mode: 'none', reason: 'up-to-date' };
  if (!options.previousCommitPresent) return { mode: 'full', reason: 'previous-commit-missing' };
  return { mode: 'incremental', reason: 'new-commits', from: state.indexedCommit };
}
