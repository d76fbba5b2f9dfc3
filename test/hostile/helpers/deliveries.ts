import { signBody } from '@codesync/core';
import { loadFixture, type Fixture } from '../../helpers/fixtures';
import type { GitRemote } from '../../helpers/git-remote';
import { TEST_SECRET, type Stack } from '../../helpers/stack';

export { loadFixture, type Fixture };

/** A well-formed signature header that matches no body under any test secret. */
export const FORGED_SIGNATURE = `sha256=${'0'.repeat(64)}`;

/** Headers and bytes of a delivery, ready for `sendRaw`. */
export interface Delivery {
  headers: Record<string, string>;
  body: Buffer;
}

/** Serialises `body` and signs the bytes with `secret`, keeping the fixture's other headers. */
export function signed(fixture: Fixture, secret = TEST_SECRET): Delivery {
  return signedBytes(fixture.headers, Buffer.from(JSON.stringify(fixture.body)), secret);
}

/** Signs raw bytes as sent, for bodies that are not JSON or not the fixture's shape. */
export function signedBytes(
  headers: Record<string, string>,
  body: Buffer,
  secret = TEST_SECRET,
): Delivery {
  return {
    headers: {
      ...headers,
      'Content-Type': 'application/json',
      'X-Hub-Signature': signBody(body, secret),
    },
    body,
  };
}

/** A fixture with its body replaced (for wrong shapes), signed. */
export function signedWithBody(name: string, body: unknown, secret = TEST_SECRET): Delivery {
  return signed({ headers: loadFixture(name).headers, body: body as Record<string, any> }, secret);
}

/** A fixture mutated in place by `edit`, then signed. */
export function signedEdit(
  name: string,
  edit: (body: any) => void,
  secret = TEST_SECRET,
): Delivery {
  const fixture = loadFixture(name);
  edit(fixture.body);
  return signed(fixture, secret);
}

/** A fixture's body and headers with the signature header set to `signature` (or removed). */
export function withSignature(name: string, signature: string | null): Delivery {
  const fixture = loadFixture(name);
  const body = Buffer.from(JSON.stringify(fixture.body));
  const headers: Record<string, string> = {
    ...fixture.headers,
    'Content-Type': 'application/json',
  };
  delete headers['X-Hub-Signature'];
  if (signature !== null) headers['X-Hub-Signature'] = signature;
  return { headers, body };
}

/**
 * Proves the service still works: commits a file to the remote, pushes it, sends the signed
 * Cloud push for the new tip and waits until the index holds that commit.
 */
export async function expectNextPushIndexed(
  stack: Stack,
  remote: GitRemote,
  label: string,
): Promise<string> {
  remote.commit({ [`after/${label}.txt`]: `still indexing after ${label}\n` });
  const tip = remote.push();
  const push = loadFixture('cloud-push-main');
  push.body.push.changes[0].new.target.hash = tip;
  const response = await stack.deliver(push);
  if (response.status !== 202)
    throw new Error(`valid push answered ${response.status}: ${JSON.stringify(response.json)}`);
  await stack.waitForIndexed(remote.key, tip);
  return tip;
}
