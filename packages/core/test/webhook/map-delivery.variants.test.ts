import { describe, expect, it } from 'vitest';

import {
  PayloadValidationError,
  mapDelivery,
  type DeliveryInput,
  type MappedDelivery,
  type RepoLookup,
} from '../../src/webhook';
import { RECEIVED_AT, deliveryOf, loadFixture, type Fixture } from './fixtures';

const ZERO = '0'.repeat(40);
const hex = (digit: string) => digit.repeat(40);

const tracking =
  (branch: string | null): RepoLookup =>
  (key) =>
    key === 'acme/widgets' ? { branch } : undefined;

function map(fixture: Fixture, lookup: RepoLookup, overrides: Partial<DeliveryInput> = {}) {
  return mapDelivery(deliveryOf(fixture, overrides), lookup);
}

function queued(result: MappedDelivery) {
  if (result.outcome !== 'queue') throw new Error(`expected queue, got ${JSON.stringify(result)}`);
  return result;
}

/** The PR record a fixture maps to for a receiver tracking `main`. */
function recordOf(fixture: Fixture) {
  const record = queued(map(fixture, tracking('main'))).pullRequests[0]?.pullRequest;
  if (record === undefined) throw new Error('expected a pull-request job');
  return record;
}

function validationIssues(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof PayloadValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected a PayloadValidationError');
}

/** The `repo:refs_changed` fixture with its one change replaced. */
function dataCenterChange(change: Record<string, unknown>): Fixture {
  const fixture = loadFixture('dc-refs-changed');
  fixture.body.changes = [change];
  return fixture;
}

