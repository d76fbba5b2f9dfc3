import type { DeliveryInput, MappedDelivery, RepoLookup, TrackedRepo } from './delivery-types';
import type { PushFacts } from './push-facts';
import { syncJob } from './sync-job';

// Enough branch names to explain a skip in a log line without echoing a huge push.
const NAMES_SHOWN = 5;

/**
 * Decides what a validated push means for codesync: ignored when the repository is not
 * configured, or when no branch change touches the tracked branch (with `branch: null`, the
 * unknown default branch, any branch change counts; tag changes never do). A push that lists no
 * changes, or that Bitbucket marked truncated, is synced anyway, since a sync converges on the
 * remote tip and costs little when nothing changed. Produces exactly one sync job; its
 * `announcedTip` is the tracked branch's new hash when the push names it and did not delete it.
 */
export function mapPush(
  facts: PushFacts,
  input: DeliveryInput,
  lookup: RepoLookup,
): MappedDelivery {
  const tracked = lookup(facts.repo);
  if (tracked === undefined) {
    return { outcome: 'ignored', reason: `repository_not_configured: ${facts.repo}` };
  }

  const touching = facts.branches.filter(
    (change) => tracked.branch === null || change.branch === tracked.branch,
  );
  const listsNothing = facts.branches.length === 0 && facts.otherRefs === 0;
  const unsure = facts.truncated || listsNothing;
  if (touching.length === 0 && !unsure) {
    return { outcome: 'ignored', reason: skipReason(facts, tracked) };
  }

  // Should a delivery list the tracked branch twice, the later entry wins.
  const tip = tracked.branch === null ? undefined : (touching.at(-1)?.tip ?? undefined);
  const branchLabel = tracked.branch ?? 'default branch';
  const note = touching.length > 0 ? '' : listsNothing ? ', push listed no changes' : ', truncated';
  return {
    outcome: 'queue',
    syncs: [syncJob(facts.repo, 'push', input, tip)],
    pullRequests: [],
    summary: `sync ${facts.repo} (${branchLabel}${note})`,
  };
}

function skipReason(facts: PushFacts, tracked: TrackedRepo): string {
  if (facts.branches.length === 0) {
    return `no_branch_changes: ${facts.otherRefs} tag or other ref change(s)`;
  }

  const names = [...new Set(facts.branches.map((change) => change.branch))];
  const shown = names.slice(0, NAMES_SHOWN).join(', ');
  const more = names.length > NAMES_SHOWN ? ` and ${names.length - NAMES_SHOWN} more` : '';
  return `branch_not_tracked: ${shown}${more} (tracking ${tracked.branch})`;
}
