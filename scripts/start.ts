import { existsSync } from 'node:fs';
import {
  forgetRunningRedis,
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
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
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
