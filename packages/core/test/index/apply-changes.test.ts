import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyChangeSet, type BlobSource, type ChangeSet } from '../../src/index/apply-changes';
import { openIndex, type IndexDb } from '../../src/index/open-index';
import { searchIndex } from '../../src/index/search';

const REPO = 'acme/widgets';
const RULES = { maxFileBytes: 1_000_000, skipDirs: [] };

// Blobs keyed by a made-up object id; the write path only needs them in request order.
function blobsOf(contents: Record<string, string>): BlobSource {
  return async function* (oids) {
    for (const oid of oids) {
      const text = contents[oid];
      const content = text === undefined ? null : Buffer.from(text);
      yield { oid, size: content?.length ?? 0, content };
    }
  };
}

function upsertsOf(files: Record<string, string>): ChangeSet {
  const upserts = Object.keys(files).map((p) => ({ path: p, mode: '100644', oid: `oid:${p}` }));
  return { wipe: false, upserts, deletes: [], added: upserts.map((u) => u.path) };
}

async function write(db: IndexDb, files: Record<string, string>): Promise<void> {
  const blobs = Object.fromEntries(Object.entries(files).map(([p, text]) => [`oid:${p}`, text]));
  await applyChangeSet(db, REPO, upsertsOf(files), blobsOf(blobs), RULES);
}

// Checks the external-content FTS table against the files table, row by row; throws
// (SQLITE_CORRUPT_VTAB) on a missing, stale or doubled entry.
function ftsMatchesFiles(db: IndexDb): void {
  db.prepare("INSERT INTO files_fts(files_fts, rank) VALUES ('integrity-check', 1)").run();
}

describe('applyChangeSet and the full-text index', () => {
  let dir: string;
  let db: IndexDb;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'codesync-apply-'));
    db = openIndex(dir);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one FTS entry per new file and swaps it when the file changes', async () => {
    await write(db, { 'a.ts': 'const alphaMarker = 1;\n', 'b.ts': 'const betaMarker = 2;\n' });
    ftsMatchesFiles(db);
    expect(searchIndex(db, 'alphaMarker').map((h) => h.path)).toEqual(['a.ts']);

    await write(db, { 'a.ts': 'const gammaMarker = 3;\n' });
    ftsMatchesFiles(db);
    expect(searchIndex(db, 'alphaMarker')).toEqual([]);
    expect(searchIndex(db, 'gammaMarker').map((h) => h.path)).toEqual(['a.ts']);
  });

  it('changes and deletes files whose FTS entry was lost without corrupting the FTS index', async () => {
    await write(db, { 'a.ts': 'alphaMarker\n', 'b.ts': 'betaMarker\n', 'c.ts': 'gammaMarker\n' });
    // Damage as verify would find it: two rows without their FTS entry.
    for (const lost of ['a.ts', 'b.ts']) {
      const row = db.prepare('SELECT id, content FROM files WHERE path = ?').get(lost) as {
        id: number;
        content: string;
      };
      db.prepare(
        "INSERT INTO files_fts (files_fts, rowid, path, content) VALUES ('delete', ?, ?, ?)",
      ).run(row.id, lost, row.content);
    }
    const blobs = { 'oid:a.ts': 'alphaChanged\n' };
    await applyChangeSet(
      db,
      REPO,
      {
        wipe: false,
        upserts: [{ path: 'a.ts', mode: '100644', oid: 'oid:a.ts' }],
        deletes: ['b.ts'],
        added: [],
      },
      blobsOf(blobs),
      RULES,
    );
    ftsMatchesFiles(db);
    expect(searchIndex(db, 'alphaChanged').map((h) => h.path)).toEqual(['a.ts']);
    expect(searchIndex(db, 'betaMarker')).toEqual([]);
    expect(searchIndex(db, 'gammaMarker').map((h) => h.path)).toEqual(['c.ts']);
  });

  it('drops the insert trigger of an index made by an earlier version, so entries are not doubled', async () => {
    db.exec(`CREATE TRIGGER files_ai AFTER INSERT ON files BEGIN
      INSERT INTO files_fts(rowid, path, content) VALUES (new.id, new.path, new.content);
    END;`);
    db.close();
    db = openIndex(dir);
    const trigger = db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'files_ai'");
    expect(trigger.pluck().get()).toBe(0);

    await write(db, { 'c.ts': 'needle needle\n' });
    ftsMatchesFiles(db); // a doubled entry fails this check
    expect(searchIndex(db, 'needle').map((h) => h.path)).toEqual(['c.ts']);
  });

  it('lets the trigger of an older codesync, re-created while this one runs, write the entry', async () => {
    await write(db, { 'a.ts': 'alphaMarker\n' });
    // An older worker opening the same index creates its trigger again.
    db.exec(`CREATE TRIGGER files_ai AFTER INSERT ON files BEGIN
      INSERT INTO files_fts(rowid, path, content) VALUES (new.id, new.path, new.content);
    END;`);
    await write(db, { 'b.ts': 'betaMarker\n', 'a.ts': 'alphaChanged\n' });
    ftsMatchesFiles(db);
    expect(searchIndex(db, 'betaMarker').map((h) => h.path)).toEqual(['b.ts']);
    expect(searchIndex(db, 'alphaChanged').map((h) => h.path)).toEqual(['a.ts']);
  });
});
