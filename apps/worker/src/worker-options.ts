import { ConfigError, readShutdownTimeoutMs } from '@codesync/core';

/** Settings only the worker process reads, beside the shared `loadConfig`. */
export interface WorkerOptions {
  /** Port of the worker's own /health and /metrics server; 0 picks a free one. */
  metricsPort: number;
  /** How long a shutdown waits for running jobs before handing them back to the queue. */
  shutdownMs: number;
}

/** The conventional port of a Prometheus exporter that has no registered port of its own. */
export const DEFAULT_WORKER_METRICS_PORT = 9464;

/** Reads WORKER_METRICS_PORT and SHUTDOWN_TIMEOUT_SECONDS; throws a `ConfigError` naming them. */
export function readWorkerOptions(env: Record<string, string | undefined>): WorkerOptions {
  const problems: string[] = [];
  let metricsPort = DEFAULT_WORKER_METRICS_PORT;
  const rawPort = env.WORKER_METRICS_PORT;
  if (rawPort !== undefined && rawPort !== '') {
    metricsPort = Number(rawPort);
    if (!/^\d+$/.test(rawPort) || metricsPort > 65_535) {
      problems.push(`WORKER_METRICS_PORT: expected 0..65535, got "${rawPort}"`);
    }
  }
  let shutdownMs = 0;
  try {
    shutdownMs = readShutdownTimeoutMs(env);
  } catch (error) {
    problems.push(...(error as ConfigError).problems);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { metricsPort, shutdownMs };
}
