/**
 * What the import scanners keep of a source file:
 * - `word`: an identifier, keyword or number;
 * - `punct`: a single punctuation character, or `${` opening a template substitution;
 * - `string`: a closed quoted literal; its text is the raw contents, escapes left as written;
 * - `template`: a JavaScript template literal without substitutions; its text is the contents;
 * - `opaque`: a literal whose contents never name a module (regular expression, unterminated
 *   string, template piece after a substitution, Python string).
 * Comments and whitespace leave no token.
 */
export type TokenKind = 'word' | 'punct' | 'string' | 'template' | 'opaque';

const KINDS: readonly TokenKind[] = ['word', 'punct', 'string', 'template', 'opaque'];

/**
 * The tokens of one source text, kept as offsets into it. A megabyte of code has a quarter
 * of a million tokens; typed arrays hold them without an object or a string each, which keeps
 * scanning fast and the garbage collector idle. Text is cut out only when asked for.
 */
export class TokenList {
  #kinds = new Uint8Array(1024);
  #starts = new Int32Array(1024);
  #ends = new Int32Array(1024);
  #length = 0;

  constructor(readonly source: string) {}

  /** How many tokens there are. */
  get length(): number {
    return this.#length;
  }

  /** Appends a token covering `source.slice(start, end)`. */
  push(kind: TokenKind, start: number, end: number): void {
    if (this.#length === this.#kinds.length) this.#grow();
    this.#kinds[this.#length] = KINDS.indexOf(kind) + 1;
    this.#starts[this.#length] = start;
    this.#ends[this.#length] = end;
    this.#length++;
  }

  /** The kind of token `i`, or undefined past either end. */
  kind(i: number): TokenKind | undefined {
    return i >= 0 && i < this.#length ? KINDS[(this.#kinds[i] ?? 0) - 1] : undefined;
  }

  /** The text of token `i` (contents only, for literals); `''` past either end. */
  text(i: number): string {
    if (i < 0 || i >= this.#length) return '';
    return this.source.slice(this.#starts[i], this.#ends[i]);
  }

  /** True when token `i` is of `kind` and its text is exactly `text`, without cutting it out. */
  is(i: number, kind: TokenKind, text: string): boolean {
    if (this.kind(i) !== kind) return false;
    const start = this.#starts[i] ?? 0;
    return (this.#ends[i] ?? 0) - start === text.length && this.source.startsWith(text, start);
  }

  #grow(): void {
    const size = this.#kinds.length * 2;
    const kinds = new Uint8Array(size);
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    kinds.set(this.#kinds);
    starts.set(this.#starts);
    ends.set(this.#ends);
    this.#kinds = kinds;
    this.#starts = starts;
    this.#ends = ends;
  }
}
