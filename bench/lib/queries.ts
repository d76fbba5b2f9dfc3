import { Random } from '../corpus/random';
import type { KeptFile } from './bench-repo';

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]{5,}/g;
const PHRASE_SHARE = 0.3;

/**
 * Substring queries as people type them, taken from the generated text itself: mostly
 * identifiers (function, class and variable names, some common, some rare), the rest two- or
 * three-word phrases from comments and messages. Distinct, each at least 3 characters.
 */
export function sampleQueries(kept: readonly KeptFile[], count: number, seed: number): string[] {
  const rng = new Random(seed);
  const queries = new Set<string>();
  for (let attempt = 0; queries.size < count && attempt < count * 50; attempt += 1) {
    const file = rng.pick(kept);
    const lines = file.content.split('\n').filter((line) => line.trim().length > 20);
    if (lines.length === 0) continue;
    const line = rng.pick(lines);
    const query = rng.chance(PHRASE_SHARE) ? phraseOf(rng, line) : identifierOf(rng, line);
    if (query && query.length >= 3) queries.add(query);
  }
  return [...queries];
}

function identifierOf(rng: Random, line: string): string | null {
  const tokens = line.match(IDENTIFIER);
  return tokens && tokens.length > 0 ? rng.pick(tokens) : null;
}

function phraseOf(rng: Random, line: string): string | null {
  const words = line.split(/[^\p{L}]+/u).filter((word) => word.length > 1);
  if (words.length < 3) return null;
  const length = rng.int(2, 3);
  const start = rng.int(0, words.length - length);
  return words.slice(start, start + length).join(' ');
}
