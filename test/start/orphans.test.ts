import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startPrivateRedis, type RedisHandle } from '../../scripts/lib/redis';
import { ROOT } from '../../scripts/lib/service-process';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('pnpm start under a supervisor', () => {
  let redis: RedisHandle;
  let tmp: string;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'codesync-orphans-'));
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('stops the receiver and the worker when the start script is killed outright', async () => {
    const port = await freePort();
    const start = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'scripts/start.ts')],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          WEBHOOK_SECRET: 'orphan-test',
          REDIS_URL: redis.url,
          HOST: '127.0.0.1',
          PORT: String(port),
          WORKER_METRICS_PORT: '0',
          CODESYNC_DATA_DIR: path.join(tmp, 'data'),
          CODESYNC_QUEUE_PREFIX: 'orphan-test',
          LOG_FORMAT: 'json',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    start.stdout.on('data', (d: Buffer) => (output += d.toString()));
    start.stderr.on('data', (d: Buffer) => (output += d.toString()));
    while (
      !output.includes('"msg":"worker ready"') ||
      !output.includes('"msg":"receiver listening"')
    ) {
      await sleep(100);
    }
    const pids = [...output.matchAll(/"pid":(\d+)/g)].map((m) => Number(m[1]));
    const children = [...new Set(pids)].filter((pid) => pid !== start.pid);
    expect(children).toHaveLength(2);

    start.kill('SIGKILL');
    for (let i = 0; i < 150 && children.some(alive); i += 1) await sleep(100);
    expect(children.filter(alive)).toEqual([]);
    expect(output).toContain('"signal":"parent-exited"');
  }, 60_000);
});
