import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import {
  ConfigError,
  connectProducer,
  createLogger,
  exitOnSignal,
  listLiveWorkers,
  loadConfig,
  openQueues,
  within,
  readShutdownTimeoutMs,
  redactUrlPassword,
  runShutdownStep,
  throttledWarn,
} from '@codesync/core';
import { createReceiverApp } from './app';
import { hardenHttpServer } from './client-errors';
import { bullmqEnqueuer } from './enqueue-delivery';
import { drainable } from './http-drain';
import { createReceiverMetrics } from './metrics';

const log = createLogger('receiver');

async function main(): Promise<void> {
  const config = loadConfig(process.env, 'receiver');
  const shutdownMs = readShutdownTimeoutMs(process.env);
  log.level = config.logLevel;

  // Until the port is open there is nothing to drain: a signal during start-up just exits.
  let stop: () => Promise<void> = async () => {};
  exitOnSignal(
    log,
    (signal) => {
      log.info(
        { signal, shutdownMs },
        'shutting down: no new connections, finishing in-flight requests',
      );
      return stop();
    },
    shutdownMs + 5_000,
  );

  const redis = connectProducer(config.redisUrl, { autoPipelining: true });
  redis.on('error', throttledWarn(log, 'redis connection error; reconnecting (check REDIS_URL)'));
  const queues = openQueues(redis, config.queuePrefix);
  // BullMQ needs Redis at construction time; wait for it before accepting deliveries.
  const waiting = setInterval(
    () => log.warn({ redis: redactUrlPassword(config.redisUrl) }, 'waiting for Redis'),
    5_000,
  );
  await queues.sync.waitUntilReady().finally(() => clearInterval(waiting));

  const repos = new Map(config.repos.map((r) => [r.key, { branch: r.branch }]));
  if (repos.size === 0) log.warn('CODESYNC_REPOS is empty: every delivery will be ignored');
  const allQueues = [queues.sync, queues.pullRequests];
  const app = createReceiverApp({
    secrets: config.webhookSecrets,
    maxBodyBytes: config.maxBodyBytes,
    lookup: (key) => repos.get(key),
    // A connection that hangs without closing would keep every later write pending: drop it
    // and let ioredis reconnect.
    enqueue: bullmqEnqueuer(queues, 3_000, () => redis.disconnect(true)),
    ready: async () => (await within(1_000, redis.ping())) === 'PONG',
    workers: async () => (await within(1_000, listLiveWorkers(redis, config.queuePrefix))) ?? [],
    metrics: createReceiverMetrics({ queues: allQueues, processMetrics: true }),
    dashboard: { queues: allQueues, credentials: config.admin },
    log,
  });
  const server = serve(
    {
      fetch: app.fetch,
      port: config.port,
      hostname: config.host,
      // Check request deadlines every second rather than Node's default 30 s.
      serverOptions: { connectionsCheckingInterval: 1_000 },
    },
    (info) =>
      log.info(
        { port: info.port, host: config.host, repos: [...repos.keys()] },
        'receiver listening',
      ),
  ) as Server;
  server.once('error', (error: NodeJS.ErrnoException) => {
    const hint = error.code === 'EADDRINUSE' ? `; port ${config.port} is in use, set PORT` : '';
    log.fatal(
      { err: error.message, host: config.host, port: config.port },
      `receiver cannot listen${hint}`,
    );
    process.exit(1);
  });
  hardenHttpServer(server, log);
  const http = drainable(server);

  stop = async () => {
    const started = Date.now();
    await runShutdownStep(
      log,
      'drain http',
      async () => {
        const { forced } = await http.drain(shutdownMs);
        if (forced) log.warn({ shutdownMs }, 'requests still running at the deadline were cut off');
      },
      shutdownMs + 1_000,
    );
    await runShutdownStep(log, 'close queues', () => queues.close(), 2_000);
    const quit = await runShutdownStep(log, 'close redis', () => redis.quit(), 1_000);
    if (quit !== 'done') redis.disconnect();
    log.info({ ms: Date.now() - started }, 'receiver stopped');
  };
}

main().catch((error) => {
  if (error instanceof ConfigError) log.fatal(error.message);
  else log.fatal({ err: (error as Error).message }, 'receiver failed to start');
  process.exit(1);
});
