import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AsyncMutex,
  createLogger,
  loadConfig,
  openIndex,
  syncRepository,
  type IndexDb,
  type SyncResult,
} from '@codesync/core';
import { GitRemote } from '../../../../test/helpers/git-remote';

/**
 * Real git remotes under a temp directory and an index kept by the real sync, configured the
 * way the CLI will read it: `cliEnv` is the environment a CLI run gets.
 */
export class IndexedRepos {
  readonly tmp = mkdtempSync(path.join(os.tmpdir(), 'codesync-cli-'));
  readonly remotesDir = path.join(this.tmp, 'remotes');
  readonly dataDir = path.join(this.tmp, 'data');
  readonly cliEnv: NodeJS.ProcessEnv;
  private db: IndexDb | null = null;
  private readonly mutex = new AsyncMutex();

  constructor(repos: string, extraEnv: NodeJS.ProcessEnv = {}) {
    this.cliEnv = {
      CODESYNC_DATA_DIR: this.dataDir,
      CODESYNC_REPOS: repos,
      CODESYNC_GIT_URL: GitRemote.urlTemplate(this.remotesDir),
      ...extraEnv,
    };
  }

  /** A bare remote (and working clone) for `key` under the remotes directory. */
  remote(key: string): GitRemote {
    return new GitRemote(this.remotesDir, key);
  }

  /** The index, opened for writing as the worker opens it (created on first use). */
  index(): IndexDb {
    this.db ??= openIndex(this.dataDir);
    return this.db;
  }

  /** Syncs a configured repository with the same code and rules the worker would use. */
  async sync(key: string): Promise<SyncResult> {
    const config = loadConfig(this.cliEnv, 'worker');
    const repo = config.repos.find((r) => r.key === key);
    if (!repo) throw new Error(`${key} is not in CODESYNC_REPOS of this test`);
    const env = {
      db: this.index(),
      writeMutex: this.mutex,
      dataDir: config.dataDir,
      gitUrlTemplate: config.gitUrlTemplate,
      gitAuth: null,
      rules: { maxFileBytes: config.maxFileBytes, skipDirs: config.skipDirs },
      log: createLogger('test', 'silent'),
    };
    return syncRepository(env, repo);
  }

  close(): void {
    this.db?.close();
    rmSync(this.tmp, { recursive: true, force: true });
  }
}
