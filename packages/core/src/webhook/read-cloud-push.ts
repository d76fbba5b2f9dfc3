import { assertBranchName, assertFullHash, normalizeRepoKey } from '../validate/identifiers';
import { checkedField } from './checked-field';
import { parsePayload } from './parse-payload';
import { PayloadValidationError } from './payload-validation-error';
import type { BranchChange, PushFacts } from './push-facts';
import { cloudPushSchema } from './schemas';

/**
 * Reads a Bitbucket Cloud `repo:push` body into validated {@link PushFacts}. A change names its
 * ref in `new` (created or updated) or `old` (deleted); only refs of type `branch` are read
 * further, and their names and new hashes must be valid. Throws `PayloadValidationError`.
 */
export function readCloudPush(body: unknown): PushFacts {
  const push = parsePayload(cloudPushSchema, body);
  const repo = checkedField('repository.full_name', () =>
    normalizeRepoKey(push.repository.full_name),
  );

  const branches: BranchChange[] = [];
  let otherRefs = 0;
  push.push.changes.forEach((change, index) => {
    const at = `push.changes[${index}]`;
    const ref = change.new ?? change.old;
    if (ref === null) throw new PayloadValidationError([`${at}: both old and new are null`]);
    if (ref.type !== 'branch') {
      otherRefs += 1;
      return;
    }

    const side = change.new ? 'new' : 'old';
    const branch = checkedField(`${at}.${side}.name`, () => assertBranchName(ref.name));
    const hash = change.new?.target.hash;
    const tip =
      hash === undefined ? null : checkedField(`${at}.new.target.hash`, () => assertFullHash(hash));
    branches.push({ branch, tip });
  });

  const truncated = push.push.changes.some((change) => change.truncated === true);
  return { repo, branches, otherRefs, truncated };
}
