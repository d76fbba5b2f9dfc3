import { readDottedName } from './dotted-name';
import type { RawImport } from './raw-import';
import { scanCLike } from './scan-c-like';
import type { TokenList } from './token-list';

/**
 * Lists the imports of a Java file in source order, as the type or package they name:
 * `import a.b.C;` gives `a.b.C`, `import a.b.*;` gives `a.b.*`, and a static import gives
 * the class its member comes from (`import static a.b.C.m;` and `import static a.b.C.*;` both
 * give `a.b.C`). Module imports (`import module java.base;`) name no file and are skipped.
 * Comments and strings, text blocks included, are never read as imports.
 */
export function extractJava(source: string): RawImport[] {
  const tokens = scanCLike(source, { rawBackticks: false, textBlocks: true });
  const found: RawImport[] = [];
  let i = 0;
  while (i < tokens.length) {
    i = tokens.is(i, 'word', 'import') ? readImport(tokens, i + 1, found) : i + 1;
  }
  return found;
}

function readImport(tokens: TokenList, start: number, found: RawImport[]): number {
  const isStatic = tokens.is(start, 'word', 'static');
  const nameAt = isStatic ? start + 1 : start;
  if (tokens.is(nameAt, 'word', 'module') && tokens.kind(nameAt + 1) === 'word') return nameAt + 2;

  const name = readDottedName(tokens, nameAt, true);
  if (!name) return nameAt;
  const segments = isStatic ? name.segments.slice(0, -1) : name.segments;
  if (segments.length > 0) found.push({ specifier: segments.join('.'), kind: 'java' });
  return name.next;
}
