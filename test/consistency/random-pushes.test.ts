import fc from 'fast-check';
import { loadConfig, readRepoState } from '@codesync/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudPush, dataCenterPush, type SignedDelivery } from '../../scripts/lib/payloads';
import { git, GitRemote, type FileChange } from '../helpers/git-remote';
import { dumpIndex, fullRebuildDump } from '../helpers/index-oracle';
import { QueueProbe } from '../helpers/queue-probe';
import { startStack, TEST_SECRET, type Stack } from '../helpers/stack';

// Paths chosen so that operations collide: modifications, deletions and renames hit files that
// exist, and imports switch targets as `util.ts` and `util/index.ts` come and go.
const PATHS = [
  'src/a.ts',
  'src/b.ts',
  'src/util.ts',
  'src/util/index.ts',
  'lib/mod.py',
  'lib/__init__.py',
  'main.go',
  'docs/x.md',
];
const IMPORT_LINES = [
  "import { u } from './util';",
  "import b from './b';",
  "export * from '../lib/mod';",
  'from .mod import thing',
  'import "example.com/m/src"',
];

type Op =
  | { kind: 'write'; path: string; body: string; imports: number[] }
  | { kind: 'binary'; path: string }
  | { kind: 'delete'; path: string }
  | { kind: 'rename'; from: string; to: string }
  | { kind: 'force-push' }
  | { kind: 'side-branch' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('write' as const),
      path: fc.constantFrom(...PATHS),
      body: fc.string({ maxLength: 40 }),
      imports: fc.array(fc.nat(IMPORT_LINES.length - 1), { maxLength: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('binary' as const), path: fc.constantFrom(...PATHS) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...PATHS) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('rename' as const),
      from: fc.constantFrom(...PATHS),
      to: fc.constantFrom(...PATHS),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'force-push' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'side-branch' as const }) },
);

