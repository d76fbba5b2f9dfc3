import type { TokenList } from './token-list';

/** A dotted name read from tokens, and the index of the first token after it. */
export interface DottedName {
  segments: string[];
  next: number;
}

/**
 * Reads `word(.word)*` starting at `start`, as Python and Java spell module and class names.
 * With `allowStar`, a final `.*` is read as the segment `*` (Java's on-demand import).
 * Returns null when no word starts there.
 */
export function readDottedName(
  tokens: TokenList,
  start: number,
  allowStar = false,
): DottedName | null {
  if (tokens.kind(start) !== 'word') return null;

  const segments = [tokens.text(start)];
  let i = start + 1;
  while (tokens.is(i, 'punct', '.')) {
    if (tokens.kind(i + 1) === 'word') {
      segments.push(tokens.text(i + 1));
    } else if (allowStar && tokens.is(i + 1, 'punct', '*')) {
      segments.push('*');
      return { segments, next: i + 2 };
    } else {
      break;
    }
    i += 2;
  }
  return { segments, next: i };
}
