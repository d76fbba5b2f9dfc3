/**
 * The data carried by codesync's BullMQ jobs. Kept deliberately small: a sync job says only
 * "bring this repository to the tip of its tracked branch", because the worker always diffs
 * from the commit stored in SQLite to the remote tip, so what a webhook claims is a hint only.
 */

/** Why a sync was asked for; recorded in logs and job results. */
export type SyncTrigger = 'push' | 'pull-request' | 'reconcile' | 'manual' | 'bootstrap' | 'repair';

export interface SyncJobData {
  /** Normalised repository key, e.g. `acme/widgets` (lower-case). */
  repo: string;
  trigger: SyncTrigger;
  /** Delivery id of the webhook that caused this job, to tie logs together across processes. */
  deliveryId?: string;
  /** Epoch ms when the receiver accepted the push; used for the sync-lag metric. */
  acceptedAt: number;
  /** Tip the webhook announced for the tracked branch, if any (a hint; never trusted for diffs). */
  announcedTip?: string;
}

export type PullRequestState = 'OPEN' | 'MERGED' | 'DECLINED' | 'SUPERSEDED';

/** A pull request normalised from either a Cloud or a Data Center payload. */
export interface PullRequestRecord {
  repo: string;
  id: number;
  title: string;
  description: string;
  /** Display name or account name of the author. */
  author: string;
  state: PullRequestState;
  sourceBranch: string;
  destinationBranch: string;
  /** Commit hash as the payload carries it (Cloud sends 12-hex abbreviations). */
  sourceCommit: string | null;
  /** ISO-8601 UTC timestamps. */
  createdAt: string;
  updatedAt: string;
  /** Data Center's optimistic-locking version; null on Cloud. Breaks ties between equal updatedAt. */
  version: number | null;
}

export interface PullRequestJobData {
  pullRequest: PullRequestRecord;
  eventKey: string;
  deliveryId?: string;
}
