import type { PullRequestRecord } from '../queue/job-types';
import {
  assertBranchName,
  isAbbreviatedHash,
  isFullHash,
  isNullHash,
  normalizeRepoKey,
} from '../validate/identifiers';
import { checkedField } from './checked-field';
import { parsePayload } from './parse-payload';
import type { PullRequestFacts } from './pull-request-facts';
import { dataCenterPullRequestSchema } from './schemas';
import { toIsoTime } from './to-iso-time';

/**
 * Reads a Bitbucket Data Center `pr:*` body into a validated pull-request record for the
 * destination repository (`toRef.repository`). Epoch-ms (or ISO) dates become ISO UTC; the
 * author is the user's display name, else account name; `version` is Data Center's
 * optimistic-locking version. `mergeCommit` is set from `properties.mergeCommit.id` when that is
 * a full, non-zero hash. Throws `PayloadValidationError`.
 */
export function readDataCenterPullRequest(body: unknown): PullRequestFacts {
  const pr = parsePayload(dataCenterPullRequestSchema, body).pullRequest;
  const { project, slug } = pr.toRef.repository;
  const latest = pr.fromRef.latestCommit;
  const merge = pr.properties?.mergeCommit?.id;

  const record: PullRequestRecord = {
    repo: checkedField('pullRequest.toRef.repository', () =>
      normalizeRepoKey(`${project.key}/${slug}`),
    ),
    id: pr.id,
    title: pr.title,
    description: pr.description ?? '',
    author: pr.author.user.displayName || pr.author.user.name,
    state: pr.state,
    sourceBranch: checkedField('pullRequest.fromRef.displayId', () =>
      assertBranchName(pr.fromRef.displayId),
    ),
    destinationBranch: checkedField('pullRequest.toRef.displayId', () =>
      assertBranchName(pr.toRef.displayId),
    ),
    sourceCommit: isAbbreviatedHash(latest) ? latest : null,
    createdAt: toIsoTime(pr.createdDate, 'pullRequest.createdDate'),
    updatedAt: toIsoTime(pr.updatedDate, 'pullRequest.updatedDate'),
    version: pr.version,
  };
  const usableMerge = isFullHash(merge) && !isNullHash(merge);
  return usableMerge ? { record, mergeCommit: merge } : { record };
}
