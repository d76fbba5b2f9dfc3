/**
 * Version of how files are indexed (schema of the derived tables plus content and import
 * extraction). A repository indexed under another version is rebuilt in full, with a logged
 * reason, instead of being left half old and half new. Bump it whenever extraction changes.
 */
export const INDEX_VERSION = 1;

/** Tables and triggers of the index. Pull requests are source data and never dropped. */
export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS repos (
  repo TEXT PRIMARY KEY,
  branch TEXT,
  indexed_commit TEXT,
  index_version INTEGER,
  indexed_at INTEGER,
  file_count INTEGER NOT NULL DEFAULT 0,
  last_attempt_at INTEGER,
  last_outcome TEXT,
  last_error TEXT,
  last_error_at INTEGER
);

CREATE TABLE IF NOT EXISTS files (
  id INTEGER PRIMARY KEY,
  repo TEXT NOT NULL,
  path TEXT NOT NULL,
  blob TEXT NOT NULL,
  mode TEXT NOT NULL,
  language TEXT NOT NULL,
  size INTEGER NOT NULL,
  status TEXT NOT NULL,
  content TEXT NOT NULL,
  UNIQUE (repo, path)
);

CREATE VIRTUAL TABLE IF NOT EXISTS files_fts USING fts5(
  path, content, content='files', content_rowid='id', tokenize='trigram'
);

-- A new row's FTS entry is written by the code that inserts it (statements.ts), not by an
-- insert trigger: a statement that fires a trigger runs in a savepoint, and FTS5 flushes its
-- pending terms into a new segment at every savepoint, which made a full index about 1.3x
-- slower. Indexes made by earlier versions have that trigger; it is dropped here. Should an
-- older codesync create it again, the write path sees it and leaves the entry to it.
DROP TRIGGER IF EXISTS files_ai;
-- External-content FTS: the 'delete' command must carry the old values, or stale hits remain.
CREATE TRIGGER IF NOT EXISTS files_ad AFTER DELETE ON files BEGIN
  INSERT INTO files_fts(files_fts, rowid, path, content) VALUES ('delete', old.id, old.path, old.content);
END;
CREATE TRIGGER IF NOT EXISTS files_au AFTER UPDATE ON files BEGIN
  INSERT INTO files_fts(files_fts, rowid, path, content) VALUES ('delete', old.id, old.path, old.content);
  INSERT INTO files_fts(rowid, path, content) VALUES (new.id, new.path, new.content);
END;

CREATE TABLE IF NOT EXISTS imports (
  repo TEXT NOT NULL,
  from_path TEXT NOT NULL,
  specifier TEXT NOT NULL,
  kind TEXT NOT NULL,
  target_key TEXT,
  target TEXT,
  PRIMARY KEY (repo, from_path, specifier, kind)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS imports_by_target ON imports (repo, target);
CREATE INDEX IF NOT EXISTS imports_by_key ON imports (repo, target_key);

CREATE TABLE IF NOT EXISTS pull_requests (
  repo TEXT NOT NULL,
  id INTEGER NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  author TEXT NOT NULL,
  state TEXT NOT NULL,
  source_branch TEXT NOT NULL,
  destination_branch TEXT NOT NULL,
  source_commit TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER,
  last_event TEXT NOT NULL,
  PRIMARY KEY (repo, id)
);
`;
