import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ensureRedis,
  freePort,
  NO_REDIS_HELP,
  pingRedis,
  startPrivateRedis,
  type RedisHandle,
} from '../../scripts/lib/redis';

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

  it('explains how to get Redis when none runs and redis-server is not installed', async () => {
    await expect(ensureRedis({ PATH: '/nonexistent' }, tmp(), await freePort())).rejects.toThrow(
      NO_REDIS_HELP,
    );
  });
});
