import type { IndexDb } from '@codesync/core';

/** `path -> blob id` of what the index holds for a repository. */
export function indexedTree(db: IndexDb, repo: string): Map<string, string> {
  const rows = db.prepare('SELECT path, blob FROM files WHERE repo = ? ORDER BY path').all(repo) as Array<{
    path: string;
    blob: string;
  }>;
  return new Map(rows.map((r) => [r.path, r.blob]));
}

/** Sorted `[path, blob]` pairs, for readable equality assertions. */
export function sortedEntries(tree: Map<string, string>): Array<[string, string]> {
  return [...tree.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
