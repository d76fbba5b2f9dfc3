import { quotedEnd } from './scan-text';
import type { TokenList } from './token-list';

/**
 * Adds the single-line quoted literal opening at `start` and returns the offset after it. A
 * closed literal becomes a `string` token of its raw contents when `keepsText(quote)` says its
 * quote makes strings (C-family `'x'` is a character, not a module path); anything else, and an
 * unterminated literal, becomes an empty `opaque` token.
 */
export function pushQuotedLiteral(
  tokens: TokenList,
  start: number,
  keepsText: (quote: number) => boolean = () => true,
): number {
  const { source } = tokens;
  const quote = source.charCodeAt(start);
  const end = quotedEnd(source, start);
  const closed = source.charCodeAt(end) === quote;
  if (closed && keepsText(quote)) tokens.push('string', start + 1, end);
  else tokens.push('opaque', start, start);
  return closed ? end + 1 : end;
}
