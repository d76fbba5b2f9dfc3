import type { Lookup } from './lookup';
import { basename, dirname, joinPath, resolveRelative } from './posix-path';

/** Extensions tried after an extension-less specifier, and after `/index`, in this order. */
const EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts', '.json'];

/**
 * TypeScript's ESM convention: source imports the `.js` its compiler will emit, so a `.js`
 * specifier may name a `.ts` file. Each emitted extension with the sources that produce it.
 */
const SOURCES_OF_EMITTED: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['.js', ['.ts', '.tsx', '.d.ts']],
  ['.jsx', ['.tsx', '.ts', '.d.ts']],
  ['.mjs', ['.mts', '.d.mts']],
  ['.cjs', ['.cts', '.d.cts']],
];

/**
 * The JavaScript/TypeScript rule. Only relative specifiers (`./x`, `../x`, `.`, `..`) name
 * repository files; packages and aliases give null, as does a path that leaves the root.
 *
 * The key is the specifier joined to the importer's directory and normalised, extension kept
 * as written (`./util.js` from `src/a.ts` is `src/util.js`). Candidates, in order: that path;
 * it plus each extension; for an emitted extension, the TypeScript sources; `index` plus each
 * extension inside it. A specifier that names a directory (`./x/`, `.`, `..`) tries only
 * the index files.
 */
export function jsLookup(fromPath: string, specifier: string): Lookup | null {
  if (!isRelative(specifier)) return null;
  const base = resolveRelative(dirname(fromPath), specifier);
  if (base === null) return null;

  const indexes = EXTENSIONS.map((extension) => joinPath(base, `index${extension}`));
  const files = namesDirectory(specifier) || base === '' ? [] : fileCandidates(base);
  return { targetKey: base, candidates: [...files, ...indexes], directory: false };
}

/**
 * Every `jsLookup` key whose candidates include `path`: the path itself, the path without
 * each extension it ends with, the emitted name of a TypeScript source, and the directory of
 * an index file.
 */
export function jsKeysForPath(path: string): string[] {
  const keys = [path];
  for (const extension of EXTENSIONS) {
    if (path.endsWith(extension)) keys.push(path.slice(0, -extension.length));
  }
  for (const [emitted, sources] of SOURCES_OF_EMITTED) {
    for (const source of sources) {
      if (path.endsWith(source)) keys.push(path.slice(0, -source.length) + emitted);
    }
  }
  if (EXTENSIONS.some((extension) => basename(path) === `index${extension}`)) {
    keys.push(dirname(path));
  }
  return keys;
}

function isRelative(specifier: string): boolean {
  return (
    specifier === '.' ||
    specifier === '..' ||
    specifier.startsWith('./') ||
    specifier.startsWith('../')
  );
}

function namesDirectory(specifier: string): boolean {
  const last = basename(specifier);
  return last === '' || last === '.' || last === '..';
}

function fileCandidates(base: string): string[] {
  const withExtensions = EXTENSIONS.map((extension) => base + extension);
  const emitted = SOURCES_OF_EMITTED.find(([extension]) => base.endsWith(extension));
  const sources = emitted
    ? emitted[1].map((source) => base.slice(0, -emitted[0].length) + source)
    : [];
  return [base, ...withExtensions, ...sources];
}