describe('mapDelivery: which pushes are relevant', () => {
  it('ignores a push to another branch than the tracked one', () => {
    const fixture = loadFixture('cloud-push-main');
    fixture.body.push.changes[0].new.name = 'feature/x';
    fixture.body.push.changes[0].old.name = 'feature/x';
    expect(map(fixture, tracking('main'))).toEqual({
      outcome: 'ignored',
      reason: 'branch_not_tracked: feature/x (tracking main)',
    });
  });

  it('ignores a push to a repository that is not configured', () => {
    const fixture = loadFixture('cloud-push-main');
    expect(map(fixture, () => undefined)).toEqual({
      outcome: 'ignored',
      reason: 'repository_not_configured: acme/widgets',
    });
  });

  it('looks repositories up by their lower-cased key', () => {
    const cloud = loadFixture('cloud-push-main');
    cloud.body.repository.full_name = 'Acme/Widgets';
    expect(queued(map(cloud, tracking('main'))).syncs[0]?.repo).toBe('acme/widgets');

    const asked: string[] = [];
    map(loadFixture('dc-refs-changed'), (key) => {
      asked.push(key);
      return undefined;
    });
    expect(asked).toEqual(['acme/widgets']);
  });

  it('announces the tip of a tracked branch that is created or force-pushed', () => {
    const created = map(loadFixture('cloud-push-branch-created'), tracking('feature/login'));
    expect(queued(created).syncs[0]?.announcedTip).toBe(hex('d'));

    const forced = map(loadFixture('cloud-push-forced'), tracking('feature/login'));
    expect(queued(forced).syncs[0]?.announcedTip).toBe(hex('f'));
  });

  it('syncs without a tip when the tracked branch is deleted', () => {
    for (const name of ['cloud-push-branch-deleted', 'dc-refs-changed-delete']) {
      const result = queued(map(loadFixture(name), tracking('feature/login')));
      expect(result.syncs).toStrictEqual([
        {
          repo: 'acme/widgets',
          trigger: 'push',
          deliveryId: deliveryOf(loadFixture(name)).deliveryId,
          acceptedAt: RECEIVED_AT,
        },
      ]);
    }
  });

  it('picks the tracked branch out of a push that changes several', () => {
    const result = map(loadFixture('cloud-push-multiple-changes'), tracking('release/1.2'));
    expect(queued(result).syncs).toHaveLength(1);
    expect(queued(result).syncs[0]?.announcedTip).toBe(hex('3'));
  });

  it('lists every untracked branch name once when ignoring', () => {
    const result = map(loadFixture('cloud-push-multiple-changes'), tracking('develop'));
    expect(result).toEqual({
      outcome: 'ignored',
      reason: 'branch_not_tracked: main, release/1.2 (tracking develop)',
    });
  });

  it('syncs on any branch change, without a tip, when tracking the unknown default branch', () => {
    const names = ['cloud-push-branch-created', 'cloud-push-multiple-changes', 'dc-refs-changed'];
    for (const name of names) {
      const result = queued(map(loadFixture(name), tracking(null)));
      expect(result.syncs).toHaveLength(1);
      expect(result.syncs[0]).not.toHaveProperty('announcedTip');
      expect(result.summary).toBe('sync acme/widgets (default branch)');
    }
  });

  it('never syncs for tag changes alone, even when tracking the default branch', () => {
    expect(map(loadFixture('cloud-push-tag'), tracking(null))).toEqual({
      outcome: 'ignored',
      reason: 'no_branch_changes: 1 tag or other ref change(s)',
    });
  });

  it('ignores an annotated Data Center tag, whose toHash is the tag object', () => {
    const fixture = dataCenterChange({
      ref: { id: 'refs/tags/v1.2.0', displayId: 'v1.2.0', type: 'TAG' },
      refId: 'refs/tags/v1.2.0',
      fromHash: ZERO,
      toHash: '118cc' + '1'.repeat(35),
      type: 'ADD',
    });
    fixture.body.toCommit.id = hex('c');
    expect(map(fixture, tracking(null))).toEqual({
      outcome: 'ignored',
      reason: 'no_branch_changes: 1 tag or other ref change(s)',
    });
  });

  it('syncs a push that lists no changes, since something may still have moved', () => {
    const cloud = loadFixture('cloud-push-main');
    cloud.body.push.changes = [];
    const dataCenter = loadFixture('dc-refs-changed');
    dataCenter.body.changes = [];
    delete dataCenter.body.commits;
    delete dataCenter.body.toCommit;

    for (const fixture of [cloud, dataCenter]) {
      const result = queued(map(fixture, tracking('main')));
      expect(result.syncs).toHaveLength(1);
      expect(result.syncs[0]).not.toHaveProperty('announcedTip');
      expect(result.summary).toBe('sync acme/widgets (main, push listed no changes)');
    }
  });

  it('syncs a truncated push even when the branches it lists are not tracked', () => {
    const fixture = loadFixture('cloud-push-truncated');
    fixture.body.push.changes[0].new.name = 'feature/x';
    fixture.body.push.changes[0].old.name = 'feature/x';
    const result = queued(map(fixture, tracking('main')));
    expect(result.syncs[0]).not.toHaveProperty('announcedTip');
    expect(result.summary).toBe('sync acme/widgets (main, truncated)');
  });

  it('reads a Data Center ADD whose fromHash is all zeros as a created branch', () => {
    const fixture = dataCenterChange({
      ref: { id: 'refs/heads/feature/login', displayId: 'feature/login', type: 'BRANCH' },
      refId: 'refs/heads/feature/login',
      fromHash: ZERO,
      toHash: hex('d'),
      type: 'ADD',
    });
    expect(queued(map(fixture, tracking('feature/login'))).syncs[0]?.announcedTip).toBe(hex('d'));
  });

  it('treats an all-zero toHash as a deletion even when the change says UPDATE', () => {
    const fixture = dataCenterChange({
      ref: { id: 'refs/heads/main', displayId: 'main', type: 'BRANCH' },
      fromHash: hex('c'),
      toHash: ZERO,
      type: 'UPDATE',
    });
    expect(queued(map(fixture, tracking('main'))).syncs[0]).not.toHaveProperty('announcedTip');
  });

  it('falls back to ref.id without refs/heads/ when displayId is absent', () => {
    const fixture = dataCenterChange({
      ref: { id: 'refs/heads/release/1.2', type: 'BRANCH' },
      toHash: hex('3'),
      type: 'UPDATE',
    });
    expect(queued(map(fixture, tracking('release/1.2'))).syncs[0]?.announcedTip).toBe(hex('3'));
  });

  it('accepts Data Center 10 commits whose timestamps are ISO strings', () => {
    const fixture = loadFixture('dc-refs-changed');
    for (const commit of [...fixture.body.commits, fixture.body.toCommit]) {
      commit.authorTimestamp = '2025-03-04T10:11:47Z';
      commit.committerTimestamp = '2025-03-04T10:11:47+00:00';
    }
    expect(queued(map(fixture, tracking('main'))).syncs[0]?.announcedTip).toBe(hex('c'));
  });

  it('accepts Cloud commits whose author matches no Bitbucket user', () => {
    const fixture = loadFixture('cloud-push-main');
    for (const commit of fixture.body.push.changes[0].commits) delete commit.author.user;
    delete fixture.body.push.changes[0].new.target.author.user;
    expect(queued(map(fixture, tracking('main'))).syncs[0]?.announcedTip).toBe(hex('c'));
  });

  it('parses a Cloud-shaped repo:push sent by a Server plugin like a Cloud one', () => {
    const fixture = loadFixture('cloud-push-main');
    const result = map(fixture, tracking('main'), { platform: 'data-center' });
    expect(queued(result).syncs[0]?.announcedTip).toBe(hex('c'));
  });

  it('leaves deliveryId out of jobs when the delivery has none', () => {
    const anonymous = { deliveryId: undefined };
    const push = queued(map(loadFixture('dc-refs-changed'), tracking('main'), anonymous));
    expect(push.syncs[0]).not.toHaveProperty('deliveryId');
    const pr = queued(map(loadFixture('dc-pr-merged'), tracking('main'), anonymous));
    expect(pr.pullRequests[0]).not.toHaveProperty('deliveryId');
    expect(pr.syncs[0]).not.toHaveProperty('deliveryId');
  });
});

