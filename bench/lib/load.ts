import { randomBytes, randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import type { Queue } from 'bullmq';
import { syncJobOptions, type SyncJobData } from '@codesync/core';
import { cloudPush, type SignedDelivery } from '../../scripts/lib/payloads';
import type { Scale } from './scale';
import { BENCH_SECRET, WEBHOOK_URL_PATH, type BenchStack } from './stack';

/** The repository keys the throughput deliveries are spread over. */
export function throughputRepos(scale: Scale): string[] {
  return Array.from(
    { length: scale.throughputRepos },
    (_, i) => `bench/r${String(i).padStart(4, '0')}`,
  );
}

/** Two signed deliveries per repository, sent round-robin. */
export function throughputDeliveries(scale: Scale, repos: string[]): SignedDelivery[] {
  return repos.flatMap((repo) => [0, 1].map(() => signedPush(repo, scale.deliveryBytes)));
}

function signedPush(repo: string, bytes: number): SignedDelivery {
  const hash = () => randomBytes(20).toString('hex');
  return cloudPush(repo, 'main', hash(), hash(), BENCH_SECRET, bytes);
}

/** The sync job the receiver makes of a delivery, for the baseline. */
export function jobOf(delivery: SignedDelivery): SyncJobData {
  const payload = JSON.parse(delivery.body.toString('utf8')) as {
    repository: { full_name: string };
    push: { changes: Array<{ new: { target: { hash: string } } }> };
  };
  return {
    repo: payload.repository.full_name,
    trigger: 'push',
    acceptedAt: Date.now(),
    deliveryId: delivery.headers['X-Request-UUID'] ?? randomUUID(),
    announcedTip: payload.push.changes[0]?.new.target.hash,
  };
}

/** `connections` loops of awaited `Queue.add` for `seconds`; resolves with adds per second. */
export async function addLoop(
  queue: Queue<SyncJobData>,
  jobs: SyncJobData[],
  connections: number,
  seconds: number,
): Promise<number> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let added = 0;
  await Promise.all(
    Array.from({ length: connections }, async (_, lane) => {
      for (let i = lane; performance.now() < deadline; i += connections) {
        const job = jobs[i % jobs.length]!;
        await queue.add('sync', { ...job, acceptedAt: Date.now() }, syncJobOptions(job.repo));
        added += 1;
      }
    }),
  );
  return added / ((performance.now() - started) / 1000);
}

/** What one autocannon run measured. */
export interface CannonRun {
  perSecond: number;
  latencies: number[];
  problem: string | null;
}

/** Sends the deliveries round-robin with autocannon; only 202 answers count. */
export async function hammer(
  target: Pick<BenchStack, 'baseUrl'>,
  deliveries: SignedDelivery[],
  connections: number,
  seconds: number,
  overallRate?: number,
): Promise<CannonRun> {
  let next = 0;
  const latencies: number[] = [];
  let finish!: (result: autocannon.Result) => void;
  let fail!: (error: unknown) => void;
  const finished = new Promise<autocannon.Result>(
    (resolve, reject) => ((finish = resolve), (fail = reject)),
  );
  const options: autocannon.Options = {
    url: `${target.baseUrl}${WEBHOOK_URL_PATH}`,
    method: 'POST',
    connections,
    duration: seconds,
    ...(overallRate ? { overallRate } : {}),
    requests: [
      {
        setupRequest: (request) => {
          const delivery = deliveries[next++ % deliveries.length]!;
          return { ...request, headers: delivery.headers, body: delivery.body };
        },
      },
    ],
  };
  const instance = autocannon(options, (error: unknown, result) =>
    error ? fail(error) : finish(result),
  );
  // The 'response' event carries each answer's time in ms with sub-ms precision.
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status === 202) latencies.push(ms);
  });
  const result = await finished;
  const accepted = result.statusCodeStats?.['202']?.count ?? 0;
  const other = Object.entries(result.statusCodeStats ?? {}).filter(([code]) => code !== '202');
  const problem =
    other.length > 0 || result.errors > 0
      ? `non-202 answers ${JSON.stringify(Object.fromEntries(other.map(([c, s]) => [c, s.count])))}, errors ${result.errors}, timeouts ${result.timeouts}`
      : null;
  return { perSecond: accepted / result.duration, latencies, problem };
}
