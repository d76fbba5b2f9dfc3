import type { IndexDb } from './open-index';

/** A file that imports another, with the specifier it wrote. */
export interface Importer {
  path: string;
  specifier: string;
  kind: string;
}

/**
 * Files of `repo` whose imports resolve to `path` (for Go, to the package directory that
 * contains it), ordered by path.
 */
export function findImporters(db: IndexDb, repo: string, path: string): Importer[] {
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  return db
    .prepare(
      `SELECT from_path AS path, specifier, kind FROM imports
       WHERE repo = @repo AND (target = @path OR (kind = 'go' AND @isGo AND target = @dir))
       ORDER BY from_path, specifier`,
    )
    .all({ repo, path, dir, isGo: path.endsWith('.go') ? 1 : 0 }) as Importer[];
}
