import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordRunningRedis } from '@codesync/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCliConfig } from '../src/cli-config';

const RECORDED = 'redis://127.0.0.1:16380';

describe('which Redis the CLI uses', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'codesync-cli-config-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('takes the one a running pnpm start recorded, and says so', () => {
    recordRunningRedis(dataDir, RECORDED);
    const config = loadCliConfig({ CODESYNC_DATA_DIR: dataDir });
    expect(config.redisUrl).toBe(RECORDED);
    expect(config.redisUrlSource).toContain(`recorded by pnpm start (pid ${process.pid})`);
  });

  it('prefers REDIS_URL over any record', () => {
    recordRunningRedis(dataDir, RECORDED);
    const config = loadCliConfig({ CODESYNC_DATA_DIR: dataDir, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(config).toMatchObject({ redisUrl: 'redis://127.0.0.1:1', redisUrlSource: 'REDIS_URL' });
  });

  it('ignores the record of a pnpm start that has exited', () => {
    const exited = spawnSync(process.execPath, ['-e', '0']).pid!;
    recordRunningRedis(dataDir, RECORDED, exited);
    const config = loadCliConfig({ CODESYNC_DATA_DIR: dataDir });
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.redisUrlSource).toBe(
      `default; ignored ${path.join(dataDir, 'redis', 'url')}: the pnpm start (pid ${exited}) that wrote it is not running`,
    );
  });
});
