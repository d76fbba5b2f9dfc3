import { createHash } from 'node:crypto';
import type { IndexDb } from '../index/open-index';
import type { ImportEdge, IndexedFile } from './verify-report';

interface FileRow {
  path: string;
  blob: string;
  mode: string;
  status: string;
  language: string;
  size: number;
  content: string;
}

interface EdgeRow {
  from_path: string;
  specifier: string;
  kind: string;
  target_key: string | null;
  target: string | null;
}

/** Every file row of `repo`, by path, with its content hashed (rows are streamed, not loaded). */
export function readIndexedFiles(db: IndexDb, repo: string): Map<string, IndexedFile> {
  const files = new Map<string, IndexedFile>();
  const rows = db
    .prepare(`SELECT path, blob, mode, status, language, size, content FROM files WHERE repo = ?`)
    .iterate(repo) as Iterable<FileRow>;
  for (const { content, ...facts } of rows) {
    const contentHash = createHash('sha256').update(content, 'utf8').digest('hex');
    files.set(facts.path, { ...facts, contentHash });
  }
  return files;
}

/** Every import edge of `repo`, keyed by `edgeKey`. */
export function readImportEdges(db: IndexDb, repo: string): Map<string, ImportEdge> {
  const edges = new Map<string, ImportEdge>();
  const rows = db
    .prepare(`SELECT from_path, specifier, kind, target_key, target FROM imports WHERE repo = ?`)
    .iterate(repo) as Iterable<EdgeRow>;
  for (const row of rows) {
    const edge: ImportEdge = {
      fromPath: row.from_path,
      specifier: row.specifier,
      kind: row.kind,
      targetKey: row.target_key,
      target: row.target,
    };
    edges.set(edgeKey(edge), edge);
  }
  return edges;
}

/**
 * The identity of an edge, as in the table's primary key. Paths and kinds never hold NUL, so
 * the key stays unambiguous even for a specifier that does.
 */
export function edgeKey(edge: Pick<ImportEdge, 'fromPath' | 'specifier' | 'kind'>): string {
  return `${edge.fromPath}\0${edge.specifier}\0${edge.kind}`;
}
