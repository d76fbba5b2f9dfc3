import type { Lookup } from './lookup';
import { ancestor, basename, dirname, joinPath } from './posix-path';

/** Directories an absolute module path is looked up from: the root, then the `src/` layout. */
const ROOTS = ['', 'src/'];

const IDENTIFIER = /^[\p{L}\p{N}_]+$/u;

/**
 * The Python rule. A relative module (`.mod`, `..pkg.mod`, `.`) starts from the importer's
 * package, its directory, and each dot after the first goes one directory up; leaving the
 * root gives null. An absolute module (`a.b.c`) is looked up from each of `ROOTS`.
 *
 * The key is the module as a path without extension: `pkg/sub/mod` for a relative import,
 * `a/b/c` for an absolute one whatever the root. Candidates are `<key>.py` and
 * `<key>/__init__.py` (only the latter for a bare package, `.`), under each root for an
 * absolute import. Keys are set even when nothing matches, since the module may be added.
 *
 * Not handled: a name that `from . import name` takes from the package's `__init__.py` rather
 * than from a module stays unresolved, so the `__init__.py` gets no edge for it; nor are
 * namespace packages, `.pyi` stubs or `sys.path` changes followed.
 */
export function pythonLookup(fromPath: string, specifier: string): Lookup | null {
  const dots = /^\.*/.exec(specifier)?.[0].length ?? 0;
  const module = specifier.slice(dots);
  const segments = module === '' ? [] : module.split('.');
  if (!segments.every((segment) => IDENTIFIER.test(segment))) return null;

  if (dots === 0) {
    if (segments.length === 0) return null;
    const key = segments.join('/');
    const candidates = ROOTS.flatMap((root) => moduleFiles(root + key));
    return { targetKey: key, candidates, directory: false };
  }

  const pkg = ancestor(dirname(fromPath), dots - 1);
  if (pkg === null) return null;
  if (segments.length === 0) {
    return { targetKey: pkg, candidates: [joinPath(pkg, '__init__.py')], directory: false };
  }
  const key = joinPath(pkg, segments.join('/'));
  return { targetKey: key, candidates: moduleFiles(key), directory: false };
}

/**
 * Every `pythonLookup` key whose candidates include `path`: for `x.py` the key `x`, for
 * `x/__init__.py` also the package `x`, and the same again with a leading root stripped.
 */
export function pythonKeysForPath(path: string): string[] {
  if (!path.endsWith('.py')) return [];

  const keys: string[] = [];
  for (const root of ROOTS) {
    if (!path.startsWith(root)) continue;
    const inRoot = path.slice(root.length);
    keys.push(inRoot.slice(0, -'.py'.length));
    if (basename(inRoot) === '__init__.py') keys.push(dirname(inRoot));
  }
  return keys;
}

function moduleFiles(base: string): string[] {
  return [`${base}.py`, joinPath(base, '__init__.py')];
}
