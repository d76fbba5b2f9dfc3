import { readPullRequest, searchIndex } from '@codesync/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture } from '../helpers/fixtures';
import { GitRemote } from '../helpers/git-remote';
import { indexedTree, sortedEntries } from '../helpers/index-oracle';
import { startStack, type Stack } from '../helpers/stack';

const REPO = 'acme/widgets';

// One deployment (private Redis, receiver and worker processes) drives a real git remote
// through the whole lifecycle; each step waits for the index to reach the pushed tip.
describe('a signed Bitbucket push becomes searchable code', () => {
  let stack: Stack;
  let remote: GitRemote;

  beforeAll(async () => {
    stack = await startStack({ repos: REPO });
    remote = new GitRemote(stack.remotes, REPO);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const expectIndexEqualsTip = (tip: string) => {
    const indexed = stack.withIndex((db) => indexedTree(db, REPO));
    expect(sortedEntries(indexed)).toEqual(sortedEntries(remote.tree(tip)));
  };
  const search = (query: string) => stack.withIndex((db) => searchIndex(db, query, { repo: REPO }));

  it('indexes the whole tree on the first push', async () => {
    remote.commit({
      'src/util.ts': 'export const answer = 42;\n',
      'src/main.ts': "import { answer } from './util';\nconsole.log('widget-main', answer);\n",
      'README.md': '# Widgets\nThe first widget readme.\n',
    });
    const tip = remote.push();
    const push = loadFixture('cloud-push-main');
    push.body.push.changes[0].new.target.hash = tip;

    const response = await stack.deliver(push);
    expect(response.status).toBe(202);
    expect(response.json.status).toBe('queued');
    await stack.waitForIndexed(REPO, tip);

    expectIndexEqualsTip(tip);
    expect(search('widget-main')).toEqual([
      { repo: REPO, path: 'src/main.ts', line: 2, text: "console.log('widget-main', answer);" },
    ]);
    const importers = stack.withIndex((db) =>
      db
        .prepare('SELECT from_path, target FROM imports WHERE repo = ? AND target IS NOT NULL')
        .all(REPO),
    );
    expect(importers).toEqual([{ from_path: 'src/main.ts', target: 'src/util.ts' }]);
  });

  it('applies a push that adds, modifies, deletes and renames files (Data Center delivery)', async () => {
    remote.commit({
      'src/new-feature.ts': "export const feature = 'sparkly-new-feature';\n",
      'src/util.ts': 'export const answer = 43; // tuned-answer\n',
      'README.md': null,
    });
    remote.rename(
      'src/main.ts',
      'src/app/entry.ts',
      "import { answer } from '../util';\nconsole.log('moved-entry', answer);\n",
    );
    const tip = remote.push();
    const push = loadFixture('dc-refs-changed');
    push.body.changes[0].toHash = tip;

    const response = await stack.deliver(push);
    expect(response.status).toBe(202);
    await stack.waitForIndexed(REPO, tip);

    expectIndexEqualsTip(tip);
    expect(search('sparkly-new-feature').map((h) => h.path)).toEqual(['src/new-feature.ts']);
    expect(search('tuned-answer').map((h) => h.path)).toEqual(['src/util.ts']);
    expect(search('first widget readme')).toEqual([]);
    expect(search('widget-main')).toEqual([]);
    expect(search('moved-entry').map((h) => h.path)).toEqual(['src/app/entry.ts']);
    const edges = stack.withIndex((db) =>
      db
        .prepare('SELECT from_path, target FROM imports WHERE repo = ? ORDER BY from_path')
        .all(REPO),
    );
    expect(edges).toEqual([{ from_path: 'src/app/entry.ts', target: 'src/util.ts' }]);
  });

  it('records a pull request from creation to merge and indexes the merged code', async () => {
    const created = loadFixture('cloud-pr-created');
    const response = await stack.deliver(created);
    expect(response.status).toBe(202);
    await waitFor(() => stack.withIndex((db) => readPullRequest(db, REPO, 42))?.state === 'OPEN');

    remote.commit(
      { 'src/login.ts': "export function login() { return 'login-form-v1'; }\n" },
      'Add login form',
    );
    const tip = remote.push();
    const merged = loadFixture('cloud-pr-fulfilled');
    expect((await stack.deliver(merged)).status).toBe(202);
    await stack.waitForIndexed(REPO, tip);
    await waitFor(() => stack.withIndex((db) => readPullRequest(db, REPO, 42))?.state === 'MERGED');

    const pr = stack.withIndex((db) => readPullRequest(db, REPO, 42));
    expect(pr).toMatchObject({
      title: 'Add login form',
      state: 'MERGED',
      sourceBranch: 'feature/login',
      destinationBranch: 'main',
      lastEvent: 'pullrequest:fulfilled',
    });
    expectIndexEqualsTip(tip);
    expect(search('login-form-v1').map((h) => h.path)).toEqual(['src/login.ts']);

    // A late redelivery of "created" must not roll the merged pull request back to OPEN.
    expect((await stack.deliver(loadFixture('cloud-pr-created'))).status).toBe(202);
    await new Promise((r) => setTimeout(r, 500));
    expect(stack.withIndex((db) => readPullRequest(db, REPO, 42))?.state).toBe('MERGED');
  });
});

async function waitFor(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not reached in time');
}
