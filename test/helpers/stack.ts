import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { indexFile, openIndexReadOnly, readRepoState, type IndexDb } from '@codesync/core';
import { freePort, startPrivateRedis, type RedisHandle } from '../../scripts/lib/redis';
import { startService, type ServiceProcess } from '../../scripts/lib/service-process';
import { existsSync } from 'node:fs';
import { signedRequest, type Fixture } from './fixtures';
import { GitRemote } from './git-remote';

export const TEST_SECRET = 'It is a test secret - not for production';

/** A whole codesync deployment for one test file: private Redis, receiver and worker processes. */
export interface Stack {
  tmp: string;
  remotes: string;
  dataDir: string;
  redis: RedisHandle;
  baseUrl: string;
  env: NodeJS.ProcessEnv;
  receiver: ServiceProcess;
  worker: ServiceProcess;
  logs: string[];
  /** Sends a fixture-shaped delivery signed with the test secret. */
  deliver(fixture: Fixture): Promise<{ status: number; json: any }>;
  /** Waits until the index has synced `repo` to `commit`; throws with recent logs on timeout. */
  waitForIndexed(repo: string, commit: string, timeoutMs?: number): Promise<void>;
  /** Runs `fn` with a fresh read-only connection to the index. */
  withIndex<T>(fn: (db: IndexDb) => T): T;
  startWorker(): ServiceProcess;
  stop(): Promise<void>;
}

/** Starts Redis, the receiver and the worker, configured for the given repositories. */
export async function startStack(options: {
  repos: string;
  extraEnv?: NodeJS.ProcessEnv;
}): Promise<Stack> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'codesync-e2e-'));
  const remotes = path.join(tmp, 'remotes');
  const dataDir = path.join(tmp, 'data');
  const redis = await startPrivateRedis();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    WEBHOOK_SECRET: TEST_SECRET,
    REDIS_URL: redis.url,
    HOST: '127.0.0.1',
    PORT: String(port),
    CODESYNC_DATA_DIR: dataDir,
    CODESYNC_REPOS: options.repos,
    CODESYNC_GIT_URL: GitRemote.urlTemplate(remotes),
    CODESYNC_QUEUE_PREFIX: `cs-test-${process.pid}`,
    CODESYNC_RECONCILE_SECONDS: '0',
    // Several workers may run per stack and several stacks at once: each takes a free port.
    WORKER_METRICS_PORT: '0',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    ...options.extraEnv,
  };
  const logs: string[] = [];
  const launch = (name: 'receiver' | 'worker') => {
    const service = startService(name, env, 'pipe');
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line) logs.push(`${name}: ${line}`);
      if (logs.length > 2000) logs.splice(0, logs.length - 2000);
    };
    service.child.stdout?.on('data', keep);
    service.child.stderr?.on('data', keep);
    return service;
  };
  const receiver = launch('receiver');
  const stack: Stack = {
    tmp,
    remotes,
    dataDir,
    redis,
    baseUrl: `http://127.0.0.1:${port}`,
    env,
    receiver,
    worker: launch('worker'),
    logs,
    deliver: async (fixture) => {
      const { headers, body } = signedRequest(fixture, TEST_SECRET);
      const response = await fetch(`${stack.baseUrl}/webhooks/bitbucket`, {
        method: 'POST',
        headers,
        body,
      });
      return { status: response.status, json: await response.json() };
    },
    waitForIndexed: async (repo, commit, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (existsSync(indexFile(dataDir))) {
          const state = stack.withIndex((db) => readRepoState(db, repo));
          if (state?.indexedCommit === commit) return;
        }
        await sleep(50);
      }
      throw new Error(`index of ${repo} did not reach ${commit}\n${logs.slice(-40).join('\n')}`);
    },
    withIndex: (fn) => {
      const db = openIndexReadOnly(dataDir);
      try {
        return fn(db);
      } finally {
        db.close();
      }
    },
    startWorker: () => {
      stack.worker = launch('worker');
      return stack.worker;
    },
    stop: async () => {
      await Promise.all([stack.receiver.stop(), stack.worker.stop()]);
      await redis.stop();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
  await waitForHealth(stack);
  return stack;
}

async function waitForHealth(stack: Stack): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    try {
      const response = await fetch(`${stack.baseUrl}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (stack.receiver.child.exitCode !== null) break;
    await sleep(100);
  }
  throw new Error(`receiver did not become healthy\n${stack.logs.slice(-40).join('\n')}`);
}
