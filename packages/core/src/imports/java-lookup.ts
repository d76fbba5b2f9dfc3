import type { Lookup } from './lookup';

/** Source roots a class is looked up under: the root, then Maven/Gradle and plain layouts. */
const ROOTS = ['', 'src/main/java/', 'src/test/java/', 'src/'];

const IDENTIFIER = /^[\p{L}\p{N}_$]+$/u;

/**
 * The Java rule. An import names a top-level class, taken to be everything up to the first
 * segment that starts with a capital, by Java's naming convention: `a.b.C.Inner` is in
 * `a/b/C.java`. A package wildcard (`a.b.*`) names no single file, so it never resolves; its
 * key is the package directory. A class wildcard (`a.b.C.*`) resolves to the class.
 *
 * The key is the class path without extension (`a/b/C`); candidates are `<root><key>.java`
 * for each of `ROOTS`.
 */
export function javaLookup(specifier: string): Lookup | null {
  const segments = specifier.split('.');
  const wildcard = segments.at(-1) === '*';
  const names = wildcard ? segments.slice(0, -1) : segments;
  if (names.length === 0 || !names.every((name) => IDENTIFIER.test(name))) return null;

  const classAt = names.findIndex((name) => /^[A-Z]/.test(name));
  if (classAt < 0 && wildcard) {
    return { targetKey: names.join('/'), candidates: [], directory: false };
  }

  const key = (classAt < 0 ? names : names.slice(0, classAt + 1)).join('/');
  const candidates = ROOTS.map((root) => `${root}${key}.java`);
  return { targetKey: key, candidates, directory: false };
}

/** Every `javaLookup` key whose candidates include `path`: its class path under each root. */
export function javaKeysForPath(path: string): string[] {
  if (!path.endsWith('.java')) return [];
  const stem = path.slice(0, -'.java'.length);
  return ROOTS.filter((root) => stem.startsWith(root)).map((root) => stem.slice(root.length));
}
