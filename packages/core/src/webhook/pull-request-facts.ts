import type { PullRequestRecord } from '../queue/job-types';

/** A pull request read from a webhook, with every field validated. */
export interface PullRequestFacts {
  record: PullRequestRecord;
  /** Full hash of the commit a merge left on the destination branch, when the payload says. */
  mergeCommit?: string;
}
