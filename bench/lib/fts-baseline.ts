import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { SCHEMA_SQL } from '@codesync/core';
import { git, GIT_ENV } from './git';

/** What the bare pipeline read and wrote. */
export interface BaselineRun {
  files: number;
  bytes: number;
  ms: number;
}

/**
 * The floor a full index is compared with: list the tip's blobs, read them all through one
 * `git cat-file --batch`, and insert path and text into a bare FTS5 trigram table (no other
 * tables, no triggers, no import extraction) in one transaction, with the index's pragmas.
 */
export async function ftsBaseline(
  gitDir: string,
  commit: string,
  dbFile: string,
  variant: FtsVariant = {},
): Promise<BaselineRun> {
  const started = performance.now();
  const db = new Database(dbFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  if (variant.cacheKiB) db.pragma(`cache_size = -${variant.cacheKiB}`);
  const insert = prepareTarget(db, variant);
  const entries = parseBlobs(await git(gitDir, 'ls-tree', '-r', '-z', '--full-tree', commit)).slice(
    0,
    variant.maxFiles,
  );
  let bytes = 0;
  db.exec('BEGIN');
  let index = 0;
  for await (const blob of catFile(
    gitDir,
    entries.map((e) => e.oid),
  )) {
    insert(entries[index++]!.path, blob.toString('utf8'));
    bytes += blob.length;
  }
  db.exec('COMMIT');
  db.close();
  return { files: index, bytes, ms: performance.now() - started };
}

/**
 * What-if variants, measured only with BENCH_PROFILE=1 as evidence for proposals: codesync's
 * own tables (files + external-content FTS5), the insert trigger it used before, FTS5
 * `detail=column`, and a larger page cache.
 */
export interface FtsVariant {
  schema?: 'bare' | 'codesync';
  detail?: 'full' | 'column';
  cacheKiB?: number;
  /** Write FTS5 rows from an insert trigger, as codesync did before (to show the cost). */
  insertTrigger?: boolean;
  maxFiles?: number;
}

function prepareTarget(
  db: Database.Database,
  variant: FtsVariant,
): (path: string, content: string) => void {
  const detail = variant.detail === 'column' ? ', detail=column' : '';
  if (variant.schema !== 'codesync') {
    db.exec(`CREATE VIRTUAL TABLE docs USING fts5(path, content, tokenize='trigram'${detail})`);
    const insert = db.prepare('INSERT INTO docs (path, content) VALUES (?, ?)');
    return (path, content) => insert.run(path, content);
  }
  db.exec(SCHEMA_SQL.replace("tokenize='trigram'", `tokenize='trigram'${detail}`));
  const insert = db.prepare(
    `INSERT INTO files (repo, path, blob, mode, language, size, status, content)
     VALUES ('bench/what-if', ?, '', '100644', 'text', ?, 'indexed', ?)`,
  );
  if (variant.insertTrigger) {
    db.exec(`CREATE TRIGGER files_ai AFTER INSERT ON files BEGIN
      INSERT INTO files_fts(rowid, path, content) VALUES (new.id, new.path, new.content);
    END;`);
    return (path, content) => insert.run(path, content.length, content);
  }
  // As codesync writes: the files row, then its FTS5 row by a second statement.
  const insertFts = db.prepare('INSERT INTO files_fts (rowid, path, content) VALUES (?, ?, ?)');
  return (path, content) => {
    const { lastInsertRowid } = insert.run(path, content.length, content);
    insertFts.run(lastInsertRowid, path, content);
  };
}

function parseBlobs(out: string): Array<{ oid: string; path: string }> {
  return out
    .split('\0')
    .filter(Boolean)
    .map((record) => {
      const tab = record.indexOf('\t');
      const [, type, oid] = record.slice(0, tab).split(' ');
      return { type, oid: oid ?? '', path: record.slice(tab + 1) };
    })
    .filter((entry) => entry.type === 'blob');
}

/** Yields each blob's bytes, in request order, from one `git cat-file --batch`. */
async function* catFile(gitDir: string, oids: string[]): AsyncGenerator<Buffer> {
  const child = spawn('git', ['cat-file', '--batch'], {
    cwd: gitDir,
    env: GIT_ENV,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.end(`${oids.join('\n')}\n`);
  let pending: Buffer = Buffer.alloc(0);
  let want = -1;
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    pending = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    for (;;) {
      if (want < 0) {
        const newline = pending.indexOf(10);
        if (newline === -1) break;
        want = Number(pending.subarray(0, newline).toString('latin1').split(' ')[2]);
        pending = pending.subarray(newline + 1);
      }
      if (pending.length < want + 1) break;
      yield pending.subarray(0, want);
      pending = pending.subarray(want + 1);
      want = -1;
    }
  }
}
