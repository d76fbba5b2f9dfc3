import { readFileSync } from 'node:fs';
import path from 'node:path';
import { signBody } from '@codesync/core';
import { ROOT } from '../../scripts/lib/service-process';

/** The read-only fixtures shipped beside the repository (`../shared/fixtures/bitbucket`). */
export const FIXTURE_DIR = path.resolve(ROOT, '../shared/fixtures/bitbucket');

/** A delivery as stored in a fixture file. */
export interface Fixture {
  headers: Record<string, string>;
  body: Record<string, any>;
}

/** Loads a fixture by name (without `.json`); returns a fresh copy that may be mutated. */
export function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(path.join(FIXTURE_DIR, `${name}.json`), 'utf8')) as Fixture;
}

/** Serialises a fixture's body and signs it as Bitbucket would. */
export function signedRequest(
  fixture: Fixture,
  secret: string,
): { headers: Record<string, string>; body: Buffer } {
  const body = Buffer.from(JSON.stringify(fixture.body));
  const headers = {
    ...fixture.headers,
    'Content-Type': 'application/json',
    'X-Hub-Signature': signBody(body, secret),
  };
  return { headers, body };
}
