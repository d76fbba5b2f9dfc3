import { describe, expect, it } from 'vitest';

import type { PullRequestRecord } from '../../src/queue/job-types';
import {
  deliveryIdOf,
  detectPlatform,
  mapDelivery,
  signBody,
  verifySignature,
  type MappedDelivery,
  type RepoLookup,
} from '../../src/webhook';
import { RECEIVED_AT, deliveryOf, fixtureNames, loadFixture } from './fixtures';

const SECRET = 'fixture secret';
const tracksMain: RepoLookup = (key) => (key === 'acme/widgets' ? { branch: 'main' } : undefined);

const hex = (digit: string) => digit.repeat(40);

const cloudPullRequest: PullRequestRecord = {
  repo: 'acme/widgets',
  id: 42,
  title: 'Add login form',
  description:
    'Adds the login form and session handling.\r\n\r\n* form validation\r\n* session cookie',
  author: 'Dana Developer',
  state: 'OPEN',
  sourceBranch: 'feature/login',
  destinationBranch: 'main',
  sourceCommit: 'dddddddddddd',
  createdAt: '2025-03-04T11:05:30.118Z',
  updatedAt: '2025-03-04T11:05:31.004Z',
  version: null,
};

const dataCenterPullRequest: PullRequestRecord = {
  repo: 'acme/widgets',
  id: 7,
  title: 'Add login form',
  description: 'Adds the login form and session handling.',
  author: 'Dana Developer',
  state: 'OPEN',
  sourceBranch: 'feature/login',
  destinationBranch: 'main',
  sourceCommit: hex('d'),
  createdAt: '2025-03-04T11:05:30.000Z',
  updatedAt: '2025-03-04T11:05:30.000Z',
  version: 0,
};

function pushSync(deliveryId: string, announcedTip: string): MappedDelivery {
  return {
    outcome: 'queue',
    syncs: [
      { repo: 'acme/widgets', trigger: 'push', deliveryId, acceptedAt: RECEIVED_AT, announcedTip },
    ],
    pullRequests: [],
    summary: 'sync acme/widgets (main)',
  };
}

function upsert(
  eventKey: string,
  deliveryId: string,
  pullRequest: PullRequestRecord,
): MappedDelivery {
  return {
    outcome: 'queue',
    syncs: [],
    pullRequests: [{ pullRequest, eventKey, deliveryId }],
    summary: `pull request acme/widgets#${pullRequest.id} ${pullRequest.state.toLowerCase()}`,
  };
}

const notTracked: MappedDelivery = {
  outcome: 'ignored',
  reason: 'branch_not_tracked: feature/login (tracking main)',
};

