import type { IndexDb } from './open-index';

/** Prepared statements of the write path, prepared once per connection. */
export function prepareWriteStatements(db: IndexDb) {
  return {
    fileId: db.prepare('SELECT id FROM files WHERE repo = ? AND path = ?').pluck(),
    // No trigger writes the FTS row of an insert (see schema.ts): insertFileText must follow.
    insertFile: db.prepare(`
      INSERT INTO files (repo, path, blob, mode, language, size, status, content)
      VALUES (@repo, @path, @blob, @mode, @language, @size, @status, @content)`),
    insertFileText: db.prepare('INSERT INTO files_fts (rowid, path, content) VALUES (?, ?, ?)'),
    hasInsertTrigger: db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'files_ai'")
      .pluck(),
    // The files_au trigger swaps the FTS row of an update.
    updateFile: db.prepare(`
      UPDATE files SET blob = @blob, mode = @mode, language = @language, size = @size,
        status = @status, content = @content
      WHERE id = @id`),
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
    // Rows that lost their FTS entry (a damaged index, see verify) get it back before they are
    // updated or deleted: the triggers then remove the entry, and removing one that is not
    // there would corrupt the FTS index. One file, or (before a wipe) the whole repository.
    restoreMissingTextOf: db.prepare(`
      INSERT INTO files_fts (rowid, path, content)
      SELECT f.id, f.path, f.content FROM files f
      WHERE f.repo = ? AND f.path = ?
        AND NOT EXISTS (SELECT 1 FROM files_fts_docsize d WHERE d.id = f.id)`),
    restoreMissingText: db.prepare(`
      INSERT INTO files_fts (rowid, path, content)
      SELECT f.id, f.path, f.content FROM files f
      LEFT JOIN files_fts_docsize d ON d.id = f.id
      WHERE f.repo = ? AND d.id IS NULL`),
    wipeFiles: db.prepare('DELETE FROM files WHERE repo = ?'),
    wipeEdges: db.prepare('DELETE FROM imports WHERE repo = ?'),
    countFiles: db.prepare('SELECT count(*) FROM files WHERE repo = ?').pluck(),
  };
}

export type WriteStatements = ReturnType<typeof prepareWriteStatements>;
