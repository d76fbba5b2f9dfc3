import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

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
    mkdirSync(options.dir, { recursive: true });
    args.push('--dir', options.dir, '--appendonly', 'yes', '--appendfsync', 'everysec');
  } else {
    args.push('--appendonly', 'no');
  }
  const child: ChildProcess = spawn('redis-server', args, { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 100; i += 1) {
    if (await pingRedis('127.0.0.1', port)) {
      return {
        url: `redis://127.0.0.1:${port}`,
        owned: true,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
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
 * Finds the Redis codesync should use: REDIS_URL when set; else one answering on the default
 * port (127.0.0.1:6379); else a private redis-server persisting under `dataDir`. Throws with
 * `NO_REDIS_HELP` when none can be had. `defaultPort` exists for tests.
 */
export async function ensureRedis(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  defaultPort = 6379,
): Promise<RedisHandle> {
  if (env.REDIS_URL) return { url: env.REDIS_URL, owned: false, stop: async () => {} };
  if (await pingRedis('127.0.0.1', defaultPort)) {
    return { url: `redis://127.0.0.1:${defaultPort}`, owned: false, stop: async () => {} };
  }
  if (!hasRedisServer(env.PATH)) throw new Error(NO_REDIS_HELP);
  return startPrivateRedis({ dir: `${dataDir}/redis` });
}
