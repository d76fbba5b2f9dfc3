import {
  upsertPullRequest,
  type IndexDb,
  type Logger,
  type PullRequestJobData,
} from '@codesync/core';
import type { Job } from 'bullmq';

/** Builds the BullMQ processor of pull-request jobs. */
export function createPullRequestProcessor(db: IndexDb, log: Logger) {
  return async (job: Job<PullRequestJobData>): Promise<{ written: boolean }> => {
    const { pullRequest, eventKey, deliveryId } = job.data;
    const written = upsertPullRequest(db, pullRequest, eventKey);
    log.info(
      {
        repo: pullRequest.repo,
        pr: pullRequest.id,
        state: pullRequest.state,
        eventKey,
        deliveryId,
        jobId: job.id,
        written,
      },
      written ? 'pull request stored' : 'pull request event older than stored state; ignored',
    );
    return { written };
  };
}
