import path from 'node:path';

/**
 * Where `pnpm start` records the URL of a private redis-server it started, so the CLI (which
 * has no REDIS_URL then) queues into the same Redis as the running worker.
 */
export function privateRedisUrlFile(dataDir: string): string {
  return path.join(dataDir, 'redis', 'url');
}