// Every fixture, mapped for a receiver that tracks `main` of acme/widgets.
const expected: Record<string, MappedDelivery> = {
  'cloud-push-main': pushSync('d6886168-4f42-4ddc-984d-eb61cb89135a', hex('c')),
  'cloud-push-branch-created': notTracked,
  'cloud-push-branch-deleted': notTracked,
  'cloud-push-forced': notTracked,
  'cloud-push-tag': {
    outcome: 'ignored',
    reason: 'no_branch_changes: 1 tag or other ref change(s)',
  },
  'cloud-push-multiple-changes': pushSync('c2a6428c-0d58-45c9-989e-31fee8d16a9a', hex('1')),
  'cloud-push-truncated': pushSync('9f42c1ee-93a5-48fc-9b32-0904a0f41744', hex('9')),
  'cloud-pr-created': upsert(
    'pullrequest:created',
    'aa75ca4f-031d-4f16-96b6-6e66ffc766bf',
    cloudPullRequest,
  ),
  'cloud-pr-updated': upsert('pullrequest:updated', '22e65957-609c-474c-ba22-59f76d88dafd', {
    ...cloudPullRequest,
    sourceCommit: 'ffffffffffff',
    updatedAt: '2025-03-04T11:42:40.377Z',
  }),
  'cloud-pr-rejected': upsert('pullrequest:rejected', '118dc431-11b3-4291-ad4f-0fbb2c4e0c73', {
    ...cloudPullRequest,
    state: 'DECLINED',
    sourceCommit: 'ffffffffffff',
    updatedAt: '2025-03-04T12:15:09.640Z',
  }),
  'cloud-pr-comment-created': upsert(
    'pullrequest:comment_created',
    'c380514e-b8d1-4939-bc1c-b260ef2d9f7d',
    { ...cloudPullRequest, updatedAt: '2025-03-04T11:20:44.951Z' },
  ),
  'cloud-pr-fulfilled': {
    outcome: 'queue',
    syncs: [
      {
        repo: 'acme/widgets',
        trigger: 'pull-request',
        deliveryId: '4f540a3e-d36f-4873-93bb-5e423b46aa02',
        acceptedAt: RECEIVED_AT,
        // Cloud's merge_commit hash is abbreviated, so no tip is announced.
      },
    ],
    pullRequests: [
      {
        eventKey: 'pullrequest:fulfilled',
        deliveryId: '4f540a3e-d36f-4873-93bb-5e423b46aa02',
        pullRequest: {
          ...cloudPullRequest,
          state: 'MERGED',
          sourceCommit: 'ffffffffffff',
          updatedAt: '2025-03-04T13:00:06.220Z',
        },
      },
    ],
    summary: 'pull request acme/widgets#42 merged; sync acme/widgets (main)',
  },
  'dc-refs-changed': pushSync('d42d2da3-4ac7-4392-ba9c-f765295cb556', hex('c')),
  'dc-refs-changed-delete': notTracked,
  'dc-pr-opened': upsert(
    'pr:opened',
    'a25d58cf-00f9-42fd-9f85-803b367e28ab',
    dataCenterPullRequest,
  ),
  'dc-pr-merged': {
    outcome: 'queue',
    syncs: [
      {
        repo: 'acme/widgets',
        trigger: 'pull-request',
        deliveryId: 'e18191ae-7464-403b-be8c-81b9741d97db',
        acceptedAt: RECEIVED_AT,
        announcedTip: 'ab'.repeat(20),
      },
    ],
    pullRequests: [
      {
        eventKey: 'pr:merged',
        deliveryId: 'e18191ae-7464-403b-be8c-81b9741d97db',
        pullRequest: {
          ...dataCenterPullRequest,
          version: 3,
          state: 'MERGED',
          sourceCommit: hex('f'),
          updatedAt: '2025-03-04T13:00:06.000Z',
        },
      },
    ],
    summary: 'pull request acme/widgets#7 merged; sync acme/widgets (main)',
  },
  'dc-diagnostics-ping': { outcome: 'ping' },
};

describe('mapDelivery on the shared fixtures', () => {
  it('has an expectation for every fixture file, and no stale ones', () => {
    expect(Object.keys(expected).sort()).toEqual(fixtureNames());
  });

  it.each(fixtureNames())('%s maps to its exact jobs', (name) => {
    expect(mapDelivery(deliveryOf(loadFixture(name)), tracksMain)).toStrictEqual(expected[name]);
  });

  it.each(fixtureNames())('%s passes the receiver path: sign, verify, detect, map', (name) => {
    const fixture = loadFixture(name);
    const rawBody = Buffer.from(JSON.stringify(fixture.body), 'utf8');
    const headers: Record<string, string> = {
      ...fixture.headers,
      'x-hub-signature': signBody(rawBody, SECRET),
    };

    expect(verifySignature(rawBody, headers['x-hub-signature'], [SECRET])).toEqual({ ok: true });
    const body: unknown = JSON.parse(rawBody.toString('utf8'));
    const result = mapDelivery(
      {
        eventKey: headers['x-event-key'] ?? '',
        platform: detectPlatform(headers, body),
        deliveryId: deliveryIdOf(headers),
        body,
        receivedAt: RECEIVED_AT,
      },
      tracksMain,
    );
    expect(result).toStrictEqual(expected[name]);
  });
});
