import { randomUUID } from 'node:crypto';
import { signBody } from '@codesync/core';

/** A webhook request ready to POST. */
export interface SignedDelivery {
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * A Bitbucket Cloud `repo:push` delivery for one branch update, with the fields codesync reads
 * and the headers Cloud sends. Used by the demo and the benchmarks (tests use the fixtures).
 */
export function cloudPush(
  repoKey: string,
  branch: string,
  oldHash: string | null,
  newHash: string,
  secret: string,
  padTo = 0,
): SignedDelivery {
  const ref = (hash: string) => ({
    type: 'branch',
    name: branch,
    target: { type: 'commit', hash },
  });
  const payload: Record<string, unknown> = {
    actor: { display_name: 'Dana Developer', nickname: 'dana', type: 'user' },
    repository: { full_name: repoKey, name: repoKey.split('/')[1], type: 'repository', scm: 'git' },
    push: {
      changes: [
        {
          old: oldHash ? ref(oldHash) : null,
          new: ref(newHash),
          created: oldHash === null,
          closed: false,
          forced: false,
          truncated: false,
          commits: [],
        },
      ],
    },
  };
  // Benchmarks send realistically sized bodies; Cloud's carry commit messages and links.
  if (padTo > 0)
    payload.padding = 'x'.repeat(Math.max(0, padTo - JSON.stringify(payload).length - 14));
  const body = Buffer.from(JSON.stringify(payload));
  return {
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'Bitbucket-Webhooks/2.0',
      'X-Event-Key': 'repo:push',
      'X-Request-UUID': randomUUID(),
      'X-Hook-UUID': '6a1f0c2e-1f7b-4f57-9a43-0d6a3c6f2b10',
      'X-Attempt-Number': '1',
      'X-Hub-Signature': signBody(body, secret),
    },
    body,
  };
}

/** A Bitbucket Data Center `repo:refs_changed` delivery for one branch update. */
export function dataCenterPush(
  projectKey: string,
  slug: string,
  branch: string,
  fromHash: string,
  toHash: string,
  secret: string,
): SignedDelivery {
  const payload = {
    eventKey: 'repo:refs_changed',
    date: new Date().toISOString().replace('Z', '+0000'),
    actor: { name: 'dana', displayName: 'Dana Developer', type: 'NORMAL' },
    repository: { slug, name: slug, project: { key: projectKey, name: projectKey } },
    changes: [
      {
        ref: { id: `refs/heads/${branch}`, displayId: branch, type: 'BRANCH' },
        refId: `refs/heads/${branch}`,
        fromHash,
        toHash,
        type: 'UPDATE',
      },
    ],
  };
  const body = Buffer.from(JSON.stringify(payload));
  return {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'X-Event-Key': 'repo:refs_changed',
      'X-Request-Id': randomUUID(),
      'X-Hub-Signature': signBody(body, secret),
    },
    body,
  };
}
