import { spawnSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  forgetRunningRedis,
  readRunningRedis,
  recordRunningRedis,
  runningRedisUrlFile,
} from '../../src/config/running-redis-file';

const URL = 'redis://:s3cret@127.0.0.1:16379';

// The pid of a process that has certainly exited.
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid!;
}

describe('the record of the Redis a running pnpm start uses', () => {
  let dataDir: string;
  let file: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'codesync-running-redis-'));
    file = runningRedisUrlFile(dataDir);
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('holds the URL and the writer pid, owner-only, and reads back while the writer lives', () => {
    recordRunningRedis(dataDir, URL);
    expect(readFileSync(file, 'utf8')).toBe(`${URL}\n${process.pid}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(readRunningRedis(dataDir)).toEqual({ url: URL, pid: process.pid, file });
  });

  it('replaces a world-readable file left behind instead of writing into it', () => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'redis://old\n', { mode: 0o644 });
    recordRunningRedis(dataDir, URL);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(`${URL}\n${process.pid}\n`);
  });

  it('replaces a symlink at its name and never writes through it', () => {
    const victim = path.join(dataDir, 'victim.txt');
    writeFileSync(victim, 'keep me\n', { mode: 0o644 });
    mkdirSync(path.dirname(file), { recursive: true });
    symlinkSync(victim, file);
    const dangling = path.join(dataDir, 'never-created');
    recordRunningRedis(dataDir, URL);
    expect(lstatSync(file).isSymbolicLink()).toBe(false);
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n');

    rmSync(file);
    symlinkSync(dangling, file);
    recordRunningRedis(dataDir, URL);
    expect(() => statSync(dangling)).toThrow();
  });

  it('is forgotten only by the run that wrote it', () => {
    recordRunningRedis(dataDir, URL, 4242);
    forgetRunningRedis(dataDir, 4343);
    expect(readFileSync(file, 'utf8')).toBe(`${URL}\n4242\n`);
    forgetRunningRedis(dataDir, 4242);
    expect(() => statSync(file)).toThrow();
  });

  it('is ignored when its writer has exited, or when it is not a record', () => {
    recordRunningRedis(dataDir, URL, deadPid());
    expect(readRunningRedis(dataDir)).toBeNull();
    writeFileSync(file, 'garbage\n');
    expect(readRunningRedis(dataDir)).toBeNull();
    writeFileSync(file, '');
    expect(readRunningRedis(dataDir)).toBeNull();
  });

  it('fails with the file system error when its place is taken by a directory', () => {
    mkdirSync(file, { recursive: true });
    expect(() => recordRunningRedis(dataDir, URL)).toThrow(/EISDIR|EEXIST|ENOTEMPTY|directory/i);
  });
});
