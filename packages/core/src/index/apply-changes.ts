import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { MODE_GITLINK } from '../git/tree';
import { extractImports, keysForPath, languageOf, resolveImport, type RawImport } from '../imports';
import { classifyContent, type IndexRules } from './classify-file';
import type { IndexDb } from './open-index';
import { indexResolveContext } from './resolve-context';
import { prepareWriteStatements } from './statements';

/** A path whose content is (re)written from a blob of the target commit. */
export interface FileUpsert {
  path: string;
  mode: string;
  oid: string;
}

/** What one sync changes in a repository's part of the index. */
export interface ChangeSet {
  /** Remove every file and edge of the repository first (full rebuild). */
  wipe: boolean;
  upserts: FileUpsert[];
  deletes: string[];
  /** Paths that did not exist before this change; with `deletes` they can change resolutions. */
  added: string[];
}

/** Reads blobs in request order; injected so tests and the sync can share the mirror reader. */
export type BlobSource = (
  oids: readonly string[],
) => AsyncIterable<{ oid: string; size: number; content: Buffer | null }>;

export interface ApplyStats {
  filesWritten: number;
  filesDeleted: number;
  bytesIndexed: number;
  edgesWritten: number;
  edgesReresolved: number;
}

// Yield to the event loop this often so BullMQ can renew the job lock during a long sync.
const YIELD_EVERY = 250;

/**
 * Applies a change set to the index. Must run inside an open write transaction: the caller
 * commits it together with the new indexed commit, so readers see all of it or none of it.
 */
export async function applyChangeSet(
  db: IndexDb,
  repo: string,
  changes: ChangeSet,
  readBlobs: BlobSource,
  rules: IndexRules,
): Promise<ApplyStats> {
  const stmts = prepareWriteStatements(db);
  // An older codesync sharing this index re-creates its insert trigger when it opens it; while
  // that trigger exists it writes the FTS entry, and writing it here too would double it.
  const triggerWritesText = stmts.hasInsertTrigger.get() !== undefined;
  const stats: ApplyStats = {
    filesWritten: 0,
    filesDeleted: 0,
    bytesIndexed: 0,
    edgesWritten: 0,
    edgesReresolved: 0,
  };

  if (changes.wipe) {
    stmts.restoreMissingText.run(repo);
    stmts.wipeEdges.run(repo);
    stats.filesDeleted += stmts.wipeFiles.run(repo).changes;
  }
  for (const filePath of changes.deletes) {
    stmts.restoreMissingTextOf.run(repo, filePath);
    stmts.deleteEdgesFrom.run(repo, filePath);
    stats.filesDeleted += stmts.deleteFile.run(repo, filePath).changes;
  }

  const pendingImports: Array<{ from: string; imports: RawImport[] }> = [];
  const write = (upsert: FileUpsert, size: number, data: Buffer | null) => {
    const { status, content } = classifyContent(upsert.mode, size, data, rules);
    const language = languageOf(upsert.path);
    const fields = {
      repo,
      path: upsert.path,
      blob: upsert.oid,
      mode: upsert.mode,
      language,
      size,
      status,
      content,
    };
    const id = stmts.fileId.get(repo, upsert.path) as number | bigint | undefined;
    if (id === undefined) {
      const { lastInsertRowid } = stmts.insertFile.run(fields);
      if (!triggerWritesText) stmts.insertFileText.run(lastInsertRowid, upsert.path, content);
    } else {
      stmts.restoreMissingTextOf.run(repo, upsert.path);
      stmts.updateFile.run({ ...fields, id });
    }
    stmts.deleteEdgesFrom.run(repo, upsert.path);
    if (status === 'indexed') {
      const imports = extractImports(upsert.path, language, content);
      if (imports.length > 0) pendingImports.push({ from: upsert.path, imports });
      stats.bytesIndexed += size;
    }
    stats.filesWritten += 1;
  };

  // Gitlinks name commits of another repository: there is no blob to read.
  const blobs = changes.upserts.filter((u) => u.mode !== MODE_GITLINK);
  for (const link of changes.upserts.filter((u) => u.mode === MODE_GITLINK)) write(link, 0, null);
  let index = 0;
  for await (const blob of readBlobs(blobs.map((u) => u.oid))) {
    const upsert = blobs[index++];
    if (!upsert || upsert.oid !== blob.oid)
      throw new Error(`blob reader out of step at ${blob.oid}`);
    write(upsert, blob.size, blob.content);
    if (index % YIELD_EVERY === 0) await yieldToEventLoop();
  }
  if (index !== blobs.length) throw new Error(`read ${index} of ${blobs.length} blobs`);

  // Resolve imports only now, against the final tree of this commit.
  const ctx = indexResolveContext(stmts, repo);
  for (const { from, imports } of pendingImports) {
    for (const imp of imports) {
      const resolved = resolveImport(from, imp, ctx);
      stmts.insertEdge.run(
        repo,
        from,
        imp.specifier,
        imp.kind,
        resolved.targetKey,
        resolved.target,
      );
      stats.edgesWritten += 1;
    }
  }
  if (!changes.wipe) stats.edgesReresolved = reresolveAffected(stmts, repo, changes, ctx);
  return stats;
}

/**
 * Edges of unchanged files whose target may differ now that paths appeared or disappeared
 * (`./util` when `util/index.ts` is added), and every Go edge when go.mod changed.
 */
function reresolveAffected(
  stmts: ReturnType<typeof prepareWriteStatements>,
  repo: string,
  changes: ChangeSet,
  ctx: ReturnType<typeof indexResolveContext>,
): number {
  type Edge = {
    from_path: string;
    specifier: string;
    kind: RawImport['kind'];
    target_key: string | null;
    target: string | null;
  };
  const candidates = new Map<string, Edge>();
  const collect = (rows: unknown[]) => {
    for (const row of rows as Edge[])
      candidates.set(`${row.from_path}\0${row.specifier}\0${row.kind}`, row);
  };
  const keys = new Set<string>();
  for (const p of [...changes.added, ...changes.deletes])
    for (const key of keysForPath(p)) keys.add(key);
  for (const key of keys) collect(stmts.edgesByKey.all(repo, key));
  const touched = [...changes.added, ...changes.deletes, ...changes.upserts.map((u) => u.path)];
  if (touched.includes('go.mod')) collect(stmts.edgesByKind.all(repo, 'go'));

  let updated = 0;
  for (const edge of candidates.values()) {
    const next = resolveImport(edge.from_path, { specifier: edge.specifier, kind: edge.kind }, ctx);
    if (next.target !== edge.target || next.targetKey !== edge.target_key) {
      stmts.setEdgeTarget.run(
        next.targetKey,
        next.target,
        repo,
        edge.from_path,
        edge.specifier,
        edge.kind,
      );
      updated += 1;
    }
  }
  return updated;
}
