import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readRunningRedis } from '@codesync/core';

/** A Redis codesync can use, and how to stop it if this process started it. */
export interface RedisHandle {
  url: string;
  /** True when this process started the server (and so may stop or flush it). */
  owned: boolean;
  stop(): Promise<void>;
}

/** Sends PING over a raw socket; true when something answers +PONG within `timeoutMs`. */
export function pingRedis(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => finish(data.toString().startsWith('+PONG')));
  });
}

/** Asks the kernel for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** True when a `redis-server` binary is on `searchPath` (default: this process's PATH). */
export function hasRedisServer(searchPath = process.env.PATH): boolean {
  const result = spawnSync('redis-server', ['--version'], {
    stdio: 'ignore',
    env: { PATH: searchPath ?? '' },
  });
  return result.status === 0;
}

/**
 * Starts a private redis-server on loopback. With `dir` it persists (AOF) there, as codesync's
 * queue should; without, it keeps nothing on disk (tests).
 */
export async function startPrivateRedis(
  options: { dir?: string; port?: number } = {},
): Promise<RedisHandle> {
  const port = options.port ?? (await freePort());
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--maxmemory-policy',
    'noeviction',
    '--save',
    '',
  ];
  if (options.dir) {
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    args.push('--dir', options.dir, '--appendonly', 'yes', '--appendfsync', 'everysec');
  } else {
    args.push('--appendonly', 'no');
  }
  const child: ChildProcess = spawn('redis-server', args, { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const serverFile = options.dir ? path.join(options.dir, SERVER_FILE) : null;
  for (let i = 0; i < 100; i += 1) {
    if (await pingRedis('127.0.0.1', port)) {
      // Names the server, so that a later start can stop it if this process dies without doing so.
      if (serverFile) writeFileSync(serverFile, `${child.pid}\n${port}\n`, { mode: 0o600 });
      return {
        url: `redis://127.0.0.1:${port}`,
        owned: true,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
          if (serverFile) rmSync(serverFile, { force: true });
        },
      };
    }
    if (child.exitCode !== null) break;
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not start on port ${port}`);
}

export const NO_REDIS_HELP = [
  'codesync needs Redis and none answers on 127.0.0.1:6379.',
  'Get one of these:',
  '  - install redis-server (Debian/Ubuntu: apt-get install redis-server); pnpm start then',
  '    runs a private one of its own',
  '  - set REDIS_URL=redis://host:port to use an existing server',
  '  - or run everything in containers: docker compose up',
].join('\n');

/**
 * Finds the Redis codesync should use: REDIS_URL when set; else that of another `pnpm start`
 * running on `dataDir`; else one answering on the default port (127.0.0.1:6379); else a private
 * redis-server persisting under `dataDir` (after stopping one a killed run left there). Throws
 * with `NO_REDIS_HELP` when none can be had. `defaultPort` exists for tests.
 */
export async function ensureRedis(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  defaultPort = 6379,
  say: (line: string) => void = (line) => console.error(`codesync: ${line}`),
): Promise<RedisHandle> {
  if (env.REDIS_URL) return borrowed(env.REDIS_URL);
  // Another pnpm start on this data directory: share its Redis, so both use one queue.
  const running = readRunningRedis(dataDir);
  if (running && running.pid !== process.pid) {
    say(`using the Redis of the pnpm start already running on ${dataDir} (pid ${running.pid})`);
    return borrowed(running.url);
  }
  const dir = path.join(dataDir, 'redis');
  await stopLeftoverServer(dir, say);
  if (await pingRedis('127.0.0.1', defaultPort)) {
    return borrowed(`redis://127.0.0.1:${defaultPort}`);
  }
  if (!hasRedisServer(env.PATH)) throw new Error(NO_REDIS_HELP);
  return startPrivateRedis({ dir });
}

function borrowed(url: string): RedisHandle {
  return { url, owned: false, stop: async () => {} };
}

// Written beside a private server's data: its pid and port.
const SERVER_FILE = 'server';

/**
 * A private redis-server whose pnpm start was killed keeps running. Two servers must never
 * share one append-only file, so it is stopped (SIGTERM: it writes its data out first) before
 * a new one starts on the same directory.
 */
async function stopLeftoverServer(dir: string, say: (line: string) => void): Promise<void> {
  const file = path.join(dir, SERVER_FILE);
  let pid: number;
  try {
    pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  } catch {
    return;
  }
  if (Number.isSafeInteger(pid) && pid > 0 && isRedisServer(pid)) {
    say(`stopping a redis-server (pid ${pid}) left running on ${dir} by an earlier pnpm start`);
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100 && isRedisServer(pid); i += 1) await sleep(50);
    if (isRedisServer(pid)) throw new Error(`redis-server ${pid} on ${dir} did not stop`);
  }
  rmSync(file, { force: true });
}

// Checks the process's command line too: after a reboot the pid may belong to anything.
function isRedisServer(pid: number): boolean {
  try {
    return (
      readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]?.includes('redis-server') ?? false
    );
  } catch {
    return false;
  }
}
