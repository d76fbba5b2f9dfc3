import { ConfigError, createLogger, loadConfig } from '@codesync/core';
import { startWorker } from './runtime';

const log = createLogger('worker');

async function main(): Promise<void> {
  const config = loadConfig(process.env, 'worker');
  log.level = config.logLevel;
  const runtime = await startWorker(config, log);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing current jobs');
    runtime
      .close()
      .then(() => {
        log.info('worker stopped');
        process.exit(0);
      })
      .catch((error) => {
        log.error({ err: (error as Error).message }, 'error while shutting down');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error) => {
  if (error instanceof ConfigError) log.fatal(error.message);
  else log.fatal({ err: (error as Error).message }, 'worker failed to start');
  process.exit(1);
});
