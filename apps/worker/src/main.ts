import {
  ConfigError,
  createLogger,
  exitOnSignal,
  loadConfig,
  runShutdownStep,
} from '@codesync/core';
import { createWorkerMetrics } from './metrics';
import { createOpsApp, listenOps, type OpsServer } from './ops-server';
import { startWorker, type WorkerRuntime } from './runtime';
import { readWorkerOptions } from './worker-options';

const log = createLogger('worker');

async function main(): Promise<void> {
  const config = loadConfig(process.env, 'worker');
  const { metricsPort, shutdownMs } = readWorkerOptions(process.env);
  log.level = config.logLevel;

  let runtime: WorkerRuntime | null = null;
  let ops: OpsServer | null = null;
  // The watchdog leaves room for the steps after the job deadline (SQLite, Redis, HTTP).
  exitOnSignal(
    log,
    async (signal) => {
      log.info({ signal, shutdownMs }, 'shutting down: finishing running jobs');
      const started = Date.now();
      if (runtime) await runtime.close(shutdownMs);
      if (ops) await runShutdownStep(log, 'close metrics server', ops.close, 1_000);
      log.info({ ms: Date.now() - started }, 'worker stopped');
    },
    shutdownMs + 10_000,
  );

  const metrics = createWorkerMetrics({ processMetrics: true });
  runtime = await startWorker(config, log, { metrics });
  const running = runtime;
  ops = await listenOps(
    createOpsApp(metrics.registry, () => running.health()),
    config.host,
    metricsPort,
  );
  log.info({ port: ops.port, host: config.host }, 'worker metrics and health listening');
}

main().catch((error) => {
  if (error instanceof ConfigError) log.fatal(error.message);
  else log.fatal({ err: (error as Error).message }, 'worker failed to start');
  process.exit(1);
});
