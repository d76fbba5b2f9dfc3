import type { IndexDb } from './open-index';

/** Prepared statements of the write path, prepared once per connection. */
export function prepareWriteStatements(db: IndexDb) {
  return {
    upsertFile: db.prepare(`
      INSERT INTO files (repo, path, blob, mode, language, size, status, content)
      VALUES (@repo, @path, @blob, @mode, @language, @size, @status, @content)
      ON CONFLICT (repo, path) DO UPDATE SET
        blob = excluded.blob, mode = excluded.mode, language = excluded.language,
        size = excluded.size, status = excluded.status, content = excluded.content`),
    deleteFile: db.prepare('DELETE FROM files WHERE repo = ? AND path = ?'),
    deleteEdgesFrom: db.prepare('DELETE FROM imports WHERE repo = ? AND from_path = ?'),
    insertEdge: db.prepare(`
      INSERT OR REPLACE INTO imports (repo, from_path, specifier, kind, target_key, target)
      VALUES (?, ?, ?, ?, ?, ?)`),
    edgesByKey: db.prepare(
      'SELECT from_path, specifier, kind, target_key, target FROM imports WHERE repo = ? AND target_key = ?',
    ),
    edgesByKind: db.prepare(
      'SELECT from_path, specifier, kind, target_key, target FROM imports WHERE repo = ? AND kind = ?',
    ),
    setEdgeTarget: db.prepare(
      'UPDATE imports SET target_key = ?, target = ? WHERE repo = ? AND from_path = ? AND specifier = ? AND kind = ?',
    ),
    hasFile: db.prepare('SELECT 1 FROM files WHERE repo = ? AND path = ?').pluck(),
    hasFileUnder: db
      .prepare('SELECT 1 FROM files WHERE repo = ? AND path > ? AND path < ? LIMIT 1')
      .pluck(),
    fileContent: db.prepare('SELECT content FROM files WHERE repo = ? AND path = ?').pluck(),
    wipeFiles: db.prepare('DELETE FROM files WHERE repo = ?'),
    wipeEdges: db.prepare('DELETE FROM imports WHERE repo = ?'),
    countFiles: db.prepare('SELECT count(*) FROM files WHERE repo = ?').pluck(),
  };
}

export type WriteStatements = ReturnType<typeof prepareWriteStatements>;
