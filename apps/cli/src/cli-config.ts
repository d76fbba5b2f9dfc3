import {
  ConfigError,
  loadConfig,
  readRedisRecord,
  type CodesyncConfig,
  type IndexRules,
} from '@codesync/core';
import { CliError, EXIT } from './exit-codes';

/** The configuration as the CLI uses it: where the Redis URL came from is said in errors. */
export type CliConfig = CodesyncConfig & { redisUrlSource: string };

/** Reads the configuration as the worker would, turning a bad variable into exit code 2. */
export function loadCliConfig(env: NodeJS.ProcessEnv): CliConfig {
  try {
    const config = loadConfig(env, 'cli');
    // Without REDIS_URL, use the Redis of the `pnpm start` running on this data directory.
    if (!config.redisUrlDefaulted) return { ...config, redisUrlSource: 'REDIS_URL' };
    const record = readRedisRecord(config.dataDir);
    if (record?.alive) {
      const source = `recorded by pnpm start (pid ${record.pid}) in ${record.file}`;
      return { ...config, redisUrl: record.url, redisUrlSource: source };
    }
    const source = record
      ? `default; ignored ${record.file}: the pnpm start (pid ${record.pid}) that wrote it is not running`
      : 'default';
    return { ...config, redisUrlSource: source };
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(EXIT.usage, error.message);
    throw error;
  }
}

/** The indexing rules of the configuration, as the sync applies them. */
export function indexRules(config: CodesyncConfig): IndexRules {
  return { maxFileBytes: config.maxFileBytes, skipDirs: config.skipDirs };
}
