import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Dana Developer',
  GIT_AUTHOR_EMAIL: 'dana@example.test',
  GIT_COMMITTER_NAME: 'Dana Developer',
  GIT_COMMITTER_EMAIL: 'dana@example.test',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

/** Runs git in `cwd` and returns trimmed stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: GIT_ENV,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  }).trim();
}

/** A file change: text or bytes to write, null to delete, or a symlink target. */
export type FileChange = string | Buffer | null | { symlink: string };

/**
 * A bare "Bitbucket" repository under `<root>/<key>.git` plus a working clone to commit from,
 * so tests can push real commits and point codesync at `file://<root>/{repo}.git`.
 */
export class GitRemote {
  readonly bare: string;
  readonly work: string;

  constructor(
    readonly root: string,
    readonly key: string,
    readonly branch = 'main',
  ) {
    this.bare = path.join(root, `${key}.git`);
    this.work = path.join(root, '_work', key);
    mkdirSync(this.bare, { recursive: true });
    git(this.bare, 'init', '--bare', '--quiet', `--initial-branch=${branch}`);
    mkdirSync(this.work, { recursive: true });
    git(this.work, 'init', '--quiet', `--initial-branch=${branch}`);
    git(this.work, 'remote', 'add', 'origin', this.bare);
  }

  /** The URL template codesync should use for every repository under `root`. */
  static urlTemplate(root: string): string {
    return `file://${root}/{repo}.git`;
  }

  /** Writes the changes, commits them and returns the new commit id (does not push). */
  commit(changes: Record<string, FileChange>, message = 'change'): string {
    for (const [file, change] of Object.entries(changes)) {
      const full = path.join(this.work, file);
      rmSync(full, { force: true, recursive: true });
      if (change === null) continue;
      mkdirSync(path.dirname(full), { recursive: true });
      if (typeof change === 'object' && !Buffer.isBuffer(change)) symlinkSync(change.symlink, full);
      else writeFileSync(full, change);
    }
    git(this.work, 'add', '-A');
    git(this.work, 'commit', '--quiet', '--allow-empty', '-m', message);
    return this.head();
  }

  /** Renames a file with `git mv` (optionally editing it) and commits. */
  rename(from: string, to: string, newContent?: string): string {
    mkdirSync(path.dirname(path.join(this.work, to)), { recursive: true });
    git(this.work, 'mv', from, to);
    if (newContent !== undefined) writeFileSync(path.join(this.work, to), newContent);
    git(this.work, 'add', '-A');
    git(this.work, 'commit', '--quiet', '-m', `rename ${from} to ${to}`);
    return this.head();
  }

  /** Pushes the current branch (forced when asked) and returns the pushed commit. */
  push(options: { force?: boolean; branch?: string } = {}): string {
    const branch = options.branch ?? this.branch;
    git(
      this.work,
      'push',
      '--quiet',
      ...(options.force ? ['--force'] : []),
      'origin',
      `HEAD:refs/heads/${branch}`,
    );
    return this.head();
  }

  head(): string {
    return git(this.work, 'rev-parse', 'HEAD');
  }

  /** `path -> blob id` of every blob, symlink and gitlink at `commit`. */
  tree(commit: string): Map<string, string> {
    const out = execFileSync('git', ['ls-tree', '-r', '-z', '--full-tree', commit], {
      cwd: this.bare,
      env: GIT_ENV,
    });
    const entries = new Map<string, string>();
    for (const record of out.toString('utf8').split('\0')) {
      if (!record) continue;
      const tab = record.indexOf('\t');
      const oid = record.slice(0, tab).split(' ')[2] ?? '';
      entries.set(record.slice(tab + 1), oid);
    }
    return entries;
  }
}
