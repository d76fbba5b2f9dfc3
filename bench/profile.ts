import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cloudPush } from '../scripts/lib/payloads';
import type { BenchRepo } from './lib/bench-repo';
import { summariseProfile, type ProfileSummary } from './lib/cpu-profile';
import { seedMirror } from './lib/mirror';
import type { Scale } from './lib/scale';
import { BENCH_SECRET, type BenchStack } from './lib/stack';

const PRELOAD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lib/profile-preload.cjs');

/** Starts sampling in a process started with `profilingEnv`. */
export function startProfiler(pid: number | undefined): void {
  if (pid !== undefined) process.kill(pid, 'SIGUSR2');
}

/** Environment that makes a codesync process write a CPU profile to `out` when it exits. */
export function profilingEnv(out: string): NodeJS.ProcessEnv {
  return { NODE_OPTIONS: `--require ${PRELOAD}`, BENCH_PROFILE_OUT: out };
}

/**
 * Runs the big repository's full index once more in a fresh worker that samples itself
 * (see profile-preload.cjs) into a fresh data directory, and sums self time per function.
 * Profiling slows the worker, so none of the table's figures come from this run.
 */
export async function profileFullIndex(
  tmp: string,
  stack: BenchStack,
  big: BenchRepo,
  scale: Scale,
): Promise<ProfileSummary> {
  await stack.stopWorker();
  const dataDir = path.join(tmp, 'data-profile');
  const out = path.join(tmp, 'worker.cpuprofile');
  await seedMirror(dataDir, big.key, big.bare);
  const worker = await stack.startWorker({ CODESYNC_DATA_DIR: dataDir, ...profilingEnv(out) });
  startProfiler(worker.child.pid);
  const from = stack.logs.syncs.length;
  const answer = await stack.deliver(
    cloudPush(big.key, 'main', null, big.head, BENCH_SECRET, scale.deliveryBytes),
  );
  if (answer.status !== 202) throw new Error(`profiling delivery answered ${answer.status}`);
  await stack.logs.waitForSync(
    (e) => e.repo === big.key && e.outcome === 'full',
    10 * 60_000,
    from,
  );
  await stack.stopWorker();
  return summariseProfile(out);
}
