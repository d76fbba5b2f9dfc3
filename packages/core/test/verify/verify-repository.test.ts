import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AsyncMutex,
  buildReferenceIndex,
  compareIndexes,
  createLogger,
  INDEX_VERSION,
  mirrorPath,
  openIndex,
  syncRepository,
  verifyRepository,
  type IndexDb,
  type IndexRules,
  type RepoConfig,
  type SyncEnvironment,
  type VerifyReport,
} from '@codesync/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitRemote } from '../../../../test/helpers/git-remote';

const REPO: RepoConfig = { key: 'acme/widgets', branch: null };
const RULES: IndexRules = { maxFileBytes: 100, skipDirs: ['vendor'] };

const UTIL_TS = 'export const answer = 42;\n';
const MAIN_TS = "import { answer } from './util';\nimport { later } from './later';\n";

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const clean = (repo: string, commit: string): VerifyReport => ({
  repo,
  commit,
  missingFiles: [],
  extraFiles: [],
  staleFiles: [],
  missingEdges: [],
  extraEdges: [],
  staleEdges: [],
  unsearchableFiles: [],
  ok: true,
});

describe('verifyRepository compares the index with a full rebuild of its commit', () => {
  let tmp: string;
  let remote: GitRemote;
  let env: SyncEnvironment;
  let db: IndexDb;

  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'codesync-verify-'));
    const remotes = path.join(tmp, 'remotes');
    remote = new GitRemote(remotes, REPO.key);
    db = openIndex(path.join(tmp, 'data'));
    env = {
      db,
      writeMutex: new AsyncMutex(),
      dataDir: path.join(tmp, 'data'),
      gitUrlTemplate: GitRemote.urlTemplate(remotes),
      gitAuth: null,
      rules: RULES,
      log: createLogger('test', 'silent'),
    };
  });
  afterEach(() => {
    db.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const pushAndSync = async (changes: Parameters<GitRemote['commit']>[0]) => {
    remote.commit(changes);
    const tip = remote.push();
    await syncRepository(env, REPO);
    return tip;
  };
  const verify = () => verifyRepository(db, { dataDir: env.dataDir, repo: REPO.key, rules: RULES });

  it('finds nothing to report on an index the sync just built', async () => {
    const tip = await pushAndSync({
      'src/util.ts': UTIL_TS,
      'src/main.ts': MAIN_TS,
      'app/models.py': 'from app import helpers\n',
      'app/helpers.py': 'X = 1\n',
      'vendor/skip.js': "require('./x');\n",
      'big.txt': 'x'.repeat(101),
      'blob.bin': Buffer.from([1, 0, 2]),
      'link.ts': { symlink: 'src/util.ts' },
    });

    expect(await verify()).toEqual({
      kind: 'verified',
      repo: REPO.key,
      report: clean(REPO.key, tip),
    });
  });

  it('finds nothing after incremental syncs that change how imports resolve', async () => {
    await pushAndSync({ 'src/util.ts': UTIL_TS, 'src/main.ts': MAIN_TS });
    await pushAndSync({ 'src/later.ts': 'export const later = 1;\n', 'src/util.ts': null });
    const tip = await pushAndSync({ 'src/util/index.ts': UTIL_TS, 'vendor/a.ts': 'x\n' });

    expect(await verify()).toEqual({
      kind: 'verified',
      repo: REPO.key,
      report: clean(REPO.key, tip),
    });
  });

  it('reports exactly the rows a damaged index lost, gained or got wrong', async () => {
    const tip = await pushAndSync({
      'src/util.ts': UTIL_TS,
      'src/main.ts': MAIN_TS,
      'a.md': 'A\n',
    });
    const blobs = remote.tree(tip);
    const run = (sql: string, ...params: unknown[]) => db.prepare(sql).run(...params);
    run("DELETE FROM files WHERE repo = ? AND path = 'a.md'", REPO.key);
    run("UPDATE files SET blob = 'feedface' WHERE repo = ? AND path = 'src/util.ts'", REPO.key);
    run("UPDATE files SET content = 'tampered' WHERE repo = ? AND path = 'src/main.ts'", REPO.key);
    run(
      `INSERT INTO files (repo, path, blob, mode, language, size, status, content)
       VALUES (?, 'ghost.ts', 'abc', '100644', 'typescript', 3, 'indexed', 'boo')`,
      REPO.key,
    );
    run(
      "INSERT INTO imports VALUES (?, 'src/util.ts', './bogus', 'import', 'src/bogus', NULL)",
      REPO.key,
    );
    run("DELETE FROM imports WHERE repo = ? AND specifier = './later'", REPO.key);
    run(
      "UPDATE imports SET target = 'src/main.ts' WHERE repo = ? AND specifier = './util'",
      REPO.key,
    );

    const outcome = await verify();

    const utilFacts = {
      blob: blobs.get('src/util.ts'),
      mode: '100644',
      status: 'indexed',
      language: 'typescript',
      size: UTIL_TS.length,
      contentHash: sha256(UTIL_TS),
    };
    const mainFacts = { ...utilFacts, blob: blobs.get('src/main.ts'), size: MAIN_TS.length };
    expect(outcome).toEqual({
      kind: 'verified',
      repo: REPO.key,
      report: {
        repo: REPO.key,
        commit: tip,
        missingFiles: [
          {
            path: 'a.md',
            blob: blobs.get('a.md'),
            mode: '100644',
            status: 'indexed',
            language: 'markdown',
            size: 2,
            contentHash: sha256('A\n'),
          },
        ],
        extraFiles: [
          {
            path: 'ghost.ts',
            blob: 'abc',
            mode: '100644',
            status: 'indexed',
            language: 'typescript',
            size: 3,
            contentHash: sha256('boo'),
          },
        ],
        staleFiles: [
          {
            path: 'src/main.ts',
            fields: ['contentHash'],
            actual: { ...mainFacts, contentHash: sha256('tampered') },
            expected: { ...mainFacts, contentHash: sha256(MAIN_TS) },
          },
          {
            path: 'src/util.ts',
            fields: ['blob'],
            actual: { ...utilFacts, blob: 'feedface' },
            expected: utilFacts,
          },
        ],
        missingEdges: [
          {
            fromPath: 'src/main.ts',
            specifier: './later',
            kind: 'import',
            targetKey: 'src/later',
            target: null,
          },
        ],
        extraEdges: [
          {
            fromPath: 'src/util.ts',
            specifier: './bogus',
            kind: 'import',
            targetKey: 'src/bogus',
            target: null,
          },
        ],
        staleEdges: [
          {
            fromPath: 'src/main.ts',
            specifier: './util',
            kind: 'import',
            actual: { targetKey: 'src/util', target: 'src/main.ts' },
            expected: { targetKey: 'src/util', target: 'src/util.ts' },
          },
        ],
        // Inserted behind the write path's back: no full-text entry, so search cannot find it.
        unsearchableFiles: ['ghost.ts'],
        ok: false,
      },
    });
  });

  it('reports indexed files that are missing from the full-text index', async () => {
    const tip = await pushAndSync({ 'src/util.ts': UTIL_TS, 'a.md': 'A\n' });
    const id = db.prepare("SELECT id, path, content FROM files WHERE path = 'a.md'").get() as {
      id: number;
      path: string;
      content: string;
    };
    db.prepare(
      "INSERT INTO files_fts (files_fts, rowid, path, content) VALUES ('delete', ?, ?, ?)",
    ).run(id.id, id.path, id.content);

    const outcome = await verify();
    expect(outcome).toEqual({
      kind: 'verified',
      repo: REPO.key,
      report: { ...clean(REPO.key, tip), unsearchableFiles: ['a.md'], ok: false },
    });

    // What `verify --repair` queues: a full rebuild, after which search finds it again.
    await syncRepository(env, REPO, { rebuild: true });
    expect(await verify()).toEqual({
      kind: 'verified',
      repo: REPO.key,
      report: clean(REPO.key, tip),
    });
    db.prepare("INSERT INTO files_fts (files_fts, rank) VALUES ('integrity-check', 1)").run();
  });

  it('says a repository without an indexed commit is not indexed', async () => {
    expect(await verify()).toEqual({ kind: 'not-indexed', repo: REPO.key });
  });

  it('cannot verify when the mirror lost the indexed commit', async () => {
    const tip = await pushAndSync({ 'a.md': 'A\n' });
    const mirror = mirrorPath(env.dataDir, REPO.key);
    rmSync(mirror, { recursive: true, force: true });

    expect(await verify()).toEqual({
      kind: 'unverifiable',
      repo: REPO.key,
      commit: tip,
      reason: `commit is not in the mirror ${mirror}`,
    });
  });

  it('cannot verify an index written in another format version', async () => {
    const tip = await pushAndSync({ 'a.md': 'A\n' });
    db.prepare('UPDATE repos SET index_version = ? WHERE repo = ?').run(
      INDEX_VERSION + 1,
      REPO.key,
    );

    expect(await verify()).toEqual({
      kind: 'unverifiable',
      repo: REPO.key,
      commit: tip,
      reason: `indexed in format ${INDEX_VERSION + 1}, this codesync writes ${INDEX_VERSION}`,
    });
  });

  it('refuses to compare indexes of two different commits', async () => {
    const first = await pushAndSync({ 'a.md': 'A\n' });
    const second = await pushAndSync({ 'a.md': 'B\n' });
    const reference = await buildReferenceIndex(
      mirrorPath(env.dataDir, REPO.key),
      first,
      REPO.key,
      RULES,
    );
    try {
      expect(() => compareIndexes(db, reference, REPO.key)).toThrow(
        `acme/widgets is indexed at ${second}, the reference at ${first}`,
      );
    } finally {
      reference.close();
    }
  });

  it('names the repository and commit when the reference cannot be built', async () => {
    await pushAndSync({ 'a.md': 'A\n' });
    const absent = 'f'.repeat(40);
    const mirror = mirrorPath(env.dataDir, REPO.key);

    await expect(buildReferenceIndex(mirror, absent, REPO.key, RULES)).rejects.toThrow(
      `building the reference index of acme/widgets at ${absent}`,
    );
  });
});
