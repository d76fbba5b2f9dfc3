import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIndex, searchIndex, type IndexDb } from '../../src';

describe('searchIndex', () => {
  let dir: string;
  let db: IndexDb;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'codesync-search-'));
    db = openIndex(dir);
    const insertRow = db.prepare(
      `INSERT INTO files (repo, path, blob, mode, language, size, status, content)
       VALUES (?, ?, 'b', '100644', 'text', 0, 'indexed', ?)`,
    );
    // The write path adds each new row's FTS entry itself; so must this fixture.
    const insertText = db.prepare('INSERT INTO files_fts (rowid, path, content) VALUES (?, ?, ?)');
    const insert = {
      run: (repo: string, filePath: string, content: string) =>
        insertText.run(insertRow.run(repo, filePath, content).lastInsertRowid, filePath, content),
    };
    insert.run(
      'acme/b',
      'z.ts',
      'first line\nsecond Needle line\nthird\nneedle again, needle twice\n',
    );
    insert.run('acme/a', 'y.ts', 'no match here\n');
    insert.run('acme/a', 'x.ts', 'NEEDLE at the top\n');
    insert.run('acme/a', 'w.ts', 'İstanbul needle\nplain\n');
    insert.run('acme/a', 'short.ts', 'a%b_c\n');
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds substrings case-insensitively, ordered by repository, path and line, one hit per line', () => {
    expect(searchIndex(db, 'needle')).toEqual([
      { repo: 'acme/a', path: 'w.ts', line: 1, text: 'İstanbul needle' },
      { repo: 'acme/a', path: 'x.ts', line: 1, text: 'NEEDLE at the top' },
      { repo: 'acme/b', path: 'z.ts', line: 2, text: 'second Needle line' },
      { repo: 'acme/b', path: 'z.ts', line: 4, text: 'needle again, needle twice' },
    ]);
  });

  it('filters by repository and stops at the limit', () => {
    expect(searchIndex(db, 'needle', { repo: 'acme/b', limit: 1 })).toEqual([
      { repo: 'acme/b', path: 'z.ts', line: 2, text: 'second Needle line' },
    ]);
  });

  it('treats LIKE wildcards in short queries literally', () => {
    expect(searchIndex(db, '%b').map((h) => h.path)).toEqual(['short.ts']);
    expect(searchIndex(db, 'b_').map((h) => h.path)).toEqual(['short.ts']);
    expect(searchIndex(db, '_x')).toEqual([]);
  });

  it('treats FTS syntax in queries as plain text', () => {
    expect(searchIndex(db, 'needle" OR "first')).toEqual([]);
    expect(searchIndex(db, 'NOT needle')).toEqual([]);
  });
});
