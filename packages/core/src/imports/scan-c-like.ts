import {
  blockCommentEnd,
  lineEnd,
  opensTripleQuote,
  spaceEnd,
  tripleQuotedEnd,
  wordEnd,
} from './scan-text';
import { pushQuotedLiteral } from './quoted-literal';
import { TokenList } from './token-list';

// Only double quotes make strings in the C family; single quotes hold one character.
const isDoubleQuote = (quote: number) => quote === 0x22;

/** The literal forms that differ between the C-family languages scanned here. */
export interface CLikeDialect {
  /** Backticks quote raw, multi-line strings (Go). */
  rawBackticks: boolean;
  /** Three double quotes open a multi-line text block (Java 15+). */
  textBlocks: boolean;
}

/**
 * Splits Go or Java source into the tokens import extraction needs, dropping `//` and block
 * comments and whitespace. Double-quoted strings, and raw strings where the dialect has them,
 * keep their raw text; character literals and text blocks become `opaque`.
 *
 * One pass, linear in the text, and it never throws. A quoted literal stops at its line
 * break; an unterminated comment, raw string or text block runs to the end of the text.
 */
export function scanCLike(source: string, dialect: CLikeDialect): TokenList {
  const tokens = new TokenList(source);

  for (let i = spaceEnd(source, 0); i < source.length; i = spaceEnd(source, i)) {
    const code = source.charCodeAt(i);
    const next = source.charCodeAt(i + 1);
    const end = wordEnd(source, i);

    if (end > i) {
      tokens.push('word', i, end);
      i = end;
    } else if (code === 0x2f && next === 0x2f) {
      i = lineEnd(source, i);
    } else if (code === 0x2f && next === 0x2a) {
      i = blockCommentEnd(source, i);
    } else if (code === 0x22 && dialect.textBlocks && opensTripleQuote(source, i)) {
      tokens.push('opaque', i, i);
      i = tripleQuotedEnd(source, i);
    } else if (code === 0x22 || code === 0x27) {
      i = pushQuotedLiteral(tokens, i, isDoubleQuote);
    } else if (code === 0x60 && dialect.rawBackticks) {
      i = pushRaw(tokens, i);
    } else {
      tokens.push('punct', i, i + 1);
      i++;
    }
  }

  return tokens;
}

function pushRaw(tokens: TokenList, start: number): number {
  const end = tokens.source.indexOf('`', start + 1);
  if (end < 0) {
    tokens.push('opaque', start, start);
    return tokens.source.length;
  }
  tokens.push('string', start + 1, end);
  return end + 1;
}
