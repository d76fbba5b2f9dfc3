import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

// Compare-and-delete / compare-and-extend, so a worker never releases or extends a lock that
// expired and was taken by another worker meanwhile.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/** A held per-repository lock; `release` is idempotent. */
export interface HeldLock {
  release(): Promise<void>;
}

/**
 * Takes the Redis lock that keeps two syncs of one repository apart across every worker
 * process. BullMQ's per-repository deduplication already prevents it; this is the second
 * guard against stray jobs (a stalled job re-run while its first run still writes).
 * Returns null when another worker holds it.
 */
export async function acquireRepoLock(
  redis: Redis,
  key: string,
  ttlMs = 60_000,
): Promise<HeldLock | null> {
  const token = randomUUID();
  const ok = await redis.set(key, token, 'PX', ttlMs, 'NX');
  if (ok !== 'OK') return null;
  const renew = setInterval(() => {
    redis.eval(EXTEND, 1, key, token, String(ttlMs)).catch(() => {});
  }, ttlMs / 3);
  renew.unref();
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      clearInterval(renew);
      await redis.eval(RELEASE, 1, key, token).catch(() => {});
    },
  };
}
