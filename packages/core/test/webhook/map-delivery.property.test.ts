import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { PullRequestRecord, SyncJobData } from '../../src/queue/job-types';
import {
  isAbbreviatedHash,
  isFullHash,
  isNullHash,
  isValidBranchName,
  normalizeRepoKey,
} from '../../src/validate/identifiers';
import {
  PayloadValidationError,
  mapDelivery,
  type MappedDelivery,
  type RepoLookup,
} from '../../src/webhook';
import { RECEIVED_AT, fixtureNames, loadFixture } from './fixtures';

const HANDLED_KEYS = [
  'diagnostics:ping',
  'repo:push',
  'repo:refs_changed',
  'pullrequest:created',
  'pullrequest:fulfilled',
  'pullrequest:comment_created',
  'pr:opened',
  'pr:merged',
  'pr:reviewer:needs_work',
  'pr:reviewer:changes_requested',
  'pr:deleted',
  'repo:fork',
];

// Values that have tripped receivers: option-looking and traversal names, wrong-case and zero
// hashes, out-of-range numbers, and type swaps.
const nastyValue = fc.oneof(
  fc.constantFrom(
    '-main',
    '--upload-pack=x',
    '../x',
    'a/..',
    'refs/heads/-x',
    'main',
    'feature/x',
    'BRANCH',
    'TAG',
    'DELETE',
    'MERGED',
    '0'.repeat(40),
    'C'.repeat(40),
    'abc',
    '',
    ' ',
    '\u0000',
    '2025-03-04T11:05:30+0000',
    1e20,
    -1,
    0,
    1.5,
    true,
    null,
    [],
    {},
  ),
  fc.jsonValue({ maxDepth: 2 }),
  fc.anything({ maxDepth: 2 }),
);

type Path = Array<string | number>;

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [];
  const entries: Array<readonly [string | number, unknown]> = Array.isArray(value)
    ? value.map((item, index) => [index, item] as const)
    : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

interface Mutation {
  pick: number;
  kind: 'delete' | 'null' | 'replace';
  value: unknown;
}

const mutation = fc.record({
  pick: fc.nat(),
  kind: fc.constantFrom<Mutation['kind']>('delete', 'null', 'replace'),
  value: nastyValue,
});

function mutate(body: unknown, mutations: Mutation[]): unknown {
  for (const { pick, kind, value } of mutations) {
    const paths = pathsOf(body);
    const path = paths[pick % Math.max(paths.length, 1)];
    if (path === undefined) return body;

    const parent = path.slice(0, -1).reduce<any>((node, key) => node[key], body);
    const key = path[path.length - 1] as string | number;
    if (kind === 'delete') delete parent[key];
    else parent[key] = kind === 'null' ? null : value;
  }
  return body;
}

const lookup = fc.constantFrom<RepoLookup>(
  () => ({ branch: 'main' }),
  () => ({ branch: 'feature/login' }),
  () => ({ branch: null }),
  () => undefined,
);

/** Runs mapDelivery and checks the contract: PayloadValidationError or a validated result. */
function checkContract(eventKey: string, body: unknown, repoLookup: RepoLookup): void {
  const asked: string[] = [];
  let result: MappedDelivery;
  try {
    result = mapDelivery(
      { eventKey, platform: 'cloud', deliveryId: 'id-1', body, receivedAt: RECEIVED_AT },
      (key) => {
        asked.push(key);
        return repoLookup(key);
      },
    );
  } catch (error) {
    expect(error).toBeInstanceOf(PayloadValidationError);
    const issues = (error as PayloadValidationError).issues;
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) expect(typeof issue).toBe('string');
    return;
  }

  for (const key of asked) expect(normalizeRepoKey(key)).toBe(key);
  checkResult(result);
}

function checkResult(result: MappedDelivery): void {
  switch (result.outcome) {
    case 'ping':
      expect(result).toStrictEqual({ outcome: 'ping' });
      return;
    case 'ignored':
      expect(result.reason).toMatch(/^[a-z_]+: [\x20-\x7e…]+$/);
      return;
    case 'queue':
      expect(result.syncs.length).toBeLessThanOrEqual(1);
      expect(result.syncs.length + result.pullRequests.length).toBeGreaterThan(0);
      result.syncs.forEach(checkSync);
      for (const job of result.pullRequests) {
        expect(job.deliveryId).toBe('id-1');
        checkPullRequest(job.pullRequest);
      }
      expect(result.summary).not.toMatch(/[\n\r]/);
  }
}

function checkSync(job: SyncJobData): void {
  expect(normalizeRepoKey(job.repo)).toBe(job.repo);
  expect(['push', 'pull-request']).toContain(job.trigger);
  expect(job.acceptedAt).toBe(RECEIVED_AT);
  expect(job.deliveryId).toBe('id-1');
  if (job.announcedTip !== undefined) {
    expect(isFullHash(job.announcedTip) && !isNullHash(job.announcedTip)).toBe(true);
  }
}

function checkPullRequest(record: PullRequestRecord): void {
  expect(normalizeRepoKey(record.repo)).toBe(record.repo);
  expect(Number.isSafeInteger(record.id) && record.id > 0).toBe(true);
  expect(isValidBranchName(record.sourceBranch)).toBe(true);
  expect(isValidBranchName(record.destinationBranch)).toBe(true);
  expect(['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED']).toContain(record.state);
  expect(record.sourceCommit === null || isAbbreviatedHash(record.sourceCommit)).toBe(true);
  for (const time of [record.createdAt, record.updatedAt]) {
    expect(new Date(time).toISOString()).toBe(time);
  }
  for (const text of [record.title, record.description, record.author]) {
    expect(typeof text).toBe('string');
  }
  expect(record.version === null || Number.isSafeInteger(record.version)).toBe(true);
}

describe('mapDelivery properties', () => {
  it('throws only PayloadValidationError for arbitrary bodies under every event key', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...HANDLED_KEYS),
        fc.oneof(fc.anything(), fc.jsonValue()),
        lookup,
        checkContract,
      ),
      { numRuns: 1000 },
    );
  });

  it('throws only PayloadValidationError for fixtures with keys dropped, nulled or retyped', () => {
    const fixtures = fixtureNames().map(loadFixture);
    fc.assert(
      fc.property(
        fc.constantFrom(...fixtures),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        lookup,
        (fixture, mutations, repoLookup) => {
          const body = mutate(structuredClone(fixture.body), mutations);
          checkContract(fixture.headers['x-event-key'] ?? '', body, repoLookup);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('ignores any unknown event key without reading the body', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.anything(), (eventKey, body) => {
        fc.pre(!HANDLED_KEYS.includes(eventKey));
        const result = mapDelivery(
          { eventKey, platform: 'data-center', body, receivedAt: RECEIVED_AT },
          () => ({ branch: 'main' }),
        );
        expect(result.outcome).toBe('ignored');
        checkResult(result);
      }),
    );
  });
});
