import type { ImportKind, RawImport } from './raw-import';
import { scanJs } from './scan-js';
import type { TokenList } from './token-list';

/**
 * Lists the imports of a JavaScript or TypeScript file in source order: static imports
 * (`import … from`, side-effect `import '…'`, `import type`), re-exports (`export … from`),
 * `require('…')` and `import('…')` whose argument is a literal. Text in comments, strings and
 * template literals is never read as an import. Duplicates are kept; the caller removes them.
 */
export function extractJs(source: string): RawImport[] {
  const tokens = scanJs(source);
  const found: RawImport[] = [];
  let i = 0;
  while (i < tokens.length) i = readAt(tokens, i, found);
  return found;
}

/** Reads whatever import starts at `i`; returns the index to continue from, always past `i`. */
function readAt(tokens: TokenList, i: number, found: RawImport[]): number {
  if (tokens.kind(i) !== 'word' || isPropertyName(tokens, i)) return i + 1;
  if (tokens.is(i, 'word', 'import')) return readImport(tokens, i + 1, found);
  if (tokens.is(i, 'word', 'export')) return readExport(tokens, i + 1, found);
  if (tokens.is(i, 'word', 'require')) return readCall(tokens, i + 1, 'require', found);
  return i + 1;
}

// `x.import(…)`, `a?.require(…)` are method calls, but `...require(…)` is a spread call.
function isPropertyName(tokens: TokenList, i: number): boolean {
  return tokens.is(i - 1, 'punct', '.') && !tokens.is(i - 2, 'punct', '.');
}

function readImport(tokens: TokenList, i: number, found: RawImport[]): number {
  if (tokens.is(i, 'punct', '(')) return readCall(tokens, i, 'dynamic-import', found);
  if (tokens.is(i, 'punct', '.')) return i; // import.meta
  if (tokens.kind(i) === 'string') {
    found.push({ specifier: tokens.text(i), kind: 'import' });
    return i + 1;
  }
  return readClause(tokens, i, 'import', found);
}

function readExport(tokens: TokenList, i: number, found: RawImport[]): number {
  const reexports =
    tokens.is(i, 'punct', '*') || tokens.is(i, 'punct', '{') || tokens.is(i, 'word', 'type');
  return reexports ? readClause(tokens, i, 'export-from', found) : i;
}

/** Reads `(literal)` or `(literal, options)` at `i`, the opening parenthesis. */
function readCall(tokens: TokenList, i: number, kind: ImportKind, found: RawImport[]): number {
  const argument = tokens.kind(i + 1);
  const literal = argument === 'string' || argument === 'template';
  const closes = tokens.is(i + 2, 'punct', ')') || tokens.is(i + 2, 'punct', ',');
  if (tokens.is(i, 'punct', '(') && literal && closes) {
    found.push({ specifier: tokens.text(i + 1), kind });
  }
  return i;
}

/**
 * Reads an import or re-export clause (`x`, `* as ns`, `{ a, b as c }`, `type { T }`, and
 * their combinations) up to `from '…'`. Returns where the clause stopped, so no token is read
 * twice and a long malformed clause stays linear.
 */
function readClause(tokens: TokenList, i: number, kind: ImportKind, found: RawImport[]): number {
  let depth = 0;
  for (let j = i; j < tokens.length; j++) {
    const tokenKind = tokens.kind(j);
    if (tokenKind === 'word') {
      // Without semicolons, a clause that never reaches `from` must not swallow the next one.
      if (tokens.is(j, 'word', 'import') || tokens.is(j, 'word', 'export')) return j;
      if (depth === 0 && tokens.is(j, 'word', 'from') && tokens.kind(j + 1) === 'string') {
        found.push({ specifier: tokens.text(j + 1), kind });
        return j + 2;
      }
    } else if (tokenKind === 'string') {
      // Quoted names are allowed inside braces: `import { 'a-b' as ab } from …`.
      if (depth === 0) return j;
    } else if (tokens.is(j, 'punct', '{')) {
      depth++;
    } else if (tokens.is(j, 'punct', '}')) {
      depth--;
      if (depth < 0) return j;
      if (depth === 0 && !tokens.is(j + 1, 'word', 'from')) return j + 1;
    } else if (!tokens.is(j, 'punct', ',') && !tokens.is(j, 'punct', '*')) {
      return j;
    }
  }
  return tokens.length;
}
