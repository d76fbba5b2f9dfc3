import type { PullRequestRecord } from '../queue/job-types';
import { assertBranchName, isAbbreviatedHash, normalizeRepoKey } from '../validate/identifiers';
import { checkedField } from './checked-field';
import { parsePayload } from './parse-payload';
import type { PullRequestFacts } from './pull-request-facts';
import { cloudPullRequestSchema, type CloudPullRequest } from './schemas';
import { toIsoTime } from './to-iso-time';

type CloudAuthor = CloudPullRequest['pullrequest']['author'];

/**
 * Reads a Bitbucket Cloud `pullrequest:*` body into a validated pull-request record for the
 * destination repository (the top-level `repository`; for a PR from a fork the source lives
 * elsewhere). Times become ISO UTC; `sourceCommit` keeps Cloud's abbreviated hash, or is null
 * when it is not hex. Cloud has no version counter, so `version` is null.
 * Throws `PayloadValidationError`.
 */
export function readCloudPullRequest(body: unknown): PullRequestFacts {
  const payload = parsePayload(cloudPullRequestSchema, body);
  const pr = payload.pullrequest;
  const hash = pr.source.commit?.hash;

  const record: PullRequestRecord = {
    repo: checkedField('repository.full_name', () =>
      normalizeRepoKey(payload.repository.full_name),
    ),
    id: pr.id,
    title: pr.title,
    description: pr.description ?? '',
    author: authorName(pr.author),
    state: pr.state,
    sourceBranch: checkedField('pullrequest.source.branch.name', () =>
      assertBranchName(pr.source.branch.name),
    ),
    destinationBranch: checkedField('pullrequest.destination.branch.name', () =>
      assertBranchName(pr.destination.branch.name),
    ),
    sourceCommit: isAbbreviatedHash(hash) ? hash : null,
    createdAt: toIsoTime(pr.created_on, 'pullrequest.created_on'),
    updatedAt: toIsoTime(pr.updated_on, 'pullrequest.updated_on'),
    version: null,
  };
  return { record };
}

// Prefer the account's display name; a commit-style author has only `raw`
// ("Name <email>"), of which the name part is kept so no address is stored.
function authorName(author: CloudAuthor): string {
  const named =
    author?.display_name ??
    author?.nickname ??
    author?.user?.display_name ??
    author?.user?.nickname;
  if (named) return named;

  const raw = author?.raw ?? '';
  const bracket = raw.indexOf('<');
  return (bracket >= 0 ? raw.slice(0, bracket) : raw).trim();
}
