import type { Lookup } from './lookup';
import { dirname } from './posix-path';

/**
 * The Go rule. Only packages of the repository's own module resolve: an import path equal
 * to `modulePath` or under `modulePath/`. Its target is the package directory relative to the
 * root (`pkg/foo`, or `''` for the root package), found when a file lies under it.
 * Standard-library and third-party paths, or any path when there is no module, give null.
 *
 * The key is that directory, which is also the only candidate. Any file under it counts, not
 * only `.go` files directly inside, so a directory Go would not build may still be a target.
 */
export function goLookup(specifier: string, modulePath: string | null): Lookup | null {
  if (!modulePath) return null;

  let dir: string;
  if (specifier === modulePath) dir = '';
  else if (specifier.startsWith(`${modulePath}/`)) dir = specifier.slice(modulePath.length + 1);
  else return null;

  const segments = dir === '' ? [] : dir.split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return null;
  }
  return { targetKey: dir, candidates: [dir], directory: true };
}

/**
 * Every `goLookup` key whose answer can change when `path` comes or goes: each directory
 * above it, up to the root `''`, since the path may be the first or last file under any of them.
 */
export function goKeysForPath(path: string): string[] {
  const keys: string[] = [];
  let dir = path;
  while (dir !== '') {
    dir = dirname(dir);
    keys.push(dir);
  }
  return keys;
}
