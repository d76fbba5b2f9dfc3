import { readDottedName } from './dotted-name';
import type { RawImport } from './raw-import';
import { scanPython } from './scan-python';
import type { TokenList } from './token-list';

/**
 * Lists the modules a Python file imports, in source order:
 * - `import a.b.c, d as e` gives `a.b.c` and `d`;
 * - `from a.b import c` and `from ..pkg.mod import z` give the module, `a.b` and `..pkg.mod`;
 * - `from . import x, y` gives `.x` and `.y`, since each may be a module of the package;
 *   `from . import *` gives `.`, the package itself.
 * Parenthesised and continued lists are read across lines. Comments and strings, docstrings
 * included, are never read as imports. Duplicates are kept; the caller removes them.
 */
export function extractPython(source: string): RawImport[] {
  const tokens = scanPython(source);
  const found: RawImport[] = [];
  let i = 0;

  // `import` and `from` are keywords: outside comments and strings they start an import
  // statement, except `yield from` and `raise … from`, which never reach an `import`.
  while (i < tokens.length) {
    if (tokens.is(i, 'word', 'import')) i = readImportList(tokens, i + 1, found);
    else if (tokens.is(i, 'word', 'from')) i = readFromImport(tokens, i + 1, found);
    else i++;
  }
  return found;
}

function readImportList(tokens: TokenList, start: number, found: RawImport[]): number {
  let i = start;
  for (;;) {
    const name = readDottedName(tokens, i);
    if (!name) return i;
    found.push(python(name.segments.join('.')));
    i = skipAlias(tokens, name.next);
    if (!tokens.is(i, 'punct', ',')) return i;
    i++;
  }
}

function readFromImport(tokens: TokenList, start: number, found: RawImport[]): number {
  let i = start;
  while (tokens.is(i, 'punct', '.')) i++;
  const dots = '.'.repeat(i - start);

  // In `from . import x` the word after the dots is the keyword, not a module name.
  const module = tokens.is(i, 'word', 'import') ? null : readDottedName(tokens, i);
  if (module) i = module.next;
  if ((!module && !dots) || !tokens.is(i, 'word', 'import')) return i;

  if (module) {
    found.push(python(dots + module.segments.join('.')));
    return i + 1;
  }
  return readRelativeNames(tokens, i + 1, dots, found);
}

/** Reads the names of `from . import …`, each of which may be a module of that package. */
function readRelativeNames(
  tokens: TokenList,
  start: number,
  dots: string,
  found: RawImport[],
): number {
  let i = tokens.is(start, 'punct', '(') ? start + 1 : start;
  if (tokens.is(i, 'punct', '*')) {
    found.push(python(dots));
    return i + 1;
  }

  for (;;) {
    if (tokens.kind(i) !== 'word') return i;
    found.push(python(dots + tokens.text(i)));
    i = skipAlias(tokens, i + 1);
    if (!tokens.is(i, 'punct', ',')) return i;
    i++;
  }
}

function skipAlias(tokens: TokenList, i: number): number {
  return tokens.is(i, 'word', 'as') && tokens.kind(i + 1) === 'word' ? i + 2 : i;
}

function python(specifier: string): RawImport {
  return { specifier, kind: 'python' };
}
