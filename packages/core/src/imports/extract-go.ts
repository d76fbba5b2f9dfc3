import type { RawImport } from './raw-import';
import { scanCLike } from './scan-c-like';
import type { TokenList } from './token-list';

/**
 * Lists the import paths of a Go file in source order, from single (`import "fmt"`) and
 * grouped (`import ( … )`) declarations, with or without a name (`alias`, `_`, `.`).
 * Comments and strings outside import declarations are never read as imports.
 */
export function extractGo(source: string): RawImport[] {
  const tokens = scanCLike(source, { rawBackticks: true, textBlocks: false });
  const found: RawImport[] = [];
  let i = 0;

  // `import` is a keyword in Go, so outside comments and strings it always starts a declaration.
  while (i < tokens.length) {
    if (!tokens.is(i, 'word', 'import')) i++;
    else if (tokens.is(i + 1, 'punct', '(')) i = readGroup(tokens, i + 2, found);
    else i = readSpec(tokens, i + 1, found);
  }
  return found;
}

function readGroup(tokens: TokenList, start: number, found: RawImport[]): number {
  let i = start;
  while (i < tokens.length) {
    if (tokens.is(i, 'punct', ')')) return i + 1;
    if (tokens.is(i, 'punct', ';')) {
      i++;
      continue;
    }
    const next = readSpec(tokens, i, found);
    if (next === i) return i;
    i = next;
  }
  return i;
}

/** Reads `[name] "path"` at `start`; returns `start` itself when there is no import spec. */
function readSpec(tokens: TokenList, start: number, found: RawImport[]): number {
  const named = tokens.kind(start) === 'word' || tokens.is(start, 'punct', '.');
  const path = named ? start + 1 : start;
  if (tokens.kind(path) !== 'string') return start;
  found.push({ specifier: tokens.text(path), kind: 'go' });
  return named ? start + 2 : start + 1;
}
