import path from 'node:path';
import { Queue } from 'bullmq';
import { connectProducer, SYNC_QUEUE, type SyncJobData } from '@codesync/core';
import type { SignedDelivery } from '../scripts/lib/payloads';
import { summariseProfile, type ProfileSummary } from './lib/cpu-profile';
import { startHttpFloor } from './lib/http-floor';
import { pacedRun, type PacedRun } from './lib/paced';
import {
  addLoop,
  hammer,
  jobOf,
  throughputDeliveries,
  throughputRepos,
  type CannonRun,
} from './lib/load';
import type { Scale } from './lib/scale';
import { startBenchStack } from './lib/stack';
import { fmt, percentile } from './lib/stats';
import { ratio, type Row } from './lib/table';
import { profilingEnv, startProfiler } from './profile';

const WARM_UP_SECONDS = 1;

/**
 * Receiver throughput and latency. The receiver runs as its own process against a private
 * Redis with `throughputRepos` configured repositories, and every delivery maps to a real sync
 * job. Jobs are deduplicated per repository and no worker drains them, so the first delivery
 * per repository creates a job and the rest are deduplicated adds; the baseline sends the same
 * jobs with the same options straight to `Queue.add`, so it meets the same mix.
 */
export async function benchReceiver(scale: Scale, tmp: string): Promise<Row[]> {
  const repos = throughputRepos(scale);
  const stack = await startBenchStack({
    tmp,
    prefix: 'bench-rx',
    repos: repos.join(','),
    remotes: tmp,
  });
  try {
    const deliveries = throughputDeliveries(scale, repos);
    const jobs = deliveries.map((d) => jobOf(d));
    const connection = connectProducer(stack.redis.url);
    const baseline = new Queue<SyncJobData>(SYNC_QUEUE, { connection, prefix: 'bench-baseline' });
    const receiverQueue = new Queue<SyncJobData>(SYNC_QUEUE, { connection, prefix: stack.prefix });
    try {
      await baseline.waitUntilReady();
      await hammer(stack, deliveries, scale.connections, WARM_UP_SECONDS);
      await addLoop(baseline, jobs, scale.connections, WARM_UP_SECONDS);
      const receiverRates: number[] = [];
      const baselineRates: number[] = [];
      const problems: string[] = [];
      for (let round = 0; round < scale.throughputRounds; round += 1) {
        const run = await hammer(stack, deliveries, scale.connections, scale.throughputSeconds);
        if (run.problem) problems.push(run.problem);
        receiverRates.push(run.perSecond);
        baselineRates.push(
          await addLoop(baseline, jobs, scale.connections, scale.throughputSeconds),
        );
      }
      const stored = await receiverQueue.getJobCounts('waiting');
      const floor = await httpFloorRate(deliveries, scale);
      const latency = await hammer(
        stack,
        deliveries,
        scale.connections,
        scale.latencySeconds,
        scale.latencyRate,
      );
      const paced = await pacedRun(
        stack.baseUrl,
        deliveries,
        scale.latencyRate,
        scale.latencySeconds,
        scale.connections,
      );
      return [
        throughputRow(scale, {
          receiverRates,
          baselineRates,
          problems,
          jobs: stored.waiting ?? 0,
          floor,
        }),
        latencyRow(scale, latency, paced),
      ];
    } finally {
      await Promise.allSettled([baseline.close(), receiverQueue.close()]);
      await connection.quit().catch(() => connection.disconnect());
    }
  } finally {
    await stack.stop();
  }
}

/**
 * Profiles a separate receiver process while autocannon drives it at full concurrency for one
 * throughput round; none of the table's figures come from this run.
 */
export async function profileReceiver(scale: Scale, tmp: string): Promise<ProfileSummary> {
  const repos = throughputRepos(scale);
  const out = path.join(tmp, 'receiver.cpuprofile');
  const stack = await startBenchStack({
    tmp,
    prefix: 'bench-rx-profile',
    repos: repos.join(','),
    remotes: tmp,
    receiverEnv: profilingEnv(out),
  });
  try {
    const deliveries = throughputDeliveries(scale, repos);
    await hammer(stack, deliveries, scale.connections, WARM_UP_SECONDS);
    startProfiler(stack.receiver.child.pid);
    await hammer(stack, deliveries, scale.connections, scale.throughputSeconds);
  } finally {
    await stack.stop();
  }
  return summariseProfile(out);
}

