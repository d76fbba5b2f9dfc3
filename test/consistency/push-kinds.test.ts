import { readRepoState, searchIndex } from '@codesync/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture } from '../helpers/fixtures';
import { git, GitRemote } from '../helpers/git-remote';
import { QueueProbe } from '../helpers/queue-probe';
import { startStack, type Stack } from '../helpers/stack';

const REPO = 'acme/widgets';
const BRANCH = 'feature/login';

// Each fixture-shaped push, through the real receiver and worker, with the repository tracking
// the fixtures' feature branch; hashes are rewritten to the commits the test really made.
// Points a fixture's branch update (old and new) at the tracked branch, moving to `tip`.
function aimAtTrackedBranch(
  change: { old: { name: string }; new: { name: string; target: { hash: string } } },
  tip: string,
): void {
  change.old.name = BRANCH;
  change.new.name = BRANCH;
  change.new.target.hash = tip;
}

describe('every kind of push does what a user expects', () => {
  let stack: Stack;
  let remote: GitRemote;
  let probe: QueueProbe;

  beforeAll(async () => {
    stack = await startStack({ repos: `${REPO}@${BRANCH}` });
    remote = new GitRemote(stack.remotes, REPO);
    probe = new QueueProbe(stack.redis.url, stack.env.CODESYNC_QUEUE_PREFIX!);
    remote.commit({ 'README.md': 'main readme\n' });
    remote.push();
  });
  afterAll(async () => {
    await probe?.close();
    await stack?.stop();
  });

  const search = (q: string) =>
    stack.withIndex((db) => searchIndex(db, q, { repo: REPO })).map((h) => h.path);
  const lastSyncResult = async (jobId: string) => (await probe.sync.getJob(jobId))?.returnvalue;

  it('indexes the tracked branch when it is created (Cloud old: null)', async () => {
    git(remote.work, 'checkout', '--quiet', '-b', BRANCH);
    remote.commit({ 'login.ts': 'export const loginMarker = 1;\n' });
    const tip = remote.push({ branch: BRANCH });
    const created = loadFixture('cloud-push-branch-created');
    created.body.push.changes[0].new.target.hash = tip;
    const response = await stack.deliver(created);
    expect(response.status).toBe(202);
    await stack.waitForIndexed(REPO, tip);
    expect(search('loginMarker')).toEqual(['login.ts']);
  });

  it('follows a force-push and drops the rewritten commit content', async () => {
    remote.commit({ 'doomed.ts': 'doomedMarker\n' });
    const old = remote.push({ branch: BRANCH });
    const first = loadFixture('cloud-push-forced');
    first.body.push.changes[0].forced = false;
    first.body.push.changes[0].new.target.hash = old;
    expect((await stack.deliver(first)).status).toBe(202);
    await stack.waitForIndexed(REPO, old);
    expect(search('doomedMarker')).toEqual(['doomed.ts']);
    git(remote.work, 'reset', '--hard', '--quiet', 'HEAD~1');
    remote.commit({ 'replacement.ts': 'replacementMarker\n' });
    const tip = remote.push({ branch: BRANCH, force: true });
    const forced = loadFixture('cloud-push-forced');
    forced.body.push.changes[0].old.target.hash = old;
    forced.body.push.changes[0].new.target.hash = tip;
    expect((await stack.deliver(forced)).status).toBe(202);
    await stack.waitForIndexed(REPO, tip);
    expect(search('doomedMarker')).toEqual([]);
    expect(search('replacementMarker')).toEqual(['replacement.ts']);
  });

  it('syncs once for a delivery with several changes, one of them the tracked branch', async () => {
    remote.commit({ 'multi.ts': 'multiMarker\n' });
    const tip = remote.push({ branch: BRANCH });
    const multiple = loadFixture('cloud-push-multiple-changes');
    aimAtTrackedBranch(multiple.body.push.changes[1], tip);
    const response = await stack.deliver(multiple);
    expect(response.status).toBe(202);
    expect(response.json.jobs).toHaveLength(1);
    await stack.waitForIndexed(REPO, tip);
  });

  it('syncs on a truncated push and on a push with empty changes, whatever they list', async () => {
    remote.commit({ 'truncated.ts': 'truncatedMarker\n' });
    const tip = remote.push({ branch: BRANCH });
    const truncated = loadFixture('cloud-push-truncated');
    aimAtTrackedBranch(truncated.body.push.changes[0], tip);
    expect((await stack.deliver(truncated)).status).toBe(202);
    await stack.waitForIndexed(REPO, tip);

    remote.commit({ 'empty.ts': 'emptyChangesMarker\n' });
    const next = remote.push({ branch: BRANCH });
    const empty = loadFixture('cloud-push-main');
    empty.body.push.changes = [];
    expect((await stack.deliver(empty)).status).toBe(202);
    await stack.waitForIndexed(REPO, next);
    expect(search('emptyChangesMarker')).toEqual(['empty.ts']);
  });

  it('ignores tags and branches it does not track, with the reason', async () => {
    const tag = await stack.deliver(loadFixture('cloud-push-tag'));
    expect(tag).toEqual({
      status: 202,
      json: { status: 'ignored', reason: expect.stringMatching(/^no_branch_changes: /) },
    });
    const main = await stack.deliver(loadFixture('cloud-push-main'));
    expect(main).toEqual({
      status: 202,
      json: { status: 'ignored', reason: expect.stringMatching(/^branch_not_tracked: main/) },
    });
  });

  it('keeps the last index and reports why when the tracked branch is deleted (Cloud and Data Center)', async () => {
    const before = stack.withIndex((db) => readRepoState(db, REPO));
    git(remote.bare, 'update-ref', '-d', `refs/heads/${BRANCH}`);
    for (const name of ['cloud-push-branch-deleted', 'dc-refs-changed-delete']) {
      const response = await stack.deliver(loadFixture(name));
      expect(response.status).toBe(202);
      await probe.settle();
      expect(await lastSyncResult(response.json.jobs[0].id)).toMatchObject({
        outcome: 'branch-missing',
        to: null,
      });
    }
    const after = stack.withIndex((db) => readRepoState(db, REPO));
    expect(after).toMatchObject({
      indexedCommit: before?.indexedCommit,
      lastOutcome: 'branch-missing',
      lastError: `branch ${BRANCH} not found on the remote`,
    });
    expect(search('emptyChangesMarker')).toEqual(['empty.ts']);
  });
});
