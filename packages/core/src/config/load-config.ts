import path from 'node:path';
import { ConfigError } from './errors';
import { assertCloneUrl } from '../validate/clone-url';
import { parseRepoList, type RepoConfig } from './parse-repos';
import { repoCloneUrl } from './repo-url';

/** Everything codesync reads from the environment, validated once at start-up. */
export interface CodesyncConfig {
  /** Secrets that may sign a delivery; several allow rotation without downtime. */
  webhookSecrets: string[];
  redisUrl: string;
  /** True when REDIS_URL was not set, so `pnpm start` may launch a private redis-server. */
  redisUrlDefaulted: boolean;
  host: string;
  port: number;
  dataDir: string;
  repos: RepoConfig[];
  /** Clone URL template; `{repo}` is replaced by the repository key. */
  gitUrlTemplate: string;
  /** Credentials for private repositories; never logged. */
  gitAuth: { username: string; token: string } | null;
  queuePrefix: string;
  maxBodyBytes: number;
  maxFileBytes: number;
  skipDirs: string[];
  reconcileIntervalMs: number;
  workerConcurrency: number;
  /** How long a job's lock lives without renewal; a crashed worker's job is re-run after it. */
  jobLockMs: number;
  logLevel: string;
  admin: { user: string; password: string } | null;
}

/** Which process is loading: only the receiver insists on a webhook secret. */
export type ConfigRole = 'receiver' | 'worker' | 'cli';

type Env = Record<string, string | undefined>;

const DEFAULT_SKIP_DIRS = ['node_modules', '.git', 'vendor', 'dist', 'build', 'target', '.next'];

/**
 * Reads and validates the configuration. Collects every problem before throwing a
 * `ConfigError`, so an operator fixes the environment in one round.
 */
export function loadConfig(env: Env, role: ConfigRole): CodesyncConfig {
  const problems: string[] = [];
  const read = <T>(name: string, fallback: T, parse: (raw: string) => T): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    try {
      return parse(raw);
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
      return fallback;
    }
  };

  const webhookSecrets = read('WEBHOOK_SECRET', [] as string[], parseSecrets);
  if (role === 'receiver' && webhookSecrets.length === 0) {
    problems.push('WEBHOOK_SECRET: required; set the secret configured on the Bitbucket webhook');
  }
  const token = env.CODESYNC_GIT_TOKEN;
  const config: CodesyncConfig = {
    webhookSecrets,
    redisUrl: read('REDIS_URL', 'redis://127.0.0.1:6379', parseRedisUrl),
    redisUrlDefaulted: !env.REDIS_URL,
    host: read('HOST', '0.0.0.0', (raw) => raw),
    port: read('PORT', 3000, (raw) => parseInteger(raw, 0, 65_535)),
    dataDir: path.resolve(read('CODESYNC_DATA_DIR', './.codesync', (raw) => raw)),
    repos: read('CODESYNC_REPOS', [] as RepoConfig[], parseRepoList),
    gitUrlTemplate: read('CODESYNC_GIT_URL', 'https://bitbucket.org/{repo}.git', parseUrlTemplate),
    gitAuth: token ? { username: env.CODESYNC_GIT_USERNAME || 'x-token-auth', token } : null,
    queuePrefix: read('CODESYNC_QUEUE_PREFIX', 'codesync', parseQueuePrefix),
    maxBodyBytes: read('WEBHOOK_MAX_BODY_BYTES', 1024 * 1024, (raw) =>
      parseInteger(raw, 1024, 64 * 1024 * 1024),
    ),
    maxFileBytes: read('CODESYNC_MAX_FILE_BYTES', 1024 * 1024, (raw) =>
      parseInteger(raw, 1, 256 * 1024 * 1024),
    ),
    skipDirs: read('CODESYNC_SKIP_DIRS', DEFAULT_SKIP_DIRS, parseList),
    reconcileIntervalMs:
      read('CODESYNC_RECONCILE_SECONDS', 300, (raw) => parseInteger(raw, 0, 7 * 86_400)) * 1000,
    workerConcurrency: read('WORKER_CONCURRENCY', 2, (raw) => parseInteger(raw, 1, 64)),
    jobLockMs: read('CODESYNC_JOB_LOCK_SECONDS', 60, (raw) => parseInteger(raw, 2, 3600)) * 1000,
    logLevel: read('LOG_LEVEL', 'info', parseLogLevel),
    admin: null,
  };
  if (env.ADMIN_USER || env.ADMIN_PASSWORD) {
    if (!env.ADMIN_USER || !env.ADMIN_PASSWORD) {
      problems.push('ADMIN_USER/ADMIN_PASSWORD: set both or neither');
    } else {
      config.admin = { user: env.ADMIN_USER, password: env.ADMIN_PASSWORD };
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

// Several secrets are separated by commas so an old and a new secret can both verify during a
// rotation. A secret can therefore not contain a comma.
function parseSecrets(raw: string): string[] {
  const secrets = raw.split(',').filter((s) => s.length > 0);
  for (const secret of secrets) {
    if (Buffer.byteLength(secret) > 255) throw new Error('a secret is longer than 255 bytes');
  }
  return secrets;
}

function parseInteger(raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw)) throw new Error(`expected a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new Error(`expected ${min}..${max}, got ${value}`);
  return value;
}

function parseRedisUrl(raw: string): string {
  const url = new URL(raw);
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new Error(`expected redis:// or rediss://, got ${url.protocol}//`);
  }
  return raw;
}

// The same rule the git layer applies to each clone URL, checked once at start-up on the template
// with a sample key, so a bad scheme or an embedded password fails before the first fetch.
function parseUrlTemplate(raw: string): string {
  if (!raw.includes('{repo}')) throw new Error('must contain {repo}');
  try {
    assertCloneUrl(repoCloneUrl(raw, 'workspace/repository'));
  } catch (error) {
    const reason = (error as Error).message.replace(/^invalid clone URL "[^"]*": /, '');
    throw new Error(reason, { cause: error });
  }
  return raw;
}

function parseQueuePrefix(raw: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(raw)) throw new Error('use letters, digits, "_" and "-"');
  return raw;
}

function parseList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseLogLevel(raw: string): string {
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
  if (!levels.includes(raw)) throw new Error(`expected one of ${levels.join(', ')}`);
  return raw;
}
