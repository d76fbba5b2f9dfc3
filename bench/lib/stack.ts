import http from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SignedDelivery } from '../../scripts/lib/payloads';
import { freePort, startPrivateRedis, type RedisHandle } from '../../scripts/lib/redis';
import { startService, type ServiceProcess } from '../../scripts/lib/service-process';
import { postDelivery } from './post';
import { ServiceLogs } from './service-logs';

export const BENCH_SECRET = 'benchmark secret - loopback only';
export const WEBHOOK_URL_PATH = '/webhooks/bitbucket';
const DELIVERY_SOCKETS = 16;

/** A private Redis, the receiver process and (when started) the worker process. */
export interface BenchStack {
  redis: RedisHandle;
  baseUrl: string;
  dataDir: string;
  prefix: string;
  env: NodeJS.ProcessEnv;
  logs: ServiceLogs;
  receiver: ServiceProcess;
  worker: ServiceProcess | null;
  /** Starts the worker (once); resolves when it has logged `worker ready`. */
  startWorker(extraEnv?: NodeJS.ProcessEnv): Promise<ServiceProcess>;
  stopWorker(): Promise<void>;
  /** POSTs a signed delivery; resolves with the status and when the answer arrived. */
  deliver(delivery: SignedDelivery): Promise<{ status: number; at: number }>;
  stop(): Promise<void>;
}

export interface StackOptions {
  tmp: string;
  /** Queue prefix, also naming the data directory. */
  prefix: string;
  /** CODESYNC_REPOS for both processes. */
  repos: string;
  /** Root of the `file://` remotes. */
  remotes: string;
  /** Extra environment for the receiver only (profiling). */
  receiverEnv?: NodeJS.ProcessEnv;
}

/** Starts Redis and the receiver on loopback; the worker is started on demand. */
export async function startBenchStack(options: StackOptions): Promise<BenchStack> {
  const redis = await startPrivateRedis();
  const port = await freePort();
  const dataDir = path.join(options.tmp, `data-${options.prefix}`);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    WEBHOOK_SECRET: BENCH_SECRET,
    REDIS_URL: redis.url,
    HOST: '127.0.0.1',
    PORT: String(port),
    CODESYNC_DATA_DIR: dataDir,
    CODESYNC_REPOS: options.repos,
    CODESYNC_GIT_URL: `file://${options.remotes}/{repo}.git`,
    CODESYNC_QUEUE_PREFIX: options.prefix,
    CODESYNC_RECONCILE_SECONDS: '0',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
  };
  const logs = new ServiceLogs();
  // Like a sender's connection pool: deliveries reuse a bounded set of keep-alive sockets.
  const agent = new http.Agent({ keepAlive: true, maxSockets: DELIVERY_SOCKETS });
  const webhookUrl = new URL(`http://127.0.0.1:${port}${WEBHOOK_URL_PATH}`);
  const launch = (name: 'receiver' | 'worker', extra: NodeJS.ProcessEnv = {}) => {
    const service = startService(name, { ...env, ...extra }, 'pipe');
    logs.attach(service);
    return service;
  };
  const stopService = async (service: ServiceProcess | null) => {
    if (!service) return;
    await service.stop();
  };

  const stack: BenchStack = {
    redis,
    baseUrl: `http://127.0.0.1:${port}`,
    dataDir,
    prefix: options.prefix,
    env,
    logs,
    receiver: launch('receiver', options.receiverEnv),
    worker: null,
    startWorker: async (extraEnv) => {
      if (stack.worker) return stack.worker;
      const worker = launch('worker', extraEnv);
      stack.worker = worker;
      await waitUntil(
        () => logs.sawLine('"msg":"worker ready"'),
        30_000,
        () => worker.child.exitCode !== null,
        logs,
      );
      return worker;
    },
    stopWorker: async () => {
      await stopService(stack.worker);
      stack.worker = null;
    },
    deliver: (delivery) => postDelivery(agent, webhookUrl, delivery),
    stop: async () => {
      agent.destroy();
      await Promise.all([stopService(stack.receiver), stopService(stack.worker)]);
      await redis.stop();
    },
  };
  await waitForHealth(stack);
  return stack;
}

async function waitForHealth(stack: BenchStack): Promise<void> {
  await waitUntil(
    async () => {
      try {
        return (await fetch(`${stack.baseUrl}/health`)).ok;
      } catch {
        return false;
      }
    },
    30_000,
    () => stack.receiver.child.exitCode !== null,
    stack.logs,
  );
}

async function waitUntil(
  ok: () => boolean | Promise<boolean>,
  timeoutMs: number,
  died: () => boolean,
  logs: ServiceLogs,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ok()) return;
    if (died()) break;
    await sleep(50);
  }
  throw new Error(`service did not come up\n${logs.recent()}`);
}