describe('mapDelivery: pull requests', () => {
  it('upserts the PR for both Data Center "changes requested" event keys', () => {
    for (const eventKey of ['pr:reviewer:needs_work', 'pr:reviewer:changes_requested']) {
      const fixture = loadFixture('dc-pr-opened');
      fixture.body.eventKey = eventKey;
      const result = queued(map(fixture, tracking('main'), { eventKey }));
      expect(result.syncs).toEqual([]);
      expect(result.pullRequests).toHaveLength(1);
      expect(result.pullRequests[0]?.eventKey).toBe(eventKey);
      expect(result.pullRequests[0]?.pullRequest.id).toBe(7);
    }
  });

  it('upserts the PR for Cloud approval and change-request events', () => {
    for (const eventKey of ['pullrequest:approved', 'pullrequest:changes_request_created']) {
      const result = queued(map(loadFixture('cloud-pr-updated'), tracking('main'), { eventKey }));
      expect(result.pullRequests[0]?.pullRequest.state).toBe('OPEN');
    }
  });

  it('names a Cloud author without an account from the raw "Name <email>"', () => {
    const fixture = loadFixture('cloud-pr-created');
    fixture.body.pullrequest.author = { type: 'author', raw: 'Dana Developer <dana@example.com>' };
    expect(recordOf(fixture).author).toBe('Dana Developer');
  });

  it('falls back from display name to nickname, and to an empty author when none is given', () => {
    const fixture = loadFixture('cloud-pr-created');
    delete fixture.body.pullrequest.author.display_name;
    expect(recordOf(fixture).author).toBe('dana');

    fixture.body.pullrequest.author = null;
    expect(recordOf(fixture).author).toBe('');
  });

  it('uses the Data Center account name when there is no display name', () => {
    const fixture = loadFixture('dc-pr-opened');
    delete fixture.body.pullRequest.author.user.displayName;
    expect(recordOf(fixture).author).toBe('dana');
  });

  it('stores an absent or null description as empty text', () => {
    const cloud = loadFixture('cloud-pr-created');
    cloud.body.pullrequest.description = null;
    const dataCenter = loadFixture('dc-pr-opened');
    delete dataCenter.body.pullRequest.description;
    for (const fixture of [cloud, dataCenter]) {
      expect(recordOf(fixture).description).toBe('');
    }
  });

  it('stores no source commit when it is missing or not hex', () => {
    const fixture = loadFixture('cloud-pr-created');
    fixture.body.pullrequest.source.commit = null;
    expect(recordOf(fixture).sourceCommit).toBeNull();

    fixture.body.pullrequest.source.commit = { hash: '--upload-pack=x' };
    expect(recordOf(fixture).sourceCommit).toBeNull();
  });

  it('converts Data Center ISO-string dates as well as epoch milliseconds', () => {
    const fixture = loadFixture('dc-pr-opened');
    fixture.body.pullRequest.createdDate = '2025-03-04T11:05:30+0000';
    fixture.body.pullRequest.updatedDate = '2025-03-04T12:05:30.5+01:00';
    const record = recordOf(fixture);
    expect(record.createdAt).toBe('2025-03-04T11:05:30.000Z');
    expect(record.updatedAt).toBe('2025-03-04T11:05:30.500Z');
  });

  it('syncs on a merge only when it lands on the tracked branch', () => {
    const fixture = loadFixture('dc-pr-merged');
    fixture.body.pullRequest.toRef.displayId = 'release/1.2';
    fixture.body.pullRequest.toRef.id = 'refs/heads/release/1.2';
    const intoRelease = queued(map(fixture, tracking('main')));
    expect(intoRelease.syncs).toEqual([]);
    expect(intoRelease.pullRequests).toHaveLength(1);

    const intoDefault = queued(map(fixture, tracking(null)));
    expect(intoDefault.syncs).toStrictEqual([
      {
        repo: 'acme/widgets',
        trigger: 'pull-request',
        deliveryId: 'e18191ae-7464-403b-be8c-81b9741d97db',
        acceptedAt: RECEIVED_AT,
      },
    ]);
  });

  it('does not sync for a comment on an already merged PR', () => {
    const result = map(loadFixture('cloud-pr-fulfilled'), tracking('main'), {
      eventKey: 'pullrequest:comment_created',
    });
    expect(queued(result).syncs).toEqual([]);
  });

  it('ignores PRs whose destination repository is not configured', () => {
    expect(map(loadFixture('dc-pr-opened'), () => undefined)).toEqual({
      outcome: 'ignored',
      reason: 'repository_not_configured: acme/widgets',
    });
  });

  it('ignores pr:deleted, which codesync cannot record yet', () => {
    const fixture = loadFixture('dc-pr-opened');
    expect(map(fixture, tracking('main'), { eventKey: 'pr:deleted' })).toEqual({
      outcome: 'ignored',
      reason: 'pull_request_deleted_not_supported: pr:deleted',
    });
  });
});

