import { existsSync } from 'node:fs';
import {
  forgetRunningRedis,
  readRunningRedis,
  recordRunningRedis,
  redactUrlPassword,
  runningRedisUrlFile,
} from '@codesync/core';
import path from 'node:path';
import { ensureRedis } from './lib/redis';
import { ROOT, startService, type ServiceProcess } from './lib/service-process';

/**
 * `pnpm start`: the receiver and the worker as two processes, with Redis found or started
 * (see ensureRedis). Stops both, and a Redis it started, on Ctrl-C or SIGTERM.
 */
async function main(): Promise<void> {
  const envFile = path.join(ROOT, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const dataDir = path.resolve(process.env.CODESYNC_DATA_DIR ?? path.join(ROOT, '.codesync'));
  // A signal during start-up is held until there is something to stop, so that a redis-server
  // being started is not left behind.
  let signalled = false;
  let onSignal: () => void = () => (signalled = true);
  process.on('SIGINT', () => onSignal());
  process.on('SIGTERM', () => onSignal());
  const redis = await ensureRedis(process.env, dataDir);
  if (redis.owned) {
    console.error(
      `codesync: started a private redis-server at ${redis.url} (data in ${dataDir}/redis)`,
    );
  }
  let services: ServiceProcess[];
  try {
    rememberRedisForCli(dataDir, redis.url);
    const env = { ...process.env, REDIS_URL: redis.url, CODESYNC_DATA_DIR: dataDir };
    services = [startService('receiver', env), startService('worker', env)];
  } catch (error) {
    // Never leave a redis-server this run started behind a failed start.
    await redis.stop();
    throw error;
  }

  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(services.map((s) => s.stop()));
    await redis.stop();
    forgetRunningRedis(dataDir);
    process.exit(code);
  };
  for (const service of services) {
    service.exited.then((code) => {
      if (!stopping) {
        console.error(`codesync: ${service.name} exited with code ${code}; stopping the rest`);
        void stopAll(code === 0 ? 1 : (code ?? 1));
      }
    });
  }
  onSignal = () => void stopAll(0);
  if (signalled) onSignal();
  // pnpm does not pass a SIGTERM sent to it on to its script: when a supervisor kills pnpm,
  // this process is re-parented, and that is the signal to stop everything it started.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stopAll(0);
  }, 500).unref();
}

// The record is a convenience for CLI commands run without REDIS_URL: failing to write it is
// worth a warning that says what to do instead, not a refusal to start.
function rememberRedisForCli(dataDir: string, url: string): void {
  // Another run on this data directory keeps its record: its stop, not ours, removes it.
  const other = readRunningRedis(dataDir);
  if (other && other.pid !== process.pid) {
    if (other.url !== url) {
      console.error(
        `codesync: warning: another pnpm start (pid ${other.pid}) on ${dataDir} uses another ` +
          `Redis (${redactUrlPassword(other.url)}); CLI commands without REDIS_URL go to that one`,
      );
    }
    return;
  }
  try {
    recordRunningRedis(dataDir, url);
  } catch (error) {
    console.error(
      `codesync: warning: cannot record the Redis in use at ${runningRedisUrlFile(dataDir)} ` +
        `(${(error as Error).message}); check CODESYNC_DATA_DIR is writable, and run CLI ` +
        `commands with REDIS_URL=${redactUrlPassword(url)}`,
    );
  }
}

main().catch((error) => {
  console.error(`codesync: ${(error as Error).message}`);
  process.exit(1);
});
