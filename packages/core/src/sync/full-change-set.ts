import { listTree } from '../git/tree';
import type { ChangeSet } from '../index/apply-changes';
import { isSkippedPath, type IndexRules } from '../index/classify-file';

/**
 * The change set of a full rebuild: every path of `commit` outside skipped directories,
 * replacing whatever the index held for the repository.
 */
export async function fullChangeSet(
  mirrorDir: string,
  commit: string,
  rules: IndexRules,
): Promise<ChangeSet> {
  const entries = await listTree(mirrorDir, commit);
  const upserts = entries
    .filter((entry) => !isSkippedPath(entry.path, rules))
    .map(({ path, mode, oid }) => ({ path, mode, oid }));
  return { wipe: true, upserts, deletes: [], added: [] };
}
