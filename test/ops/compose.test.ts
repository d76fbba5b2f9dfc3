import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../../scripts/lib/service-process';

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const compose = parse(read('docker-compose.yml'), { merge: true }) as Record<string, any>;
const dockerfile = read('Dockerfile');
const services = compose.services as Record<string, Record<string, any>>;

/** Compose durations like `30s` or `1m30s`, in seconds. */
function seconds(duration: string): number {
  let total = 0;
  for (const [, n, unit] of duration.matchAll(/(\d+)(ms|s|m|h)/g)) {
    total += Number(n) * { ms: 0.001, s: 1, m: 60, h: 3600 }[unit as 'ms' | 's' | 'm' | 'h'];
  }
  return total;
}

/** The argv of a healthcheck, as one string. */
const healthcheck = (service: string) =>
  (services[service]?.healthcheck?.test as string[]).join(' ');

const composePlugin = spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0;
const composeV1 = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;
// `docker compose` (the plugin) where it exists, else the standalone `docker-compose` that CI
// installs from Debian: both validate the file without a Docker engine.
const composeConfig: string[] | null = composePlugin
  ? ['docker', 'compose', '-f', 'docker-compose.yml', 'config', '--quiet']
  : composeV1
    ? ['docker-compose', '-f', 'docker-compose.yml', 'config', '--quiet']
    : null;

describe.runIf(composeConfig !== null)(
  `${composeConfig?.slice(0, 2).join(' ') ?? 'docker compose'} config --quiet (runs where compose is installed; .ci/run installs it)`,
  () => {
    it('accepts docker-compose.yml', () => {
      const [command, ...args] = composeConfig!;
      const result = spawnSync(command!, args, {
        cwd: ROOT,
        env: { ...process.env, WEBHOOK_SECRET: 'compose-config-check' },
        encoding: 'utf8',
      });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    });

    it('refuses to start without WEBHOOK_SECRET', () => {
      const [command, ...args] = composeConfig!;
      const env = { ...process.env };
      delete env.WEBHOOK_SECRET;
      const result = spawnSync(command!, args, { cwd: ROOT, env, encoding: 'utf8' });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('set WEBHOOK_SECRET');
    });
  },
);

describe('docker-compose.yml parsed with the yaml package (structure only; no Docker engine or compose plugin used)', () => {
  it('defines redis, receiver and worker', () => {
    expect(Object.keys(services).sort()).toEqual(['receiver', 'redis', 'worker']);
  });

  it('runs Redis 7 with AOF and the noeviction policy on a named volume, with a ping healthcheck', () => {
    const redis = services.redis!;
    expect(redis.image).toMatch(/^redis:7/);
    const argv = (redis.command as string[]).join(' ');
    expect(argv).toContain('--appendonly yes');
    expect(argv).toContain('--maxmemory-policy noeviction');
    expect(redis.volumes).toContain('redis-data:/data');
    expect(healthcheck('redis')).toContain('redis-cli ping');
  });

  it('runs the receiver from the one image on port 3000, health-checked on /health, restarted unless stopped', () => {
    const receiver = services.receiver!;
    expect(receiver.build).toBe('.');
    expect(receiver.command).toEqual(['node', '--import', 'tsx', 'apps/receiver/src/main.ts']);
    expect(receiver.ports).toContain('3000:3000');
    expect(healthcheck('receiver')).toContain('http://127.0.0.1:3000/health');
    expect(receiver.restart).toBe('unless-stopped');
    expect(receiver.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
  });

  it('runs a scalable worker from the same image: no container_name, no published port, a restart policy and a healthcheck', () => {
    const worker = services.worker!;
    expect(worker.image).toBe(services.receiver!.image);
    expect(worker.command).toEqual([
      'node',
      '--max-semi-space-size=4',
      '--import',
      'tsx',
      'apps/worker/src/main.ts',
    ]);
    expect(worker.container_name).toBeUndefined();
    expect(worker.ports).toBeUndefined();
    expect(worker.restart).toBe('unless-stopped');
    expect(healthcheck('worker')).toContain(
      `http://127.0.0.1:${worker.environment.WORKER_METRICS_PORT}/health`,
    );
  });

  it('gives each process a stop grace period longer than its own shutdown timeout', () => {
    for (const name of ['receiver', 'worker']) {
      const service = services[name]!;
      const own = Number(service.environment.SHUTDOWN_TIMEOUT_SECONDS);
      expect(seconds(service.stop_grace_period), name).toBeGreaterThan(own + 2);
    }
  });

  it('shares one data volume for the SQLite index and the mirrors, and points the worker at it', () => {
    expect(Object.keys(compose.volumes).sort()).toEqual(['codesync-data', 'redis-data']);
    expect(services.worker!.volumes).toContain('codesync-data:/data');
    expect(services.worker!.environment.CODESYNC_DATA_DIR).toBe('/data');
    expect(services.worker!.environment.REDIS_URL).toBe('redis://redis:6379');
    expect(services.receiver!.environment.REDIS_URL).toBe('redis://redis:6379');
  });

  it('starts entry points that exist in the repository', () => {
    for (const name of ['receiver', 'worker']) {
      const entry = (services[name]!.command as string[]).at(-1)!;
      expect(existsSync(path.join(ROOT, entry)), entry).toBe(true);
    }
  });
});

describe('Dockerfile and .dockerignore (read as text)', () => {
  it('builds on node:20-bookworm-slim with the pinned pnpm and git, installing from the frozen lockfile', () => {
    expect(dockerfile).toMatch(/^FROM node:20-bookworm-slim\b/m);
    const packageManager = JSON.parse(read('package.json')).packageManager as string;
    expect(packageManager).toBe('pnpm@10.34.9');
    expect(dockerfile).toContain('PNPM_VERSION=10.34.9');
    expect(dockerfile).toMatch(/apt-get install[^\n]*\bgit\b/);
    expect(dockerfile).toContain('pnpm install --frozen-lockfile');
  });

  it('runs as a non-root user', () => {
    const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    const users = [...runtimeStage.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0', '0:0']).not.toContain(users.at(-1));
  });

  it('keeps node_modules, .git and .env out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    for (const entry of ['node_modules', '**/node_modules', '.git', '.env'])
      expect(ignored).toContain(entry);
  });
});
