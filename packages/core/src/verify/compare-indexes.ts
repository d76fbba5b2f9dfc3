import type { IndexDb } from '../index/open-index';
import { readRepoState } from '../index/repo-state';
import { readImportEdges, readIndexedFiles } from './read-index-facts';
import type {
  FileFacts,
  ImportEdge,
  IndexedFile,
  StaleEdge,
  StaleFile,
  VerifyReport,
} from './verify-report';

const FILE_FIELDS: Array<keyof FileFacts> = [
  'blob',
  'mode',
  'status',
  'language',
  'size',
  'contentHash',
];

/**
 * Compares `repo`'s files and import edges in `actual` with those in `reference` (built by
 * `buildReferenceIndex`). Both must be indexed at the same commit, or the comparison would
 * mean nothing: it throws when their `repos` rows disagree. Reads only; run it inside a read
 * transaction of `actual` when another process may be writing to it.
 */
export function compareIndexes(actual: IndexDb, reference: IndexDb, repo: string): VerifyReport {
  const commit = readRepoState(reference, repo)?.indexedCommit;
  if (!commit) throw new Error(`the reference index holds no commit of ${repo}`);
  const actualCommit = readRepoState(actual, repo)?.indexedCommit ?? null;
  if (actualCommit !== commit) {
    throw new Error(
      `${repo} is indexed at ${actualCommit ?? 'no commit'}, the reference at ${commit}`,
    );
  }

  const files = diffKeyed(readIndexedFiles(actual, repo), readIndexedFiles(reference, repo));
  const edges = diffKeyed(readImportEdges(actual, repo), readImportEdges(reference, repo));
  const staleFiles = files.both.flatMap((pair) => staleFile(pair.actual, pair.expected));
  const staleEdges = edges.both.flatMap((pair) => staleEdge(pair.actual, pair.expected));
  const report = {
    repo,
    commit,
    missingFiles: files.missing,
    extraFiles: files.extra,
    staleFiles,
    missingEdges: edges.missing,
    extraEdges: edges.extra,
    staleEdges,
    unsearchableFiles: readUnsearchablePaths(actual, repo),
  };
  const differences = [
    files.missing,
    files.extra,
    staleFiles,
    edges.missing,
    edges.extra,
    staleEdges,
    report.unsearchableFiles,
  ];
  return { ...report, ok: differences.every((list) => list.length === 0) };
}

/**
 * Paths of `repo` whose row has no entry in the full-text index (FTS5 keeps one `docsize` row
 * per entry), so search can never find them. Readable on a read-only connection, unlike
 * FTS5's own integrity-check.
 */
function readUnsearchablePaths(db: IndexDb, repo: string): string[] {
  const rows = db
    .prepare(
      `SELECT f.path FROM files f LEFT JOIN files_fts_docsize d ON d.id = f.id
       WHERE f.repo = ? AND d.id IS NULL`,
    )
    .pluck()
    .all(repo) as string[];
  return rows.sort(byCodeUnit);
}

interface Keyed<T> {
  missing: T[];
  extra: T[];
  both: Array<{ actual: T; expected: T }>;
}

/** Splits two keyed sets into missing, extra and shared entries, in key order. */
function diffKeyed<T>(actual: Map<string, T>, expected: Map<string, T>): Keyed<T> {
  const result: Keyed<T> = { missing: [], extra: [], both: [] };
  const keys = [...new Set([...actual.keys(), ...expected.keys()])].sort(byCodeUnit);
  for (const key of keys) {
    const have = actual.get(key);
    const want = expected.get(key);
    if (have && want) result.both.push({ actual: have, expected: want });
    else if (want) result.missing.push(want);
    else if (have) result.extra.push(have);
  }
  return result;
}

function staleFile(actual: IndexedFile, expected: IndexedFile): StaleFile[] {
  const fields = FILE_FIELDS.filter((field) => actual[field] !== expected[field]);
  if (fields.length === 0) return [];
  const { path, ...actualFacts } = actual;
  const { path: _same, ...expectedFacts } = expected;
  return [{ path, fields, actual: actualFacts, expected: expectedFacts }];
}

function staleEdge(actual: ImportEdge, expected: ImportEdge): StaleEdge[] {
  if (actual.target === expected.target && actual.targetKey === expected.targetKey) return [];
  const { fromPath, specifier, kind } = actual;
  return [
    {
      fromPath,
      specifier,
      kind,
      actual: { targetKey: actual.targetKey, target: actual.target },
      expected: { targetKey: expected.targetKey, target: expected.target },
    },
  ];
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
