/**
 * How an import was written. The first four are JavaScript/TypeScript forms; the others name
 * the language whose import statement it was.
 */
export type ImportKind =
  'import' | 'export-from' | 'require' | 'dynamic-import' | 'python' | 'go' | 'java';

/** One import as written in a source file, before it is matched to a file of the repository. */
export interface RawImport {
  /**
   * The module named, exactly as the language spells it: `./util.js`, `react`, `.mod` or
   * `..pkg.mod` (Python, leading dots kept), `example.com/m/pkg` (Go), `a.b.C` or `a.b.*` (Java).
   */
  specifier: string;
  kind: ImportKind;
}
