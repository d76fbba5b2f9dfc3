import type { PullRequestJobData, SyncJobData } from '../queue/job-types';
import type { Platform } from './platform';

/** How codesync tracks a configured repository. */
export interface TrackedRepo {
  /** The branch codesync indexes; null means the repository's default branch, whose name the
   *  receiver does not know, so a change to any branch may be relevant. */
  branch: string | null;
}

/** Returns the tracking configuration for a normalised repository key, or undefined when the
 *  repository is not configured. */
export type RepoLookup = (repoKey: string) => TrackedRepo | undefined;

/** One verified webhook delivery, with its JSON body already parsed. */
export interface DeliveryInput {
  /** The `X-Event-Key` header. */
  eventKey: string;
  platform: Platform;
  /** From `deliveryIdOf`; copied into every job as given. */
  deliveryId?: string;
  body: unknown;
  /** Epoch ms when the receiver accepted the request; becomes `SyncJobData.acceptedAt`. */
  receivedAt: number;
}

/** What a receiver should do with a delivery. */
export type MappedDelivery =
  | { outcome: 'ping' }
  /** Nothing to do. `reason` is a stable snake_case code, a colon and a detail. */
  | { outcome: 'ignored'; reason: string }
  | {
      outcome: 'queue';
      syncs: SyncJobData[];
      pullRequests: PullRequestJobData[];
      /** One line for logs, e.g. `sync acme/widgets (main)`. */
      summary: string;
    };
