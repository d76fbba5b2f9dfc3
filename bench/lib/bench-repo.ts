import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { planRepository, type Kind } from '../corpus/plan';
import { Random } from '../corpus/random';
import { renderFile } from '../corpus/render';
import { commitHeader, fastImport, fileCommand } from './fast-import';
import { git, GIT_ENV } from './git';

/** A file whose content the benchmark kept, to sample queries from and to edit in pushes. */
export interface KeptFile {
  path: string;
  kind: Kind;
  content: string;
}

/** What was generated. */
export interface CorpusStats {
  files: number;
  bytes: number;
  byKind: Record<string, { files: number; bytes: number }>;
  maxDepth: number;
  generateMs: number;
}

// Keep about this many files' text in memory for query sampling and one-file pushes.
const KEPT_FILES = 400;

/**
 * A generated "Bitbucket" repository: a bare repository under `<root>/<key>.git` that
 * codesync fetches through `file://<root>/{repo}.git`, plus the benchmark's own view of it.
 */
export class BenchRepo {
  private constructor(
    readonly key: string,
    readonly bare: string,
    public head: string,
    readonly kept: KeptFile[],
    readonly stats: CorpusStats,
  ) {}

  /** Plans, renders and commits a repository of `files` files and about `bytes` bytes. */
  static async generate(
    root: string,
    key: string,
    options: { files: number; bytes: number; seed: number },
  ): Promise<BenchRepo> {
    const started = performance.now();
    const bare = path.join(root, `${key}.git`);
    mkdirSync(bare, { recursive: true });
    await git(bare, 'init', '--bare', '--quiet', '--initial-branch=main');
    const rng = new Random(options.seed);
    const plan = planRepository(rng, options.files, options.bytes);
    const keepEvery = Math.max(1, Math.floor(plan.length / KEPT_FILES));
    const kept: KeptFile[] = [];
    const stats: CorpusStats = { files: 0, bytes: 0, byKind: {}, maxDepth: 0, generateMs: 0 };

    const marks = await fastImport(bare, async (sink) => {
      await sink.write(commitHeader('refs/heads/main', 1, null, `Import ${key}`));
      for (const [i, file] of plan.entries()) {
        const content = renderFile(rng, plan, file);
        await sink.write(fileCommand(file.path, content));
        const bytes = Buffer.byteLength(content);
        const kind = (stats.byKind[file.kind] ??= { files: 0, bytes: 0 });
        kind.files += 1;
        kind.bytes += bytes;
        stats.files += 1;
        stats.bytes += bytes;
        stats.maxDepth = Math.max(stats.maxDepth, file.path.split('/').length);
        if (
          i % keepEvery === 0 &&
          file.kind !== 'json' &&
          !file.path.endsWith('__init__.py') &&
          file.path !== 'go.mod'
        ) {
          kept.push({ path: file.path, kind: file.kind, content });
        }
      }
    });
    stats.generateMs = Math.round(performance.now() - started);
    return new BenchRepo(key, bare, required(marks.get(1)), kept, stats);
  }

  /**
   * Commits `changes` on top of the branch tip and moves `refs/heads/main` to it, which is
   * what the remote sees after a push. Returns the new commit.
   */
  async commit(changes: Record<string, string>, message: string): Promise<string> {
    const marks = await fastImport(this.bare, async (sink) => {
      await sink.write(commitHeader('refs/heads/main', 1, this.head, message));
      for (const [file, content] of Object.entries(changes))
        await sink.write(fileCommand(file, content));
    });
    this.head = required(marks.get(1));
    return this.head;
  }

  /**
   * Writes a chain of commits on a side ref without moving the branch, so a burst can later
   * publish them one by one at push speed. `change(i)` gives commit i's files.
   */
  async chain(count: number, change: (i: number) => Record<string, string>): Promise<string[]> {
    const marks = await fastImport(this.bare, async (sink) => {
      for (let i = 1; i <= count; i += 1) {
        await sink.write(
          commitHeader('refs/bench/chain', i, i === 1 ? this.head : `:${i - 1}`, `burst push ${i}`),
        );
        for (const [file, content] of Object.entries(change(i)))
          await sink.write(fileCommand(file, content));
      }
    });
    return Array.from({ length: count }, (_, i) => required(marks.get(i + 1)));
  }

  /** Opens a long-lived `git update-ref --stdin` that moves the branch one commit at a time. */
  openRefMover(): RefMover {
    return new RefMover(this);
  }
}

/**
 * Publishes commits on the branch through one `git update-ref --stdin` process, one
 * transaction per commit (compare-and-swap on the old value, as receive-pack does).
 */
export class RefMover {
  private readonly child;
  private waiting: Array<() => void> = [];
  private buffered = '';

  constructor(private readonly repo: BenchRepo) {
    this.child = spawn('git', ['update-ref', '--stdin'], {
      cwd: repo.bare,
      env: GIT_ENV,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = this.buffered.indexOf('\n')) !== -1) {
        const line = this.buffered.slice(0, newline);
        this.buffered = this.buffered.slice(newline + 1);
        if (line === 'commit: ok') this.waiting.shift()?.();
      }
    });
  }

  /** Moves `refs/heads/main` from the current head to `commit`. */
  move(commit: string): Promise<void> {
    const previous = this.repo.head;
    this.repo.head = commit;
    const done = new Promise<void>((resolve) => this.waiting.push(resolve));
    this.child.stdin.write(`start\nupdate refs/heads/main ${commit} ${previous}\ncommit\n`);
    return done;
  }

  async close(): Promise<void> {
    this.child.stdin.end();
    if (this.child.exitCode === null)
      await new Promise((resolve) => this.child.once('close', resolve));
  }
}

function required(value: string | undefined): string {
  if (!value) throw new Error('fast-import reported no commit');
  return value;
}
