import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordRunningRedis } from '@codesync/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ensureRedis,
  freePort,
  NO_REDIS_HELP,
  pingRedis,
  startPrivateRedis,
  type RedisHandle,
} from '../../scripts/lib/redis';

// ensureRedis with no REDIS_URL and a free port as "the default port", keeping what it says.
async function ensureWithNothingOnDefaultPort(dataDir: string) {
  const said: string[] = [];
  const handle = await ensureRedis({ PATH: process.env.PATH }, dataDir, await freePort(), (line) =>
    said.push(line),
  );
  return { handle, said };
}

describe('ensureRedis, as pnpm start uses it', () => {
  const handles: RedisHandle[] = [];
  const dirs: string[] = [];
  const tmp = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'codesync-redis-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((h) => h.stop()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('uses REDIS_URL as given and never stops it', async () => {
    const handle = await ensureRedis(
      { REDIS_URL: 'redis://127.0.0.1:6390', PATH: process.env.PATH },
      tmp(),
    );
    expect(handle).toMatchObject({ url: 'redis://127.0.0.1:6390', owned: false });
  });

  it('uses a Redis that answers on the default port', async () => {
    const running = await startPrivateRedis();
    handles.push(running);
    const port = Number(new URL(running.url).port);
    const handle = await ensureRedis({ PATH: process.env.PATH }, tmp(), port);
    expect(handle).toMatchObject({ url: `redis://127.0.0.1:${port}`, owned: false });
  });

  it('starts a private, persistent redis-server when nothing answers', async () => {
    const dataDir = tmp();
    const handle = await ensureRedis({ PATH: process.env.PATH }, dataDir, await freePort());
    handles.push(handle);
    expect(handle.owned).toBe(true);
    const port = Number(new URL(handle.url).port);
    expect(await pingRedis('127.0.0.1', port)).toBe(true);
    expect(existsSync(path.join(dataDir, 'redis', 'appendonlydir'))).toBe(true);
    await handle.stop();
    expect(await pingRedis('127.0.0.1', port)).toBe(false);
  });

  it('shares the Redis of another pnpm start running on the same data directory', async () => {
    const dataDir = tmp();
    // A live process other than this one stands in for the other pnpm start.
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      recordRunningRedis(dataDir, 'redis://127.0.0.1:16391', other.pid);
      const { handle, said } = await ensureWithNothingOnDefaultPort(dataDir);
      expect(handle).toMatchObject({ url: 'redis://127.0.0.1:16391', owned: false });
      expect(said).toEqual([
        `using the Redis of the pnpm start already running on ${dataDir} (pid ${other.pid})`,
      ]);
    } finally {
      other.kill();
    }
  });

  it('stops a private redis-server that a killed pnpm start left on the data directory', async () => {
    const dataDir = tmp();
    const leftover = await startPrivateRedis({ dir: path.join(dataDir, 'redis') });
    const leftoverPort = Number(new URL(leftover.url).port);
    const { handle, said } = await ensureWithNothingOnDefaultPort(dataDir);
    handles.push(handle);
    expect(await pingRedis('127.0.0.1', leftoverPort)).toBe(false);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(
      /^stopping a redis-server \(pid \d+\) left running on .* by an earlier pnpm start$/,
    );
    expect(handle.owned).toBe(true);
    expect(await pingRedis('127.0.0.1', Number(new URL(handle.url).port))).toBe(true);
  });

  it('explains how to get Redis when none runs and redis-server is not installed', async () => {
    await expect(ensureRedis({ PATH: '/nonexistent' }, tmp(), await freePort())).rejects.toThrow(
      NO_REDIS_HELP,
    );
  });
});
