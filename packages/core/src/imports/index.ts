/**
 * Import extraction and resolution: which modules a source file names (`extractImports`),
 * and which repository file each one is (`resolveImport`). Pure functions over text and a view
 * of which paths exist.
 *
 * Every resolved import carries a `targetKey` that depends only on the import and its file.
 * `keysForPath` inverts the resolution rules: given a path that appeared or disappeared, it
 * lists every key whose resolution that can change, so an incremental index re-resolves only
 * the imports filed under those keys and still ends equal to a full rebuild.
 */
export { extractImports } from './extract';
export type { ImportKind, RawImport } from './raw-import';
export { languageOf } from './language';
export type { Language } from './language';
export { keysForPath, resolveImport } from './resolve';
export type { ResolveContext, ResolvedImport } from './resolve';
