import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runningRedisUrlFile } from '@codesync/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startPrivateRedis, type RedisHandle } from '../../scripts/lib/redis';
import { ROOT } from '../../scripts/lib/service-process';

function startScript(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/start.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, exited, output: () => output };
}

describe('pnpm start', () => {
  let redis: RedisHandle;
  let tmp: string;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'codesync-start-'));
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('runs the receiver and the worker, and both stop cleanly on SIGTERM', async () => {
    const port = await freePort();
    const run = startScript({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      WEBHOOK_SECRET: 'start-script-secret',
      REDIS_URL: redis.url,
      HOST: '127.0.0.1',
      PORT: String(port),
      CODESYNC_DATA_DIR: path.join(tmp, 'data'),
      CODESYNC_QUEUE_PREFIX: 'start-test',
      LOG_FORMAT: 'json',
    });
    let healthy = false;
    for (let i = 0; i < 200 && !healthy; i += 1) {
      healthy = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (!healthy) await sleep(100);
    }
    expect(healthy).toBe(true);
    await sleep(500);
    expect(run.output()).toContain('"msg":"worker ready"');
    // The CLI finds the Redis in use through this file, even one given by REDIS_URL.
    const urlFile = runningRedisUrlFile(path.join(tmp, 'data'));
    expect(readFileSync(urlFile, 'utf8')).toBe(`${redis.url}\n${run.child.pid}\n`);
    expect(statSync(urlFile).mode & 0o777).toBe(0o600);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(existsSync(urlFile)).toBe(false);
    expect(run.output()).toContain('"msg":"receiver stopped"');
    expect(run.output()).toContain('"msg":"worker stopped"');
  });

  it('refuses to start without WEBHOOK_SECRET and says which variable is missing', async () => {
    const run = startScript({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      REDIS_URL: redis.url,
      PORT: String(await freePort()),
      CODESYNC_DATA_DIR: path.join(tmp, 'data2'),
      LOG_FORMAT: 'json',
    });
    expect(await run.exited).not.toBe(0);
    expect(run.output()).toContain('WEBHOOK_SECRET: required');
  });
});
