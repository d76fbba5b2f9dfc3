import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitAuthArgs } from '../../src/git/auth';
import { mirrorPath } from '../../src/git/mirror-path';
import { ensureMirror, fetchBranch, readRemoteTip, type RemoteSpec } from '../../src/git/remote';
import { runGit } from '../../src/git/run-git';
import { diffTrees, hasCommit, listTree } from '../../src/git/tree';
import { InvalidIdentifierError } from '../../src/validate/identifiers';

const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.test', ...args], {
    cwd,
    env: GIT_ENV,
  })
    .toString()
    .trim();

let tmp: string;
let remote: string;
let mirror: string;
let tip: string;
let mark: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'codesync-git-hostile-'));
  mark = path.join(tmp, 'PWNED');
  remote = path.join(tmp, 'remote.git');
  const work = path.join(tmp, 'work');
  mkdirSync(work);
  git(tmp, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  git(work, 'init', '--quiet', '--initial-branch=main');
  writeFileSync(path.join(work, 'a.txt'), 'a\n');
  git(work, 'add', '-A');
  git(work, 'commit', '--quiet', '-m', 'first');
  git(work, 'push', '--quiet', remote, 'HEAD:refs/heads/main');
  tip = git(work, 'rev-parse', 'HEAD');
  mirror = mirrorPath(path.join(tmp, 'data'), 'acme/widgets');
  await ensureMirror(mirror);
  await fetchBranch({ cloneUrl: `file://${remote}`, auth: null }, mirror, 'main');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const spec = (cloneUrl: string): RemoteSpec => ({ cloneUrl, auth: null });
const OPTION_LIKE = [
  `--output=${'PWNED'}`,
  '--upload-pack=touch PWNED',
  '-uPWNED',
  '--exec=touch PWNED',
  '-c',
  '--config=core.sshCommand=touch PWNED',
];

describe('git calls refuse hostile identifiers before git runs', () => {
  it.each(OPTION_LIKE)('refuses the revision %j', async (value) => {
    await expect(listTree(mirror, value)).rejects.toBeInstanceOf(InvalidIdentifierError);
    await expect(diffTrees(mirror, value, tip)).rejects.toBeInstanceOf(InvalidIdentifierError);
    await expect(diffTrees(mirror, tip, value)).rejects.toBeInstanceOf(InvalidIdentifierError);
    expect(await hasCommit(mirror, value)).toBe(false);
  });

  it.each(OPTION_LIKE)('refuses the branch %j', async (value) => {
    await expect(fetchBranch(spec(`file://${remote}`), mirror, value)).rejects.toBeInstanceOf(
      InvalidIdentifierError,
    );
    await expect(readRemoteTip(spec(`file://${remote}`), value)).rejects.toBeInstanceOf(
      InvalidIdentifierError,
    );
  });

  it.each([
    ['an option', '--upload-pack=touch PWNED'],
    ['a short option', '-utouch PWNED'],
    ['the ext transport', 'ext::sh -c touch% PWNED'],
    ['the fd transport', 'fd::3'],
    ['an ssh command', 'ssh://-oProxyCommand=touch%20PWNED/x'],
    ['an scp-like address', 'git@example.invalid:acme/widgets.git'],
    ['a relative path', '../remote.git'],
  ])('never lets a clone URL that is %s reach git', async (_, url) => {
    await expect(readRemoteTip(spec(url), 'main')).rejects.toThrow(/clone URL/);
    await expect(fetchBranch(spec(url), mirror, 'main')).rejects.toThrow(/clone URL/);
    expect(readdirSync(tmp)).not.toContain('PWNED');
    expect(existsSync(path.join(process.cwd(), 'PWNED'))).toBe(false);
  });

  it('keeps an option-looking value after --end-of-options a revision, so git writes no file', async () => {
    // The argv pattern every git call uses, tried with a value that skipped validation.
    await expect(
      runGit(['diff-tree', '-r', '--end-of-options', `--output=${mark}`, tip], { gitDir: mirror }),
    ).rejects.toThrow();
    expect(existsSync(mark)).toBe(false);
  });
});

describe('mirror paths stay inside the data dir', () => {
  const data = '/srv/codesync-data';
  const root = path.join(data, 'mirrors') + path.sep;

  it.each([
    '../../etc/passwd',
    'acme/../../tmp',
    'acme/..',
    '../x',
    'acme/widgets/extra',
    '/acme/widgets',
    'acme\\..\\..\\x',
    'acme/.git',
    'acme/-widgets',
    '-acme/widgets',
    'acme/wid gets',
    'acme/widgets\u0000',
    'аcme/widgets',
    'acme/',
    '~/widgets',
  ])('refuses the repository key %j', (key) => {
    expect(() => mirrorPath(data, key)).toThrow(InvalidIdentifierError);
  });

  it('maps every string to a path inside <data>/mirrors, or refuses it', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9._~\-/\\ ]{0,12}$/);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.tuple(segment, segment).map(([a, b]) => `${a}/${b}`),
        ),
        (key) => {
          let dir: string;
          try {
            dir = mirrorPath(data, key);
          } catch (error) {
            return error instanceof InvalidIdentifierError;
          }
          return dir.startsWith(root) && !dir.slice(root.length).split(path.sep).includes('..');
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("a new mirror ignores the operator's git templates and hooks", () => {
  it('runs no hook from an init.templateDir in $HOME while creating and fetching the mirror', async () => {
    const home = path.join(tmp, 'home');
    const hooks = path.join(home, 'template', 'hooks');
    mkdirSync(hooks, { recursive: true });
    const marker = path.join(tmp, 'HOOK-RAN');
    for (const hook of ['reference-transaction', 'post-checkout', 'fsmonitor-watchman']) {
      writeFileSync(path.join(hooks, hook), `#!/bin/sh\ntouch '${marker}'\n`);
      chmodSync(path.join(hooks, hook), 0o755);
    }
    writeFileSync(
      path.join(home, '.gitconfig'),
      `[init]\n\ttemplateDir = ${path.join(home, 'template')}\n`,
    );

    const saved = process.env.HOME;
    process.env.HOME = home;
    try {
      const dir = mirrorPath(path.join(tmp, 'data-hooks'), 'acme/widgets');
      await ensureMirror(dir);
      await fetchBranch(spec(`file://${remote}`), dir, 'main');
      expect(existsSync(path.join(dir, 'hooks', 'reference-transaction'))).toBe(false);
    } finally {
      process.env.HOME = saved;
    }
    expect(existsSync(marker)).toBe(false);
  });
});

describe('credentials never leave git', () => {
  const TOKEN = 'tok-Secret-9f8e7d6c5b4a';
  let server: http.Server;
  let port: number;
  const seen: Array<string | undefined> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="codesync-test"' }).end('no');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the token only as a header read from the environment, never in argv', () => {
    const auth = gitAuthArgs(`http://127.0.0.1:${port}/acme/widgets.git`, {
      username: 'x-token-auth',
      token: TOKEN,
    });
    const basic = Buffer.from(`x-token-auth:${TOKEN}`).toString('base64');
    expect(auth.args.join(' ')).not.toContain(TOKEN);
    expect(auth.args.join(' ')).not.toContain(basic);
    expect(Object.values(auth.env)).toEqual([`Authorization: Basic ${basic}`]);
  });

  it('keeps the token and its base64 form out of the errors of a refused fetch', async () => {
    const remoteSpec: RemoteSpec = {
      cloneUrl: `http://127.0.0.1:${port}/acme/widgets.git`,
      auth: { username: 'x-token-auth', token: TOKEN },
      timeoutMs: 20_000,
    };
    const basic = Buffer.from(`x-token-auth:${TOKEN}`).toString('base64');
    const errors: string[] = [];
    for (const attempt of [
      () => readRemoteTip(remoteSpec, 'main'),
      () => fetchBranch(remoteSpec, mirror, 'main'),
    ]) {
      const error = await attempt().then(
        () => null,
        (e: Error & { stderr?: string }) => e,
      );
      expect(error).not.toBeNull();
      errors.push(`${error?.message}\n${error?.stack}\n${error?.stderr ?? ''}`);
    }

    expect(seen).toContain(`Basic ${basic}`);
    for (const text of errors) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(basic);
    }
    expect(git(mirror, 'config', '--list', '--local')).not.toContain(basic);
  });
});
