import { goKeysForPath, goLookup } from './go-lookup';
import { javaKeysForPath, javaLookup } from './java-lookup';
import { jsKeysForPath, jsLookup } from './js-lookup';
import type { Lookup } from './lookup';
import { pythonKeysForPath, pythonLookup } from './python-lookup';
import type { RawImport } from './raw-import';

/** What resolution may know about the repository at the commit being indexed. */
export interface ResolveContext {
  /** True when `path` is a file of the repository. Must be false for directories. */
  hasFile(path: string): boolean;
  /**
   * True when at least one file lies under directory `path`, at any depth (`''` is the root).
   * Only Go imports ask this.
   */
  hasDirectory(path: string): boolean;
  /**
   * The `module` path of the root `go.mod`, or null without one. Resolution of every Go import
   * depends on it, so when `go.mod` changes, re-resolve all Go imports, not just those found
   * through `keysForPath`.
   */
  goModulePath: string | null;
}

/** An import with the repository path it points at. */
export interface ResolvedImport extends RawImport {
  /**
   * What the import points at, from the import and its file alone: the same whichever files
   * exist. Null when no file of the repository could ever satisfy it (a package, the standard
   * library, a path leaving the root). See `keysForPath`.
   */
  targetKey: string | null;
  /**
   * The file the import resolves to, or for Go the package directory (`''` being the root
   * package, so test against null). Null when nothing in the repository matches now.
   */
  target: string | null;
}

/**
 * Resolves one import of file `fromPath` to a repository path, by the rule of its kind:
 * JavaScript/TypeScript relative specifiers (`jsLookup`), Python modules (`pythonLookup`),
 * Go packages of the root module (`goLookup`), Java classes (`javaLookup`). Pure: `ctx` is
 * only asked which paths exist. Never throws.
 */
export function resolveImport(
  fromPath: string,
  imp: RawImport,
  ctx: ResolveContext,
): ResolvedImport {
  const { specifier, kind } = imp;
  const lookup = lookupFor(fromPath, imp, ctx.goModulePath);
  if (!lookup) return { specifier, kind, targetKey: null, target: null };

  const exists = (path: string) => (lookup.directory ? ctx.hasDirectory(path) : ctx.hasFile(path));
  const target = lookup.candidates.find(exists) ?? null;
  return { specifier, kind, targetKey: lookup.targetKey, target };
}

/**
 * Every `targetKey` whose resolution can change when `path` is added or removed, over all
 * languages. This is what keeps incremental indexing equal to a full rebuild: for any set of
 * files, any import, and any `path` added or removed, if `resolveImport` answers differently
 * before and after, the import's `targetKey` is in `keysForPath(path)`. So after a change,
 * re-resolving the imports whose key is in this list is enough. The list may hold keys no
 * import uses; it never misses one. Order is stable; no duplicates.
 */
export function keysForPath(path: string): string[] {
  const keys = [
    ...jsKeysForPath(path),
    ...pythonKeysForPath(path),
    ...javaKeysForPath(path),
    ...goKeysForPath(path),
  ];
  return [...new Set(keys)];
}

function lookupFor(fromPath: string, imp: RawImport, goModulePath: string | null): Lookup | null {
  switch (imp.kind) {
    case 'import':
    case 'export-from':
    case 'require':
    case 'dynamic-import':
      return jsLookup(fromPath, imp.specifier);
    case 'python':
      return pythonLookup(fromPath, imp.specifier);
    case 'go':
      return goLookup(imp.specifier, goModulePath);
    case 'java':
      return javaLookup(imp.specifier);
  }
}
