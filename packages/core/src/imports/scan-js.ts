import { blockCommentEnd, lineEnd, spaceEnd, wordEnd } from './scan-text';
import { pushQuotedLiteral } from './quoted-literal';
import { TokenList } from './token-list';

const SLASH = 0x2f;
const STAR = 0x2a;
const BACKSLASH = 0x5c;
const BACKTICK = 0x60;
const DOLLAR = 0x24;
const NEWLINE = 0x0a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

// After these words an expression starts, so a slash opens a regular expression.
const EXPRESSION_KEYWORDS = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);

/**
 * Splits JavaScript or TypeScript (JSX included) into the tokens import extraction needs,
 * dropping comments and whitespace. Code inside `${…}` of a template literal is scanned as
 * code; the template's text is not.
 *
 * One pass, linear in the text, and it never throws. Unterminated input degrades locally: a
 * quoted string stops at its line break, a comment or template runs to the end of the text.
 */
export function scanJs(source: string): TokenList {
  const tokens = new TokenList(source);
  // Brace depth at which each open `${` was entered; its `}` resumes the template's text.
  const substitutions: number[] = [];
  let braces = 0;
  // A `#!` first line is for the shell; Node skips it, and so does the scan.
  const start = source.startsWith('#!') ? lineEnd(source, 0) : 0;

  for (let i = spaceEnd(source, start); i < source.length; i = spaceEnd(source, i)) {
    const code = source.charCodeAt(i);
    const end = wordEnd(source, i);

    if (end > i) {
      tokens.push('word', i, end);
      i = end;
    } else if (code === 0x22 || code === 0x27) {
      i = pushQuotedLiteral(tokens, i);
    } else if (code === BACKTICK) {
      i = pushTemplate(tokens, i + 1, true, substitutions, braces);
    } else if (code === SLASH) {
      i = afterSlash(tokens, i);
    } else if (code === CLOSE_BRACE && substitutions.at(-1) === braces) {
      substitutions.pop();
      i = pushTemplate(tokens, i + 1, false, substitutions, braces);
    } else {
      if (code === OPEN_BRACE) braces++;
      if (code === CLOSE_BRACE) braces--;
      tokens.push('punct', i, i + 1);
      i++;
    }
  }

  return tokens;
}

/**
 * Scans template text from `start` to the closing backtick or the next `${`. Only a whole
 * template without substitutions (`isHead` and closed by a backtick) keeps its text.
 */
function pushTemplate(
  tokens: TokenList,
  start: number,
  isHead: boolean,
  substitutions: number[],
  braces: number,
): number {
  const { source } = tokens;
  let i = start;
  while (i < source.length) {
    const code = source.charCodeAt(i);
    if (code === BACKSLASH) {
      i += 2;
    } else if (code === BACKTICK) {
      tokens.push(isHead ? 'template' : 'opaque', start, isHead ? i : start);
      return i + 1;
    } else if (code === DOLLAR && source.charCodeAt(i + 1) === OPEN_BRACE) {
      substitutions.push(braces);
      tokens.push('punct', i, i + 2);
      return i + 2;
    } else {
      i++;
    }
  }
  tokens.push('opaque', start, start);
  return source.length;
}

function afterSlash(tokens: TokenList, start: number): number {
  const { source } = tokens;
  const next = source.charCodeAt(start + 1);
  if (next === SLASH) return lineEnd(source, start);
  if (next === STAR) return blockCommentEnd(source, start);

  if (!startsRegex(tokens)) {
    tokens.push('punct', start, start + 1);
    return start + 1;
  }
  tokens.push('opaque', start, start);
  return regexEnd(source, start);
}

/**
 * Whether a slash after the last token opens a regular expression rather than dividing. This
 * is the usual one-token guess; it is wrong in rare spots such as `a++ / b` or `if (x) /re/`,
 * and then only the rest of that line is misread, because neither a regular expression nor a
 * quoted string runs past a line break.
 */
function startsRegex(tokens: TokenList): boolean {
  const last = tokens.length - 1;
  const kind = tokens.kind(last);
  if (kind === undefined) return true;
  if (kind === 'word') return EXPRESSION_KEYWORDS.has(tokens.text(last));
  if (kind === 'punct') return !tokens.is(last, 'punct', ')') && !tokens.is(last, 'punct', ']');
  return false;
}

/** Index just past a regular expression body opened at `start`; flags follow as a word. */
function regexEnd(source: string, start: number): number {
  let inClass = false;
  let i = start + 1;
  while (i < source.length) {
    const code = source.charCodeAt(i);
    if (code === NEWLINE) return i;
    if (code === BACKSLASH) {
      i += 2;
      continue;
    }
    if (code === 0x5b) inClass = true;
    else if (code === 0x5d) inClass = false;
    else if (code === SLASH && !inClass) return i + 1;
    i++;
  }
  return source.length;
}
