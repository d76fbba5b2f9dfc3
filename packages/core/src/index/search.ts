import type { IndexDb } from './open-index';

/** One matching line. `line` is 1-based. */
export interface SearchHit {
  repo: string;
  path: string;
  line: number;
  text: string;
}

export interface SearchOptions {
  repo?: string;
  /** Maximum number of hits returned (default 50). */
  limit?: number;
}

const MAX_LINE_CHARS = 300;

/**
 * Case-insensitive substring search over indexed file contents. Queries of three or more
 * characters use the FTS5 trigram index; shorter ones fall back to a scan, which is correct
 * but slower. Hits are ordered by repository, path and line.
 */
export function searchIndex(db: IndexDb, query: string, options: SearchOptions = {}): SearchHit[] {
  const limit = options.limit ?? 50;
  if (query.length === 0) return [];
  const repoFilter = options.repo ? 'AND f.repo = @repo' : '';
  // Candidates first, without content: a common term matches thousands of files, and only the
  // first few (in path order) need their content read to reach the limit.
  const sql =
    [...query].length >= 3
      ? `SELECT f.id, f.repo, f.path FROM files_fts JOIN files f ON f.id = files_fts.rowid
         WHERE files_fts MATCH @match ${repoFilter}`
      : `SELECT f.id, f.repo, f.path FROM files f
         WHERE f.content LIKE @like ESCAPE '\\' ${repoFilter}`;
  const params = {
    match: `content : "${query.replaceAll('"', '""')}"`,
    like: `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    repo: options.repo,
  };
  const candidates = db.prepare(sql).all(params) as Array<{
    id: number;
    repo: string;
    path: string;
  }>;
  candidates.sort((a, b) => compare(a.repo, b.repo) || compare(a.path, b.path));
  const readContent = db.prepare('SELECT content FROM files WHERE id = ?').pluck();
  const hits: SearchHit[] = [];
  const needle = query.toLowerCase();
  for (const { id, repo, path } of candidates) {
    for (const hit of matchingLines(readContent.get(id) as string, needle)) {
      hits.push({ repo, path, ...hit });
      if (hits.length >= limit) return hits;
    }
  }
  return hits;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function* matchingLines(
  content: string,
  needle: string,
): Generator<{ line: number; text: string }> {
  const lower = content.length === content.toLowerCase().length ? content.toLowerCase() : null;
  // Lower-casing can change a string's length (e.g. 'İ'); then fall back to a line-by-line scan.
  if (lower === null) {
    const lines = content.split('\n');
    for (let i = 0; i < lines.length; i += 1) {
      const text = lines[i]!;
      if (text.toLowerCase().includes(needle))
        yield { line: i + 1, text: text.slice(0, MAX_LINE_CHARS) };
    }
    return;
  }
  let line = 1;
  let counted = 0;
  let from = 0;
  while (from <= lower.length) {
    const at = lower.indexOf(needle, from);
    if (at === -1) return;
    const start = content.lastIndexOf('\n', at - 1) + 1;
    const endAt = content.indexOf('\n', at);
    const end = endAt === -1 ? content.length : endAt;
    line += countNewlines(content, counted, start);
    counted = start;
    yield { line, text: content.slice(start, end).slice(0, MAX_LINE_CHARS) };
    from = end + 1;
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1))
    count += 1;
  return count;
}
