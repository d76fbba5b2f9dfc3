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
  const sql =
    [...query].length >= 3
      ? `SELECT f.repo, f.path, f.content FROM files_fts JOIN files f ON f.id = files_fts.rowid
         WHERE files_fts MATCH @match ${repoFilter} ORDER BY f.repo, f.path`
      : `SELECT f.repo, f.path, f.content FROM files f
         WHERE f.content LIKE @like ESCAPE '\\' ${repoFilter} ORDER BY f.repo, f.path`;
  const params = {
    match: `content : "${query.replaceAll('"', '""')}"`,
    like: `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    repo: options.repo,
  };
  const hits: SearchHit[] = [];
  const needle = query.toLowerCase();
  for (const row of db.prepare(sql).iterate(params) as Iterable<{ repo: string; path: string; content: string }>) {
    for (const hit of matchingLines(row.content, needle)) {
      hits.push({ repo: row.repo, path: row.path, ...hit });
      if (hits.length >= limit) return hits;
    }
  }
  return hits;
}

function* matchingLines(content: string, needle: string): Generator<{ line: number; text: string }> {
  const lower = content.toLowerCase();
  let from = 0;
  let lastLine = -1;
  while (from <= lower.length) {
    const at = lower.indexOf(needle, from);
    if (at === -1) return;
    const start = content.lastIndexOf('\n', at - 1) + 1;
    const endAt = content.indexOf('\n', at);
    const end = endAt === -1 ? content.length : endAt;
    const line = countNewlines(content, start) + 1;
    if (line !== lastLine) {
      lastLine = line;
      yield { line, text: content.slice(start, end).slice(0, MAX_LINE_CHARS) };
    }
    from = end + 1;
  }
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) count += 1;
  return count;
}
