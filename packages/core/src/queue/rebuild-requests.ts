import type { Redis } from 'ioredis';
import { normalizeRepoKey } from '../validate/identifiers';

/**
 * Key of the Redis set of repositories whose next sync must rebuild from scratch. The sync
 * processor removes a repository from it when its sync starts (and puts it back if that sync
 * fails), so a request survives until a rebuild has succeeded.
 */
export function rebuildRequestsKey(prefix: string): string {
  return `${prefix}:rebuild-requests`;
}

/**
 * Asks for a full rebuild of `repo` at its next sync. Call it before enqueueing that sync, so
 * the job cannot start before the request is there. Resolves true when it was not yet asked.
 */
export async function requestRebuild(redis: Redis, prefix: string, repo: string): Promise<boolean> {
  return (await redis.sadd(rebuildRequestsKey(prefix), normalizeRepoKey(repo))) === 1;
}
