import { classifyEvent } from './classify-event';
import type { DeliveryInput, MappedDelivery, RepoLookup } from './delivery-types';
import { mapPullRequest } from './map-pull-request';
import { mapPush } from './map-push';
import { readCloudPullRequest } from './read-cloud-pull-request';
import { readCloudPush } from './read-cloud-push';
import { readDataCenterPullRequest } from './read-data-center-pull-request';
import { readDataCenterPush } from './read-data-center-push';

export type { DeliveryInput, MappedDelivery, RepoLookup, TrackedRepo } from './delivery-types';
export { PayloadValidationError } from './payload-validation-error';

// Event keys come from a header; keep the echo of an unknown one short and printable.
const KEY_ECHO_LIMIT = 64;

/**
 * Turns one verified delivery into the work it asks for, without any I/O.
 *
 * - `diagnostics:ping` → `ping`.
 * - Pushes (`repo:push`, `repo:refs_changed`) → one sync job, or `ignored` when the repository
 *   is not configured or the push touches no tracked branch (see `mapPush`).
 * - Pull-request events (Cloud `pullrequest:*`, Data Center `pr:*`, including comment and
 *   reviewer events) → one PR upsert, plus a sync when a merge moved the tracked branch
 *   (see `mapPullRequest`).
 * - `pr:deleted` and every other key → `ignored`.
 *
 * The event key alone picks the body shape: the products' keys do not overlap, and a Server
 * plugin that predates native webhooks sent Cloud-shaped `repo:push`, which therefore still
 * parses. `platform` is not consulted.
 *
 * Every string in the result (repository key, branch names, hashes, dates, event key) has been
 * validated. A handled event whose body is malformed throws `PayloadValidationError`, and
 * nothing else is thrown for any body; errors thrown by `lookup` propagate unchanged.
 */
export function mapDelivery(input: DeliveryInput, lookup: RepoLookup): MappedDelivery {
  switch (classifyEvent(input.eventKey)) {
    case 'ping':
      return { outcome: 'ping' };
    case 'cloud-push':
      return mapPush(readCloudPush(input.body), input, lookup);
    case 'data-center-push':
      return mapPush(readDataCenterPush(input.body), input, lookup);
    case 'cloud-pull-request':
      return mapPullRequest(readCloudPullRequest(input.body), input, lookup);
    case 'data-center-pull-request':
      return mapPullRequest(readDataCenterPullRequest(input.body), input, lookup);
    case 'pull-request-deleted':
      // Known gap: PullRequestRecord has no "deleted" state and there is no delete job, so a
      // deleted PR keeps its last state in the index until it is removed by other means.
      return { outcome: 'ignored', reason: 'pull_request_deleted_not_supported: pr:deleted' };
    case 'not-handled':
      return { outcome: 'ignored', reason: `event_not_handled: ${echoKey(input.eventKey)}` };
  }
}

function echoKey(eventKey: string): string {
  if (eventKey === '') return '(empty)';
  const printable = eventKey.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > KEY_ECHO_LIMIT ? `${printable.slice(0, KEY_ECHO_LIMIT)}…` : printable;
}