/** A scenario: pushes made of operations, then a delivery order with duplicates. */
const scenarioArb = fc.record({
  pushes: fc.array(fc.array(opArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
  order: fc.array(fc.nat(100), { minLength: 1, maxLength: 12 }),
  dataCenter: fc.boolean(),
  concurrent: fc.boolean(),
});

const RUNS = 12;
const REPOS = Array.from({ length: RUNS + 5 }, (_, i) => `acme/prop-${i}`);

describe('after any push history and any delivery order, the index equals a full rebuild', () => {
  let stack: Stack;
  let probe: QueueProbe;
  let run = 0;

  beforeAll(async () => {
    // Two worker processes with concurrency 2 each: syncs of one repository must still never overlap.
    stack = await startStack({ repos: REPOS.join(','), extraEnv: { WORKER_CONCURRENCY: '2' } });
    stack.startWorker();
    probe = new QueueProbe(stack.redis.url, stack.env.CODESYNC_QUEUE_PREFIX!);
  });
  afterAll(async () => {
    await probe?.close();
    await stack?.stop();
  });

  it('holds for random commits, force-pushes, branches, duplicates and reordering', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const key = REPOS[run++]!;
        const remote = new GitRemote(stack.remotes, key);
        remote.commit({ 'README.md': `repo ${key}\n` });
        let previous = remote.push();
        const deliveries: SignedDelivery[] = [];
        for (const ops of scenario.pushes) {
          const next = applyPush(remote, ops);
          const [project, slug] = key.split('/') as [string, string];
          deliveries.push(
            scenario.dataCenter
              ? dataCenterPush(project.toUpperCase(), slug, 'main', previous, next, TEST_SECRET)
              : cloudPush(key, 'main', previous, next, TEST_SECRET),
          );
          previous = next;
        }
        const sequence = scenario.order.map((i) => deliveries[i % deliveries.length]!);
        sequence.push(deliveries[deliveries.length - 1]!);
        await send(stack, sequence, scenario.concurrent);

        await probe.settle();
        const state = stack.withIndex((db) => readRepoState(db, key));
        expect(state?.indexedCommit).toBe(remote.head());
        const actual = stack.withIndex((db) => dumpIndex(db, key));
        const config = loadConfig(stack.env, 'worker');
        const rules = { maxFileBytes: config.maxFileBytes, skipDirs: config.skipDirs };
        expect(actual).toEqual(
          await fullRebuildDump(config.gitUrlTemplate, { key, branch: null }, rules),
        );
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    const intervals = syncIntervals(stack.logs);
    expect(intervals.size).toBe(RUNS);
    for (const [repo, spans] of intervals) {
      spans.sort((a, b) => a.start - b.start);
      for (let i = 1; i < spans.length; i += 1) {
        expect(spans[i]!.start, `syncs of ${repo} overlapped`).toBeGreaterThanOrEqual(
          spans[i - 1]!.end,
        );
      }
    }
  }, 240_000);
});

/** Start and end of every sync, per repository, from both worker processes' JSON logs. */
function syncIntervals(logs: string[]): Map<string, Array<{ start: number; end: number }>> {
  const open = new Map<string, number>();
  const spans = new Map<string, Array<{ start: number; end: number }>>();
  for (const line of logs) {
    if (!line.startsWith('worker: {')) continue;
    const entry = JSON.parse(line.slice('worker: '.length)) as {
      msg: string;
      repo?: string;
      jobId?: string;
      time: number;
    };
    if (!entry.repo || !entry.jobId) continue;
    const id = `${entry.repo}#${entry.jobId}`;
    if (entry.msg === 'sync started') open.set(id, entry.time);
    if (entry.msg === 'sync finished' || entry.msg.startsWith('sync failed')) {
      const start = open.get(id);
      if (start === undefined) continue;
      open.delete(id);
      spans.set(entry.repo, [...(spans.get(entry.repo) ?? []), { start, end: entry.time }]);
    }
  }
  return spans;
}

function applyPush(remote: GitRemote, ops: Op[]): string {
  for (const op of ops) {
    const exists = (p: string) => git(remote.work, 'ls-files', '--', p) !== '';
    if (op.kind === 'write') {
      const imports = op.imports.map((i) => IMPORT_LINES[i]).join('\n');
      remote.commit({ [op.path]: `${imports}\n// ${op.body}\n` } as Record<string, FileChange>);
    } else if (op.kind === 'binary') {
      remote.commit({ [op.path]: Buffer.from([0, 1, 2, 3, op.path.length]) });
    } else if (op.kind === 'delete' && exists(op.path)) {
      remote.commit({ [op.path]: null });
    } else if (
      op.kind === 'rename' &&
      op.from !== op.to &&
      exists(op.from) &&
      !exists(op.to) &&
      !clashes(remote, op.to)
    ) {
      remote.rename(op.from, op.to);
    } else if (op.kind === 'force-push') {
      if (git(remote.work, 'rev-list', '--count', 'HEAD') !== '1')
        git(remote.work, 'reset', '--hard', '--quiet', 'HEAD~1');
      remote.commit({ 'docs/rewritten.md': `rewritten ${Date.now()}\n` });
      return remote.push({ force: true });
    } else if (op.kind === 'side-branch') {
      remote.push({ branch: `feature/side-${Date.now()}` });
    }
  }
  remote.commit({}, 'push');
  return remote.push({ force: true });
}

// `src/util.ts` and `src/util/index.ts` cannot both become a file and a directory of one name.
function clashes(remote: GitRemote, to: string): boolean {
  return git(remote.work, 'ls-files', '--', `${to}/`) !== '';
}

async function send(stack: Stack, sequence: SignedDelivery[], concurrent: boolean): Promise<void> {
  const post = async (delivery: SignedDelivery) => {
    const response = await fetch(`${stack.baseUrl}/webhooks/bitbucket`, {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.body,
    });
    expect(response.status).toBe(202);
  };
  if (concurrent) await Promise.all(sequence.map(post));
  else for (const delivery of sequence) await post(delivery);
}
