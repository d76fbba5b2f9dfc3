/**
 * Character-level helpers shared by the import scanners. Each one moves forward from `start`
 * and returns an index, never past `source.length`, so a scanner built on them is linear and
 * cannot run away on unterminated input.
 */

const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;

// The per-character tests stay private and scanners call the per-token functions below:
// where imports compile to property reads (CommonJS output, test runners), a call across
// modules then costs per token rather than per character.

/** True for whitespace, including the BOM and no-break space that editors leave behind. */
function isSpace(code: number): boolean {
  return code <= 0x20 || code === 0xa0 || code === 0xfeff || code === 0x2028 || code === 0x2029;
}

/** True for characters of identifiers and numbers; all of non-ASCII counts, for any script. */
function isWordChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x5f || // _
    code === 0x24 || // $
    (code >= 0x80 && !isSpace(code))
  );
}

/** Index of the first character at or after `start` that is not whitespace. */
export function spaceEnd(source: string, start: number): number {
  let i = start;
  while (i < source.length && isSpace(source.charCodeAt(i))) i++;
  return i;
}

/** Index just past the word that starts at `start`; `start` itself when no word starts there. */
export function wordEnd(source: string, start: number): number {
  let i = start;
  while (i < source.length && isWordChar(source.charCodeAt(i))) i++;
  return i;
}

/** Index of the line break that ends the line containing `start`, or the end of the text. */
export function lineEnd(source: string, start: number): number {
  const end = source.indexOf('\n', start);
  return end < 0 ? source.length : end;
}

/** Index just past the `*` + `/` closing a block comment opened at `start`, or the text's end. */
export function blockCommentEnd(source: string, start: number): number {
  const end = source.indexOf('*/', start + 2);
  return end < 0 ? source.length : end + 2;
}

/**
 * For a single-line quoted literal opened at `start`, the index of its closing quote, or of
 * the line break or text end where it stops unterminated. A backslash escapes the next
 * character, including a line break (a continuation line).
 */
export function quotedEnd(source: string, start: number): number {
  const quote = source.charCodeAt(start);
  let i = start + 1;
  while (i < source.length) {
    const code = source.charCodeAt(i);
    if (code === quote || code === NEWLINE) return i;
    i += code === BACKSLASH ? 2 : 1;
  }
  return source.length;
}

/**
 * Index just past the three quotes closing a triple-quoted literal (Python strings, Java text
 * blocks) opened at `start`, or the text's end. Backslash escapes are honoured.
 */
export function tripleQuotedEnd(source: string, start: number): number {
  const quote = source.charCodeAt(start);
  let i = start + 3;
  while (i < source.length) {
    const code = source.charCodeAt(i);
    if (code === BACKSLASH) {
      i += 2;
    } else if (
      code === quote &&
      source.charCodeAt(i + 1) === quote &&
      source.charCodeAt(i + 2) === quote
    ) {
      return i + 3;
    } else {
      i++;
    }
  }
  return source.length;
}

/** True when three copies of the quote character at `start` begin there. */
export function opensTripleQuote(source: string, start: number): boolean {
  const quote = source.charCodeAt(start);
  return source.charCodeAt(start + 1) === quote && source.charCodeAt(start + 2) === quote;
}
