import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where `pnpm start` records the URL of the Redis its services use (its own private
 * redis-server, one found on 127.0.0.1:6379, or REDIS_URL), for as long as it runs. The CLI,
 * started without REDIS_URL, reads it so that `sync` and `bootstrap` queue into the Redis the
 * running worker listens to rather than into whatever answers on the default port.
 *
 * The file holds two lines: the URL, then the pid of the `pnpm start` that wrote it, so that a
 * record left by a killed run is recognised as stale and a second run on the same data
 * directory does not delete the first run's record when it stops.
 */
export function runningRedisUrlFile(dataDir: string): string {
  return path.join(dataDir, 'redis', 'url');
}

/** A record read back from the data directory. */
export interface RunningRedis {
  url: string;
  pid: number;
  file: string;
}

/**
 * Writes the record owner-only (the URL may carry a password). The bytes go to a new file that
 * is then renamed over the old name, so a symlink or a wider-mode file already at that name is
 * replaced, never written through. Throws when the directory cannot be written.
 */
export function recordRunningRedis(dataDir: string, url: string, pid = process.pid): string {
  const file = runningRedisUrlFile(dataDir);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const fresh = `${file}.${pid}.tmp`;
  rmSync(fresh, { force: true });
  writeFileSync(fresh, `${url}\n${pid}\n`, { mode: 0o600, flag: 'wx' });
  try {
    renameSync(fresh, file);
  } catch (error) {
    rmSync(fresh, { force: true });
    throw error;
  }
  return file;
}

/** Removes the record if it is still the one `pid` wrote; another run's record is kept. */
export function forgetRunningRedis(dataDir: string, pid = process.pid): void {
  const record = readRecord(runningRedisUrlFile(dataDir));
  if (record?.pid === pid) rmSync(record.file, { force: true });
}

/**
 * The record of a `pnpm start` that is still running, or null: no file, a file that is not a
 * record, or one whose writer has exited (killed without cleaning up).
 */
export function readRunningRedis(dataDir: string): RunningRedis | null {
  const record = readRedisRecord(dataDir);
  if (!record?.alive) return null;
  const { url, pid, file } = record;
  return { url, pid, file };
}

/** The record as it is on disk, live or not, so that ignoring a stale one can be explained. */
export function readRedisRecord(dataDir: string): (RunningRedis & { alive: boolean }) | null {
  const record = readRecord(runningRedisUrlFile(dataDir));
  return record && { ...record, alive: isAlive(record.pid) };
}

function readRecord(file: string): RunningRedis | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const [url = '', pidText = ''] = text.split('\n');
  const pid = Number(pidText);
  if (!/^rediss?:\/\//.test(url) || !Number.isSafeInteger(pid) || pid <= 0) return null;
  return { url, pid, file };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
