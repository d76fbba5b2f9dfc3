import { existsSync, readFileSync } from 'node:fs';
import {
  ConfigError,
  loadConfig,
  runningRedisUrlFile,
  type CodesyncConfig,
  type IndexRules,
} from '@codesync/core';
import { CliError, EXIT } from './exit-codes';

/** Reads the configuration as the worker would, turning a bad variable into exit code 2. */
export function loadCliConfig(env: NodeJS.ProcessEnv): CodesyncConfig {
  try {
    const config = loadConfig(env, 'cli');
    // Without REDIS_URL, use the Redis of the `pnpm start` running on this data directory.
    const runningUrl = runningRedisUrlFile(config.dataDir);
    if (config.redisUrlDefaulted && existsSync(runningUrl)) {
      return { ...config, redisUrl: readFileSync(runningUrl, 'utf8').trim() };
    }
    return config;
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(EXIT.usage, error.message);
    throw error;
  }
}

/** The indexing rules of the configuration, as the sync applies them. */
export function indexRules(config: CodesyncConfig): IndexRules {
  return { maxFileBytes: config.maxFileBytes, skipDirs: config.skipDirs };
}
