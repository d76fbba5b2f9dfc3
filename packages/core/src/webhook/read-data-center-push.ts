import {
  assertBranchName,
  assertFullHash,
  isNullHash,
  normalizeRepoKey,
} from '../validate/identifiers';
import { checkedField } from './checked-field';
import { parsePayload } from './parse-payload';
import { PayloadValidationError } from './payload-validation-error';
import type { BranchChange, PushFacts } from './push-facts';
import { dataCenterPushSchema } from './schemas';

const BRANCH_PREFIX = 'refs/heads/';

/**
 * Reads a Bitbucket Data Center `repo:refs_changed` body into validated {@link PushFacts}.
 * Only refs of type `BRANCH` are read further. The branch name is `ref.displayId`, or `ref.id`
 * without `refs/heads/` when there is no display id. `toHash` must be a full hash; the all-zero
 * hash (and any `DELETE`) means the branch is gone. Throws `PayloadValidationError`.
 */
export function readDataCenterPush(body: unknown): PushFacts {
  const push = parsePayload(dataCenterPushSchema, body);
  const { project, slug } = push.repository;
  const repo = checkedField('repository', () => normalizeRepoKey(`${project.key}/${slug}`));

  const branches: BranchChange[] = [];
  let otherRefs = 0;
  push.changes.forEach((change, index) => {
    const at = `changes[${index}]`;
    if (change.ref.type !== 'BRANCH') {
      otherRefs += 1;
      return;
    }

    const name = change.ref.displayId ?? shortBranchName(change.ref.id, `${at}.ref.id`);
    const branch = checkedField(`${at}.ref`, () => assertBranchName(name));
    const hash = checkedField(`${at}.toHash`, () => assertFullHash(change.toHash));
    const gone = change.type === 'DELETE' || isNullHash(hash);
    branches.push({ branch, tip: gone ? null : hash });
  });

  // Data Center sends no truncation flag.
  return { repo, branches, otherRefs, truncated: false };
}

function shortBranchName(refId: string, at: string): string {
  if (refId.startsWith(BRANCH_PREFIX)) return refId.slice(BRANCH_PREFIX.length);
  throw new PayloadValidationError([
    `${at}: a BRANCH ref without displayId must start with ${BRANCH_PREFIX}`,
  ]);
}
