import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SCHEMA_SQL } from './schema';

export type IndexDb = Database.Database;

/** The SQLite file inside the data directory. */
export function indexFile(dataDir: string): string {
  return path.join(dataDir, 'index.sqlite');
}

/**
 * Opens (and creates) the index for writing: WAL so searches in other processes never wait for
 * a sync, and a long busy timeout because several worker processes may share the file.
 */
export function openIndex(dataDir: string): IndexDb {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(indexFile(dataDir), { timeout: 30_000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA_SQL);
  return db;
}

/** Opens the index for searching only; fails clearly when no index exists yet. */
export function openIndexReadOnly(dataDir: string): IndexDb {
  const file = indexFile(dataDir);
  try {
    return new Database(file, { readonly: true, fileMustExist: true, timeout: 5_000 });
  } catch (error) {
    throw new Error(`cannot open the index at ${file}; has the worker run yet?`, { cause: error });
  }
}
