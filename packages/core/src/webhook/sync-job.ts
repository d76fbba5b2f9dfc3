import type { SyncJobData, SyncTrigger } from '../queue/job-types';
import type { DeliveryInput } from './delivery-types';

/**
 * Builds the one sync job a delivery can produce. `acceptedAt` is the delivery's `receivedAt`;
 * optional fields are left out rather than set to undefined, so jobs compare and serialise
 * cleanly.
 */
export function syncJob(
  repo: string,
  trigger: SyncTrigger,
  input: DeliveryInput,
  announcedTip: string | undefined,
): SyncJobData {
  const job: SyncJobData = { repo, trigger, acceptedAt: input.receivedAt };
  if (input.deliveryId !== undefined) job.deliveryId = input.deliveryId;
  if (announcedTip !== undefined) job.announcedTip = announcedTip;
  return job;
}
