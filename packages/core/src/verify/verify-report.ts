/** What the index holds for one file, with the content reduced to a hash. */
export interface FileFacts {
  blob: string;
  mode: string;
  status: string;
  language: string;
  size: number;
  /** SHA-256 (hex) of the stored content, so a report never carries file contents. */
  contentHash: string;
}

/** One file row of a repository's index. */
export interface IndexedFile extends FileFacts {
  path: string;
}

/** A file whose row exists on both sides but differs in `fields`. */
export interface StaleFile {
  path: string;
  fields: Array<keyof FileFacts>;
  actual: FileFacts;
  expected: FileFacts;
}

/** Where an import edge points: its language-level key and the resolved path (or null). */
export interface EdgeTarget {
  targetKey: string | null;
  target: string | null;
}

/** One import edge of a repository's index, identified by `fromPath`, `specifier` and `kind`. */
export interface ImportEdge extends EdgeTarget {
  fromPath: string;
  specifier: string;
  kind: string;
}

/** An edge present on both sides that points somewhere else in the index than it should. */
export interface StaleEdge {
  fromPath: string;
  specifier: string;
  kind: string;
  actual: EdgeTarget;
  expected: EdgeTarget;
}

/**
 * How a repository's index differs from a full rebuild of the same commit. "Missing" is in the
 * reference but not in the index, "extra" the other way round, "stale" on both sides but
 * different; "unsearchable" is in the index's files but not in its full-text index. Every list
 * is sorted by path (edges by path, specifier, kind); `ok` is true exactly when all are empty.
 */
export interface VerifyReport {
  repo: string;
  commit: string;
  missingFiles: IndexedFile[];
  extraFiles: IndexedFile[];
  staleFiles: StaleFile[];
  missingEdges: ImportEdge[];
  extraEdges: ImportEdge[];
  staleEdges: StaleEdge[];
  /** Paths indexed in `files` but absent from the full-text index: search cannot find them. */
  unsearchableFiles: string[];
  ok: boolean;
}