describe('mapDelivery: other events', () => {
  it('answers a ping whatever its body', () => {
    for (const body of [{ test: true }, null, 'x']) {
      expect(map(loadFixture('dc-diagnostics-ping'), tracking('main'), { body })).toEqual({
        outcome: 'ping',
      });
    }
  });

  it('ignores events codesync does not handle, naming the key', () => {
    const fork = map(loadFixture('cloud-push-main'), tracking('main'), { eventKey: 'repo:fork' });
    expect(fork).toEqual({
      outcome: 'ignored',
      reason: 'event_not_handled: repo:fork',
    });
  });

  it('echoes an unknown event key only as short printable text', () => {
    const eventKey = `evil\nkey\u0000${'x'.repeat(100)}`;
    const result = map(loadFixture('dc-diagnostics-ping'), tracking('main'), { eventKey });
    expect(result).toEqual({
      outcome: 'ignored',
      reason: `event_not_handled: evil?key?${'x'.repeat(55)}…`,
    });
  });
});

describe('mapDelivery: rejected payloads', () => {
  it('rejects branch names that could be read as git options', () => {
    const cloudPush = loadFixture('cloud-push-main');
    cloudPush.body.push.changes[0].new.name = '-main';
    expect(validationIssues(() => map(cloudPush, tracking('main')))).toEqual([
      'push.changes[0].new.name: invalid branch name "-main": starts with "-"',
    ]);

    const dcPush = loadFixture('dc-refs-changed');
    dcPush.body.changes[0].ref.displayId = '--upload-pack=touch /tmp/x';
    expect(validationIssues(() => map(dcPush, tracking('main')))[0]).toMatch(
      /^changes\[0\]\.ref: /,
    );

    const cloudPr = loadFixture('cloud-pr-created');
    cloudPr.body.pullrequest.source.branch.name = '-x';
    expect(validationIssues(() => map(cloudPr, tracking('main')))[0]).toMatch(
      /^pullrequest\.source\.branch\.name: /,
    );

    const dcPr = loadFixture('dc-pr-merged');
    dcPr.body.pullRequest.toRef.displayId = '-x';
    expect(validationIssues(() => map(dcPr, tracking('main')))[0]).toMatch(
      /^pullRequest\.toRef\.displayId: /,
    );
  });

  it('rejects a branch name even on a change it would otherwise ignore', () => {
    const fixture = loadFixture('cloud-push-multiple-changes');
    fixture.body.push.changes[1].new.name = 'release/../../etc';
    expect(() => map(fixture, tracking('main'))).toThrow(PayloadValidationError);
  });

  it('rejects repository keys with ".." or extra path segments', () => {
    const variants: Array<[string, (fixture: Fixture) => void]> = [
      ['cloud-push-main', (f) => (f.body.repository.full_name = '../widgets')],
      ['cloud-push-main', (f) => (f.body.repository.full_name = 'acme/..')],
      ['cloud-pr-created', (f) => (f.body.repository.full_name = 'acme/widgets/../x')],
      ['dc-refs-changed', (f) => (f.body.repository.slug = '..')],
      ['dc-refs-changed', (f) => (f.body.repository.project.key = 'a..b')],
      ['dc-pr-opened', (f) => (f.body.pullRequest.toRef.repository.slug = '../../etc')],
    ];
    for (const [name, mutate] of variants) {
      const fixture = loadFixture(name);
      mutate(fixture);
      expect(validationIssues(() => map(fixture, tracking('main')))[0]).toMatch(/repository/);
    }
  });

  it('rejects new hashes that are not full lower-case object ids', () => {
    const cloud = loadFixture('cloud-push-main');
    cloud.body.push.changes[0].new.target.hash = hex('C');
    expect(validationIssues(() => map(cloud, tracking('main')))[0]).toMatch(
      /^push\.changes\[0\]\.new\.target\.hash: /,
    );

    const dataCenter = loadFixture('dc-refs-changed');
    dataCenter.body.changes[0].toHash = 'cccccc';
    expect(validationIssues(() => map(dataCenter, tracking('main')))[0]).toMatch(
      /^changes\[0\]\.toHash: /,
    );
  });

  it('says which field has the wrong type, in words', () => {
    const fixture = loadFixture('cloud-push-main');
    fixture.body.push.changes = {};
    expect(validationIssues(() => map(fixture, tracking('main')))).toEqual([
      'push.changes: expected array, got object',
    ]);

    const pr = loadFixture('dc-pr-opened');
    delete pr.body.pullRequest.title;
    pr.body.pullRequest.state = 'MERGING';
    pr.body.pullRequest.createdDate = true;
    expect(validationIssues(() => map(pr, tracking('main')))).toEqual([
      'pullRequest.title: missing (expected string)',
      'pullRequest.state: expected one of OPEN|MERGED|DECLINED, got "MERGING"',
      'pullRequest.createdDate: got boolean, which matches none of the accepted types',
    ]);
  });

  it('rejects a Cloud change that names no ref at all', () => {
    const fixture = loadFixture('cloud-push-main');
    fixture.body.push.changes[0].old = null;
    fixture.body.push.changes[0].new = null;
    expect(validationIssues(() => map(fixture, tracking('main')))).toEqual([
      'push.changes[0]: both old and new are null',
    ]);
  });

  it('rejects timestamps that are not dates, without a RangeError escaping', () => {
    const cloud = loadFixture('cloud-pr-created');
    cloud.body.pullrequest.created_on = 'yesterday';
    expect(validationIssues(() => map(cloud, tracking('main')))).toEqual([
      'pullrequest.created_on: not a valid timestamp',
    ]);

    for (const value of [1e20, -1, 1.5e16, '2025-13-45T99:00:00Z']) {
      const dataCenter = loadFixture('dc-pr-opened');
      dataCenter.body.pullRequest.updatedDate = value;
      expect(validationIssues(() => map(dataCenter, tracking('main')))).toEqual([
        'pullRequest.updatedDate: not a valid timestamp',
      ]);
    }
  });

  it('rejects a body that is not an object', () => {
    const fixture = loadFixture('dc-refs-changed');
    expect(validationIssues(() => map(fixture, tracking('main'), { body: [] }))).toEqual([
      'body: expected object, got array',
    ]);
  });
});
