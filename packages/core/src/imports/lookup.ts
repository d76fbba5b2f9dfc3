/**
 * Where an import may land, worked out from the import alone, before any file is looked at.
 *
 * Each language's rule comes as a pair: a `…Lookup` function from an import to a `Lookup`,
 * and a `…KeysForPath` function giving every `targetKey` whose candidates can include a given
 * path. The pair lives in one file so that the inverse is kept in step with the rule.
 */
export interface Lookup {
  /** What the import points at, independent of which files exist; see `keysForPath`. */
  targetKey: string;
  /** Paths to try, best first; the first that exists is the target. */
  candidates: readonly string[];
  /** True when candidates are directories (Go packages) rather than files. */
  directory: boolean;
}
