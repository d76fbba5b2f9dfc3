import { assertFullHash } from '../validate/identifiers';
import { runGit } from './run-git';

/** Git object modes codesync distinguishes. */
export const MODE_SYMLINK = '120000';
export const MODE_GITLINK = '160000';

/** One path of a commit's tree. */
export interface TreeEntry {
  mode: string;
  oid: string;
  path: string;
}

/** One path that differs between two commits; `newOid` is null for a deletion. */
export interface TreeChange {
  path: string;
  status: 'A' | 'M' | 'D' | 'T';
  newMode: string | null;
  newOid: string | null;
}

/** Lists every blob, symlink and gitlink of `commit` (recursively, NUL-separated, unquoted). */
export async function listTree(gitDir: string, commit: string): Promise<TreeEntry[]> {
  const out = await runGit(
    ['ls-tree', '-r', '-z', '--full-tree', '--end-of-options', assertFullHash(commit)],
    {
      gitDir,
    },
  );
  return parseLsTree(out.toString('utf8'));
}

/** Parses `git ls-tree -r -z` output. */
export function parseLsTree(out: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of out.split('\0')) {
    if (!record) continue;
    const tab = record.indexOf('\t');
    const [mode, , oid] = record.slice(0, tab).split(' ');
    if (!mode || !oid || tab === -1)
      throw new Error(`unexpected ls-tree record ${JSON.stringify(record)}`);
    entries.push({ mode, oid, path: record.slice(tab + 1) });
  }
  return entries;
}

/**
 * The paths that differ between two commits, without rename detection: a rename is a deletion
 * plus an addition, which is exactly what the index needs and costs no blob reads.
 */
export async function diffTrees(gitDir: string, from: string, to: string): Promise<TreeChange[]> {
  const out = await runGit(
    [
      'diff-tree',
      '-r',
      '-z',
      '--no-renames',
      '--no-commit-id',
      '--end-of-options',
      assertFullHash(from),
      assertFullHash(to),
    ],
    { gitDir },
  );
  return parseDiffTree(out.toString('utf8'));
}

/** Parses `git diff-tree -r -z` raw output: `:mode mode oid oid S\0path\0` per change. */
export function parseDiffTree(out: string): TreeChange[] {
  const fields = out.split('\0');
  const changes: TreeChange[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const meta = fields[i];
    const path = fields[i + 1];
    if (!meta || path === undefined) continue;
    const [, newMode, , newOid, status] = meta.slice(1).split(' ');
    if (status !== 'A' && status !== 'M' && status !== 'D' && status !== 'T') {
      throw new Error(`unexpected diff-tree status ${JSON.stringify(meta)}`);
    }
    const deleted = status === 'D';
    changes.push({
      path,
      status,
      newMode: deleted ? null : (newMode ?? null),
      newOid: deleted ? null : (newOid ?? null),
    });
  }
  return changes;
}

/** True when `commit` exists in the mirror as a commit object. */
export async function hasCommit(gitDir: string, commit: string): Promise<boolean> {
  try {
    await runGit(['cat-file', '-e', '--end-of-options', `${assertFullHash(commit)}^{commit}`], {
      gitDir,
    });
    return true;
  } catch {
    return false;
  }
}