/**
 * One round against a bare node:http server that reads the same deliveries and answers 202
 * without doing anything: context for the throughput row, not its baseline.
 */
async function httpFloorRate(deliveries: SignedDelivery[], scale: Scale): Promise<number> {
  const floor = await startHttpFloor();
  try {
    return (
      await hammer({ baseUrl: floor.url }, deliveries, scale.connections, scale.throughputSeconds)
    ).perSecond;
  } finally {
    await floor.stop();
  }
}

interface ThroughputRuns {
  receiverRates: number[];
  baselineRates: number[];
  problems: string[];
  jobs: number;
  floor: number;
}

function throughputRow(scale: Scale, runs: ThroughputRuns): Row {
  const { receiverRates: receiver, baselineRates: baseline, problems, jobs, floor } = runs;
  const best = Math.max(...receiver);
  const base = Math.max(...baseline);
  const rounds =
    scale.throughputRounds > 1
      ? `best of ${scale.throughputRounds} alternating rounds of ${scale.throughputSeconds} s (receiver ${receiver.map((r) => fmt(r, 0)).join(', ')}; baseline ${baseline.map((r) => fmt(r, 0)).join(', ')})`
      : `one round of ${scale.throughputSeconds} s`;
  return {
    what: 'receiver throughput',
    measure: `signed ${scale.deliveryBytes / 1024} KB Cloud push deliveries answered 202 per second, ${scale.connections} connections`,
    figure: `${fmt(best, 0)} /s`,
    baseline: `${fmt(base, 0)} Queue.add/s`,
    ratio: ratio(best, base),
    target: '≥ 0.80× baseline',
    met: best >= 0.8 * base && problems.length === 0,
    note:
      `${rounds}. Deliveries spread over ${scale.throughputRepos} configured repositories; ${jobs} sync jobs were stored, every later delivery of a repository was a deduplicated add (BullMQ \`deduplication\` + \`keepLastIfActive\`), and the baseline meets the same mix with the same job options. The receiver's Redis connection uses ioredis auto-pipelining (the commands of one event-loop turn share one socket write); the baseline is BullMQ over a default connection. For context, a bare node:http server that only reads the same deliveries and answers 202 did ${fmt(floor, 0)}/s under the same autocannon load (${ratio(floor, base)} of the baseline).` +
      (problems.length > 0 ? ` Problems: ${problems.join('; ')}.` : '') +
      (best >= 0.8 * base
        ? ''
        : ` Missed: ${fmt(best, 0)}/s is ${ratio(best, base)} of the baseline.`),
  };
}

function latencyRow(scale: Scale, run: CannonRun, paced: PacedRun): Row {
  const p50 = percentile(run.latencies, 50);
  const p99 = percentile(run.latencies, 99);
  const achieved = run.latencies.length / scale.latencySeconds;
  return {
    what: 'receiver latency',
    measure: `p50 / p99 time to the 202 at ${fmt(scale.latencyRate, 0)} deliveries/s (${scale.latencySeconds} s, ${scale.connections} connections)`,
    figure: `${fmt(p50, 2)} / ${fmt(p99, 2)} ms (${fmt(achieved, 0)}/s achieved)`,
    baseline: '—',
    ratio: '—',
    target: 'p99 < 25 ms',
    met: p99 < 25 && run.problem === null,
    note:
      `${run.latencies.length} deliveries answered 202 (${fmt(achieved, 0)}/s achieved); latency is autocannon's per-response time, without coordinated-omission correction. autocannon's rate limit lets each connection send its share of a second back to back when that second starts, so deliveries arrive in bursts with up to ${scale.connections} in flight and most of each time is waiting behind the rest of the burst. For context, not the figure: the same rate sent evenly (one delivery every ${fmt(1000 / scale.latencyRate, 1)} ms over up to ${scale.connections} keep-alive sockets, ${paced.accepted} answered 202, ${paced.other} otherwise) took p50 ${fmt(percentile(paced.latencies, 50), 2)} / p99 ${fmt(percentile(paced.latencies, 99), 2)} ms, timed from when each delivery was due.` +
      (achieved < 0.95 * scale.latencyRate
        ? ' The receiver did not sustain the requested rate on this machine, so these times include queueing at the receiver.'
        : '') +
      (run.problem ? ` Problems: ${run.problem}.` : '') +
      (p99 < 25 ? '' : ` Missed: p99 ${fmt(p99, 2)} ms.`),
  };
}
