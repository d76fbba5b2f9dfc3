import type { PullRequestJobData } from '../queue/job-types';
import type { DeliveryInput, MappedDelivery, RepoLookup, TrackedRepo } from './delivery-types';
import type { PullRequestFacts } from './pull-request-facts';
import { syncJob } from './sync-job';

// The events that say a merge just moved the destination branch.
const MERGE_EVENTS = new Set(['pullrequest:fulfilled', 'pr:merged']);

/**
 * Decides what a validated pull-request event means for codesync: ignored when the destination
 * repository is not configured; otherwise one upsert of the PR record, because the record is the
 * state and every event carries all of it. A merge event (`pullrequest:fulfilled`, `pr:merged`)
 * into the tracked branch (or into any branch when tracking the unknown default branch) also
 * asks for a sync, triggered by `pull-request`; it announces the merge commit as the new tip
 * only when the payload has a full hash for it and the destination is the tracked branch.
 */
export function mapPullRequest(
  facts: PullRequestFacts,
  input: DeliveryInput,
  lookup: RepoLookup,
): MappedDelivery {
  const { record } = facts;
  const tracked = lookup(record.repo);
  if (tracked === undefined) {
    return { outcome: 'ignored', reason: `repository_not_configured: ${record.repo}` };
  }

  const upsert: PullRequestJobData = { pullRequest: record, eventKey: input.eventKey };
  if (input.deliveryId !== undefined) upsert.deliveryId = input.deliveryId;

  const label = `pull request ${record.repo}#${record.id} ${record.state.toLowerCase()}`;
  if (!MERGE_EVENTS.has(input.eventKey) || !mergesIntoTracked(record.destinationBranch, tracked)) {
    return { outcome: 'queue', syncs: [], pullRequests: [upsert], summary: label };
  }

  const tip = tracked.branch === null ? undefined : facts.mergeCommit;
  return {
    outcome: 'queue',
    syncs: [syncJob(record.repo, 'pull-request', input, tip)],
    pullRequests: [upsert],
    summary: `${label}; sync ${record.repo} (${record.destinationBranch})`,
  };
}

function mergesIntoTracked(destination: string, tracked: TrackedRepo): boolean {
  return tracked.branch === null || tracked.branch === destination;
}
