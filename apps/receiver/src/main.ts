import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { ConfigError, connectProducer, createLogger, loadConfig, openQueues } from '@codesync/core';
import { createReceiverApp } from './app';
import { bullmqEnqueuer } from './enqueue-delivery';

const log = createLogger('receiver');

async function main(): Promise<void> {
  const config = loadConfig(process.env, 'receiver');
  log.level = config.logLevel;
  const redis = connectProducer(config.redisUrl);
  redis.on('error', (error) => log.warn({ err: error.message }, 'redis connection error'));
  const queues = openQueues(redis, config.queuePrefix);
  // BullMQ needs Redis at construction time; wait for it before accepting deliveries.
  await queues.sync.waitUntilReady();
  const repos = new Map(config.repos.map((r) => [r.key, { branch: r.branch }]));
  const app = createReceiverApp({
    secrets: config.webhookSecrets,
    maxBodyBytes: config.maxBodyBytes,
    lookup: (key) => repos.get(key),
    enqueue: bullmqEnqueuer(queues, 3_000),
    ready: async () => (await Promise.race([redis.ping(), sleep(1_000).then(() => 'timeout')])) === 'PONG',
    log,
  });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) =>
    log.info({ port: info.port, host: config.host, repos: [...repos.keys()] }, 'receiver listening'),
  ) as Server;

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    const deadline = setTimeout(() => server.closeAllConnections(), 5_000).unref();
    server.close(async () => {
      clearTimeout(deadline);
      await queues.close();
      await redis.quit().catch(() => redis.disconnect());
      log.info('receiver stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().catch((error) => {
  if (error instanceof ConfigError) log.fatal(error.message);
  else log.fatal({ err: (error as Error).message }, 'receiver failed to start');
  process.exit(1);
});
