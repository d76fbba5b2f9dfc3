import {
  lineEnd,
  opensTripleQuote,
  quotedEnd,
  spaceEnd,
  tripleQuotedEnd,
  wordEnd,
} from './scan-text';
import { TokenList } from './token-list';

// Letters that may prefix a string literal: r'…', b"…", f'''…''', rb"…", t'…' and so on.
const STRING_PREFIXES = new Set(['r', 'u', 'b', 'f', 't', 'br', 'rb', 'fr', 'rf', 'tr', 'rt']);

/**
 * Splits Python source into the tokens import extraction needs, dropping comments and
 * whitespace. Strings, docstrings included, become `opaque` tokens: no Python import names a
 * module with a string. Line structure is not kept; the import grammar does not need it.
 *
 * One pass, linear in the text, and it never throws. An unterminated string stops at its line
 * break, or, when triple-quoted, at the end of the text.
 */
export function scanPython(source: string): TokenList {
  const tokens = new TokenList(source);

  for (let i = spaceEnd(source, 0); i < source.length; i = spaceEnd(source, i)) {
    const code = source.charCodeAt(i);
    const end = wordEnd(source, i);

    if (code === 0x23) {
      i = lineEnd(source, i);
    } else if (isQuote(code)) {
      tokens.push('opaque', i, i);
      i = stringEnd(source, i);
    } else if (end > i) {
      if (isQuote(source.charCodeAt(end)) && isStringPrefix(source.slice(i, end))) {
        tokens.push('opaque', i, i);
        i = stringEnd(source, end);
      } else {
        tokens.push('word', i, end);
        i = end;
      }
    } else {
      tokens.push('punct', i, i + 1);
      i++;
    }
  }

  return tokens;
}

function isStringPrefix(word: string): boolean {
  return STRING_PREFIXES.has(word.toLowerCase());
}

function isQuote(code: number): boolean {
  return code === 0x22 || code === 0x27;
}

function stringEnd(source: string, start: number): number {
  if (opensTripleQuote(source, start)) return tripleQuotedEnd(source, start);
  const end = quotedEnd(source, start);
  return end < source.length && source.charCodeAt(end) !== 0x0a ? end + 1 : end;
}
