import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src';

function problemsOf(
  env: Record<string, string>,
  role: 'receiver' | 'worker' | 'cli' = 'worker',
): string[] {
  try {
    loadConfig(env, role);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('fills every default', () => {
    const config = loadConfig({ WEBHOOK_SECRET: 's' }, 'receiver');
    expect(config).toMatchObject({
      webhookSecrets: ['s'],
      redisUrl: 'redis://127.0.0.1:6379',
      redisUrlDefaulted: true,
      host: '0.0.0.0',
      port: 3000,
      dataDir: path.resolve('.codesync'),
      repos: [],
      gitUrlTemplate: 'https://bitbucket.org/{repo}.git',
      gitAuth: null,
      queuePrefix: 'codesync',
      maxBodyBytes: 1024 * 1024,
      maxFileBytes: 1024 * 1024,
      reconcileIntervalMs: 300_000,
      workerConcurrency: 2,
      jobLockMs: 60_000,
      logLevel: 'info',
      admin: null,
    });
  });

  it('parses repositories with optional branches, lower-casing keys but keeping the case for URLs', () => {
    const config = loadConfig(
      { CODESYNC_REPOS: ' acme/widgets , ACME/api@release/1.2 ' },
      'worker',
    );
    expect(config.repos).toEqual([
      { key: 'acme/widgets', branch: null, remoteName: 'acme/widgets' },
      { key: 'acme/api', branch: 'release/1.2', remoteName: 'ACME/api' },
    ]);
  });

  it('holds several secrets for a rotation, untrimmed', () => {
    expect(loadConfig({ WEBHOOK_SECRET: 'old,new ' }, 'receiver').webhookSecrets).toEqual([
      'old',
      'new ',
    ]);
  });

  it('requires WEBHOOK_SECRET in the receiver only', () => {
    expect(problemsOf({}, 'receiver')).toEqual([
      'WEBHOOK_SECRET: required; set the secret configured on the Bitbucket webhook',
    ]);
    expect(problemsOf({}, 'worker')).toEqual([]);
  });

  it('names every bad variable at once', () => {
    expect(
      problemsOf({
        PORT: 'eighty',
        REDIS_URL: 'http://127.0.0.1:6379',
        CODESYNC_REPOS: 'acme/../etc',
        CODESYNC_GIT_URL: 'https://dana:hunter2@bitbucket.org/{repo}.git',
        CODESYNC_QUEUE_PREFIX: 'a:b',
        WORKER_CONCURRENCY: '0',
        LOG_LEVEL: 'loud',
        ADMIN_USER: 'ops',
      }),
    ).toEqual([
      'REDIS_URL: expected redis:// or rediss://, got http://',
      'PORT: expected a whole number, got "eighty"',
      expect.stringMatching(/^CODESYNC_REPOS: invalid repository key "acme\/\.\.\/etc"/),
      'CODESYNC_GIT_URL: holds a password; set CODESYNC_GIT_TOKEN instead',
      'CODESYNC_QUEUE_PREFIX: use letters, digits, "_" and "-"',
      'WORKER_CONCURRENCY: expected 1..64, got 0',
      'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent',
      'ADMIN_USER/ADMIN_PASSWORD: set both or neither',
    ]);
  });

  it('never echoes the password of a refused clone URL', () => {
    const problems = problemsOf({
      CODESYNC_GIT_URL: 'https://dana:hunter2@bitbucket.org/{repo}.git',
    });
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('refuses transports that run commands or need keys', () => {
    for (const url of ['ext::sh -c {repo}', 'ssh://git@bitbucket.org/{repo}.git', 'fd::{repo}']) {
      expect(problemsOf({ CODESYNC_GIT_URL: url })).toEqual([
        'CODESYNC_GIT_URL: must start with https://, http:// or file://',
      ]);
    }
  });

  it('refuses a repository listed twice and a branch git would refuse', () => {
    expect(problemsOf({ CODESYNC_REPOS: 'acme/a,ACME/a' })).toEqual([
      'CODESYNC_REPOS: repository acme/a is listed twice',
    ]);
    expect(problemsOf({ CODESYNC_REPOS: 'acme/a@-x' })[0]).toMatch(
      /^CODESYNC_REPOS: invalid branch of acme\/a "-x": starts with "-"/,
    );
  });
});
