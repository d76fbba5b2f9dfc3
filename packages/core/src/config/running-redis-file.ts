import path from 'node:path';

/**
 * Where `pnpm start` records the URL of the Redis its services use (its own private
 * redis-server, one found on 127.0.0.1:6379, or REDIS_URL), for as long as it runs. The CLI,
 * started without REDIS_URL, reads it so that `sync` and `bootstrap` queue into the Redis the
 * running worker listens to rather than into whatever answers on the default port.
 */
export function runningRedisUrlFile(dataDir: string): string {
  return path.join(dataDir, 'redis', 'url');
}
