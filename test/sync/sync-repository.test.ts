import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { INDEX_VERSION, searchIndex, syncRepository, type RepoConfig } from '@codesync/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { git, GitRemote } from '../helpers/git-remote';
import {
  checkFtsIntegrity,
  dumpIndex,
  fullRebuildDump,
  syncEnvironment,
} from '../helpers/index-oracle';

const REPO: RepoConfig = { key: 'acme/widgets', branch: null };

describe('syncRepository keeps the index equal to a full rebuild of the tip', () => {
  let tmp: string;
  let remote: GitRemote;
  let env: ReturnType<typeof syncEnvironment>;
  let urlTemplate: string;

  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'codesync-sync-'));
    urlTemplate = GitRemote.urlTemplate(path.join(tmp, 'remotes'));
    remote = new GitRemote(path.join(tmp, 'remotes'), REPO.key);
    env = syncEnvironment(path.join(tmp, 'data'), urlTemplate);
  });
  afterEach(() => {
    env.db.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const syncAndCompare = async (expectedOutcome?: string) => {
    const result = await syncRepository(env, REPO);
    if (expectedOutcome) expect(result.outcome).toBe(expectedOutcome);
    checkFtsIntegrity(env.db);
    expect(dumpIndex(env.db, REPO.key)).toEqual(await fullRebuildDump(urlTemplate, REPO));
    return result;
  };
  const search = (q: string) => searchIndex(env.db, q, { repo: REPO.key }).map((h) => h.path);

  it('indexes the first push in full, then applies only the diff', async () => {
    remote.commit({ 'a.ts': 'export const a = 1;\n', 'b.ts': "import { a } from './a';\n" });
    remote.push();
    const first = await syncAndCompare('full');
    expect(first.reason).toBe('never-indexed');

    remote.commit({ 'c.ts': 'export const c = 3;\n' });
    const tip = remote.push();
    const second = await syncAndCompare('incremental');
    expect(second).toMatchObject({
      reason: 'new-commits',
      to: tip,
      stats: { filesWritten: 1, filesDeleted: 0 },
    });
  });

  it('is a cheap no-op when the tip is already indexed', async () => {
    remote.commit({ 'a.ts': 'x\n' });
    remote.push();
    await syncRepository(env, REPO);
    const again = await syncRepository(env, REPO);
    expect(again).toMatchObject({ outcome: 'up-to-date', reason: 'up-to-date', stats: null });
  });

  it('leaves no trace of a renamed path, with or without edits, in search or imports', async () => {
    remote.commit({
      'lib/old-name.ts': 'export const marker = "rename-marker";\n',
      'lib/other.ts': 'export const other = "copy-me";\n',
      'main.ts': "import { marker } from './lib/old-name';\n",
    });
    remote.push();
    await syncAndCompare();
    remote.rename('lib/old-name.ts', 'lib/new-name.ts');
    remote.rename('lib/other.ts', 'lib/moved.ts', 'export const other = "edited-after-move";\n');
    remote.push();
    await syncAndCompare('incremental');
    expect(search('rename-marker')).toEqual(['lib/new-name.ts']);
    expect(search('copy-me')).toEqual([]);
    expect(search('old-name')).toEqual(['main.ts']);
    const edges = env.db.prepare('SELECT target FROM imports WHERE from_path = ?').all('main.ts');
    expect(edges).toEqual([{ target: null }]);
  });

  it('re-resolves unchanged importers when a path they could mean appears or disappears', async () => {
    remote.commit({
      'src/util/index.ts': 'export const u = 1;\n',
      'src/app.ts': "import { u } from './util';\n",
    });
    remote.push();
    await syncAndCompare();
    const target = () =>
      env.db.prepare("SELECT target FROM imports WHERE from_path = 'src/app.ts'").pluck().get();
    expect(target()).toBe('src/util/index.ts');

    remote.commit({ 'src/util.ts': 'export const u = 2;\n' });
    remote.push();
    await syncAndCompare('incremental');
    expect(target()).toBe('src/util.ts');

    remote.commit({ 'src/util.ts': null, 'src/util/index.ts': null });
    remote.push();
    await syncAndCompare('incremental');
    expect(target()).toBe(null);
  });

  it('follows a force-push to a rewritten history', async () => {
    remote.commit({ 'keep.ts': 'keep\n' });
    remote.push();
    remote.commit({ 'doomed.ts': 'doomed-content\n' });
    remote.push();
    await syncAndCompare();
    git(remote.work, 'reset', '--hard', 'HEAD~1');
    remote.commit({ 'replacement.ts': 'replacement-content\n' });
    remote.push({ force: true });
    await syncAndCompare('incremental');
    expect(search('doomed-content')).toEqual([]);
    expect(search('replacement-content')).toEqual(['replacement.ts']);
  });

  it('rebuilds in full when the indexed commit is gone from the mirror', async () => {
    remote.commit({ 'a.ts': 'one\n' });
    remote.push();
    await syncAndCompare();
    rmSync(path.join(env.dataDir, 'mirrors'), { recursive: true, force: true });
    git(remote.work, 'commit', '--amend', '--quiet', '-m', 'rewritten');
    remote.commit({ 'b.ts': 'two\n' });
    remote.push({ force: true });
    const result = await syncAndCompare('full');
    expect(result.reason).toBe('previous-commit-missing');
  });

  it('rebuilds in full, with a reason, when the index format version changed', async () => {
    remote.commit({ 'a.ts': 'one\n' });
    remote.push();
    await syncAndCompare();
    env.db.prepare('UPDATE repos SET index_version = ?').run(INDEX_VERSION - 1);
    const result = await syncAndCompare('full');
    expect(result.reason).toBe('index-format-changed');
  });

  it('keeps the last index when the tracked branch is deleted upstream', async () => {
    remote.commit({ 'a.ts': 'survivor-content\n' });
    remote.push({ branch: 'release' });
    const tracked = { key: REPO.key, branch: 'release' };
    await syncRepository(env, tracked);
    git(remote.bare, 'update-ref', '-d', 'refs/heads/release');
    const result = await syncRepository(env, tracked);
    expect(result.outcome).toBe('branch-missing');
    expect(search('survivor-content')).toEqual(['a.ts']);
    const state = env.db.prepare('SELECT last_outcome, last_error FROM repos').get();
    expect(state).toEqual({
      last_outcome: 'branch-missing',
      last_error: 'branch release not found on the remote',
    });
  });

  it('says how to name the branch when the remote HEAD points to a branch that does not exist', async () => {
    remote.commit({ 'a.ts': 'one\n' });
    remote.push({ branch: 'release' });
    git(remote.bare, 'symbolic-ref', 'HEAD', 'refs/heads/no-such-branch');
    const result = await syncRepository(env, REPO);
    expect(result.outcome).toBe('branch-missing');
    const state = env.db.prepare('SELECT last_error FROM repos').get();
    expect(state).toEqual({
      last_error:
        "the remote's default branch (HEAD) points to no commit; name the branch in CODESYNC_REPOS, e.g. acme/widgets@main",
    });
  });

  it('indexes every odd kind of file without blocking the rest', async () => {
    remote.commit({
      'bin/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]),
      'big/huge.txt': 'x'.repeat(70 * 1024),
      'empty.txt': '',
      'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6c, 0x61, 0x74, 0x69, 0x6e]),
      'long-line.js': `const s = "${'y'.repeat(50_000)}needle-at-the-end";\n`,
      'dir with space/ünïcödé.ts': 'export const unicodeMarker = 1;\n',
      'weird\nname.txt': 'newline-in-path-marker\n',
      'link-out': { symlink: '../../etc/passwd' },
      'node_modules/dep/index.js': 'vendored-marker\n',
      'src/ok.ts': 'ordinary-marker\n',
    });
    remote.push();
    await syncAndCompare('full');
    const statuses = Object.fromEntries(
      (
        env.db.prepare('SELECT path, status FROM files').all() as Array<{
          path: string;
          status: string;
        }>
      ).map((r) => [r.path, r.status]),
    );
    expect(statuses).toEqual({
      'bin/logo.png': 'binary',
      'big/huge.txt': 'too-large',
      'empty.txt': 'indexed',
      'latin1.txt': 'indexed',
      'long-line.js': 'indexed',
      'dir with space/ünïcödé.ts': 'indexed',
      'weird\nname.txt': 'indexed',
      'link-out': 'symlink',
      'src/ok.ts': 'indexed',
    });
    expect(search('café latin')).toEqual(['latin1.txt']);
    expect(search('needle-at-the-end')).toEqual(['long-line.js']);
    expect(search('unicodeMarker')).toEqual(['dir with space/ünïcödé.ts']);
    expect(search('newline-in-path-marker')).toEqual(['weird\nname.txt']);
    expect(search('vendored-marker')).toEqual([]);
    expect(search('etc/passwd')).toEqual(['link-out']);
  });

  it('fetches from the configured, case-preserving remote name of a repository', async () => {
    const mixed = new GitRemote(path.join(tmp, 'remotes'), 'Acme/Gadgets');
    mixed.commit({ 'gadget.ts': 'export const gadgetMarker = 1;\n' });
    const tip = mixed.push();
    const result = await syncRepository(env, {
      key: 'acme/gadgets',
      branch: null,
      remoteName: 'Acme/Gadgets',
    });
    expect(result).toMatchObject({ outcome: 'full', to: tip });
    expect(
      searchIndex(env.db, 'gadgetMarker', { repo: 'acme/gadgets' }).map((h) => h.path),
    ).toEqual(['gadget.ts']);
  });

  it('records a submodule by path only', async () => {
    remote.commit({ 'a.ts': 'a\n' });
    const sub = 'ab'.repeat(20);
    git(remote.work, 'update-index', '--add', '--cacheinfo', `160000,${sub},vendor-sub/lib`);
    git(remote.work, 'commit', '--quiet', '-m', 'add submodule');
    remote.push();
    await syncAndCompare('full');
    const row = env.db
      .prepare("SELECT blob, status, content FROM files WHERE path = 'vendor-sub/lib'")
      .get();
    expect(row).toEqual({ blob: sub, status: 'submodule', content: '' });
  });
});
