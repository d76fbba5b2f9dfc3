/** How big each benchmark is; `BENCH_QUICK=1` picks the small variant. */
export interface Scale {
  name: 'full' | 'quick';
  bigFiles: number;
  bigBytes: number;
  smallFiles: number;
  smallBytes: number;
  /** Seconds of each autocannon / Queue.add round, and how many alternating rounds. */
  throughputSeconds: number;
  throughputRounds: number;
  latencySeconds: number;
  latencyRate: number;
  connections: number;
  /** Configured repositories the throughput deliveries are spread over. */
  throughputRepos: number;
  deliveryBytes: number;
  freshnessPushes: number;
  smallPushes: number;
  burstPushes: number;
  burstWindowMs: number;
  searchQueries: number;
}

const FULL: Scale = {
  name: 'full',
  bigFiles: 20_000,
  bigBytes: 200_000_000,
  smallFiles: 100,
  smallBytes: 1_000_000,
  throughputSeconds: 6,
  throughputRounds: 2,
  latencySeconds: 10,
  latencyRate: 1_000,
  connections: 64,
  throughputRepos: 1_000,
  deliveryBytes: 8 * 1024,
  freshnessPushes: 100,
  smallPushes: 50,
  burstPushes: 200,
  burstWindowMs: 1_000,
  searchQueries: 100,
};

const QUICK: Scale = {
  ...FULL,
  name: 'quick',
  bigFiles: 2_000,
  bigBytes: 20 * 1_000_000,
  throughputSeconds: 3,
  throughputRounds: 1,
  latencySeconds: 4,
  freshnessPushes: 20,
  smallPushes: 20,
};

export function scaleFromEnv(env: NodeJS.ProcessEnv): Scale {
  return env.BENCH_QUICK === '1' ? QUICK : FULL;
}
