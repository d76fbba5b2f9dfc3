import { repoCloneUrl } from '../config/repo-url';
import type { RepoConfig } from '../config/parse-repos';
import { mirrorPath } from '../git/mirror-path';
import { readBlobs } from '../git/read-blobs';
import { ensureMirror, fetchBranch, readRemoteTip, type RemoteSpec } from '../git/remote';
import { diffTrees, hasCommit } from '../git/tree';
import { applyChangeSet, type ApplyStats, type ChangeSet } from '../index/apply-changes';
import { isSkippedPath, type IndexRules } from '../index/classify-file';
import type { IndexDb } from '../index/open-index';
import { readRepoState, recordAttempt, recordIndexedCommit } from '../index/repo-state';
import { INDEX_VERSION } from '../index/schema';
import type { Logger } from '../logger';
import { fullChangeSet } from './full-change-set';
import { planSync, type SyncReason } from './plan-sync';
import { type AsyncMutex, withWriteTransaction } from './write-transaction';

/** What a sync needs from its process. */
export interface SyncEnvironment {
  db: IndexDb;
  writeMutex: AsyncMutex;
  dataDir: string;
  gitUrlTemplate: string;
  gitAuth: RemoteSpec['auth'];
  rules: IndexRules;
  log: Logger;
}

/** The outcome of one sync, returned as the BullMQ job's result. */
export interface SyncResult {
  repo: string;
  outcome: 'up-to-date' | 'incremental' | 'full' | 'branch-missing';
  reason: SyncReason | 'branch-missing';
  branch: string | null;
  from: string | null;
  to: string | null;
  stats: ApplyStats | null;
  durationMs: number;
}

/**
 * Brings one repository's index to the current tip of its tracked branch. Convergent and
 * idempotent: it diffs from the commit stored in SQLite, never from what a webhook said, so a
 * duplicate, late or missing delivery changes nothing about the end state.
 */
export async function syncRepository(
  env: SyncEnvironment,
  repo: RepoConfig,
  options: { rebuild?: boolean } = {},
): Promise<SyncResult> {
  const started = performance.now();
  const spec: RemoteSpec = {
    cloneUrl: repoCloneUrl(env.gitUrlTemplate, repo.remoteName ?? repo.key),
    auth: env.gitAuth,
  };
  const state = readRepoState(env.db, repo.key);
  const base = { repo: repo.key, from: state?.indexedCommit ?? null, stats: null };
  const done = (result: Omit<SyncResult, 'durationMs'>): SyncResult => ({
    ...result,
    durationMs: Math.round(performance.now() - started),
  });

  const remote = await readRemoteTip(spec, repo.branch);
  if (!remote) {
    // The tracked branch is gone upstream: keep the last good index rather than empty it.
    recordAttempt(
      env.db,
      repo.key,
      'branch-missing',
      repo.branch
        ? `branch ${repo.branch} not found on the remote`
        : `the remote's default branch (HEAD) points to no commit; name the branch in CODESYNC_REPOS, e.g. ${repo.key}@main`,
    );
    return done({
      ...base,
      outcome: 'branch-missing',
      reason: 'branch-missing',
      branch: repo.branch,
      to: null,
    });
  }
  const quickPlan = planSync(state, remote.tip, {
    rebuild: Boolean(options.rebuild),
    previousCommitPresent: true,
  });
  const upToDate = (to: string): SyncResult => {
    recordAttempt(env.db, repo.key, 'up-to-date', null);
    return done({
      ...base,
      outcome: 'up-to-date',
      reason: 'up-to-date',
      branch: remote.branch,
      to,
    });
  };
  // The cheap path: the remote's tip is already indexed, so nothing is fetched at all.
  if (quickPlan.mode === 'none' && state?.branch === remote.branch) return upToDate(remote.tip);

  const mirror = mirrorPath(env.dataDir, repo.key);
  await ensureMirror(mirror);
  const tip = await fetchBranch(spec, mirror, remote.branch);
  const previousCommitPresent = state?.indexedCommit
    ? await hasCommit(mirror, state.indexedCommit)
    : false;
  const plan = planSync(state, tip, { rebuild: Boolean(options.rebuild), previousCommitPresent });
  if (plan.mode === 'none') return upToDate(tip);
  // A first index is routine; any other full rebuild means something was lost or changed.
  if (plan.mode === 'full' && plan.reason === 'never-indexed') {
    env.log.info({ reason: plan.reason, tip }, 'first full index of repository');
  } else if (plan.mode === 'full') {
    env.log.warn({ reason: plan.reason, tip }, 'full rebuild of repository index');
  }

  const changes =
    plan.mode === 'full'
      ? await fullChangeSet(mirror, tip, env.rules)
      : await incrementalChangeSet(mirror, plan.from, tip, env.rules);
  const stats = await withWriteTransaction(env.db, env.writeMutex, async () => {
    const applied = await applyChangeSet(
      env.db,
      repo.key,
      changes,
      (oids) => readBlobs(mirror, oids, env.rules.maxFileBytes),
      env.rules,
    );
    recordIndexedCommit(env.db, {
      repo: repo.key,
      branch: remote.branch,
      commit: tip,
      indexVersion: INDEX_VERSION,
      outcome: plan.mode,
    });
    return applied;
  });
  return done({
    ...base,
    outcome: plan.mode,
    reason: plan.reason,
    branch: remote.branch,
    to: tip,
    stats,
  });
}

/** The paths that differ between the indexed commit and the tip. */
async function incrementalChangeSet(
  mirror: string,
  from: string,
  tip: string,
  rules: IndexRules,
): Promise<ChangeSet> {
  const changes = (await diffTrees(mirror, from, tip)).filter((c) => !isSkippedPath(c.path, rules));
  const upserts = changes.flatMap((c) =>
    c.newOid && c.newMode ? [{ path: c.path, mode: c.newMode, oid: c.newOid }] : [],
  );
  return {
    wipe: false,
    upserts,
    deletes: changes.filter((c) => c.status === 'D').map((c) => c.path),
    added: changes.filter((c) => c.status === 'A').map((c) => c.path),
  };
}
