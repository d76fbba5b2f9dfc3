import { extractGo } from './extract-go';
import { extractJava } from './extract-java';
import { extractJs } from './extract-js';
import { extractPython } from './extract-python';
import type { Language } from './language';
import type { RawImport } from './raw-import';

export type { ImportKind, RawImport } from './raw-import';

const EXTRACTORS: ReadonlyMap<Language, (source: string) => RawImport[]> = new Map([
  ['typescript', extractJs],
  ['javascript', extractJs],
  ['python', extractPython],
  ['go', extractGo],
  ['java', extractJava],
]);

/**
 * Lists the imports written in one file, in source order, each (specifier, kind) pair once
 * and never with an empty specifier.
 * Only TypeScript, JavaScript, Python, Go and Java have imports; any other language gives an
 * empty list. `path` does not change the result today: `language` alone picks the grammar.
 *
 * Never throws, whatever `content` holds, and runs in time linear in its length: the
 * scanners make one pass and the parsers never revisit a token. Matches inside comments and
 * string literals are ignored.
 */
export function extractImports(path: string, language: Language, content: string): RawImport[] {
  const extract = EXTRACTORS.get(language);
  if (!extract) return [];

  const seen = new Set<string>();
  return extract(content).filter(({ specifier, kind }) => {
    const key = `${kind}\u0000${specifier}`;
    if (specifier === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
