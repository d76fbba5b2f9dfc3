/**
 * Test helper: loads the shared Bitbucket fixtures. They live in `shared/`, a sibling of the
 * repository root (beside the clone in CI too), so the path is derived from this file's URL.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { DeliveryInput } from '../../src/webhook';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export const FIXTURE_DIR = path.resolve(repoRoot, '../shared/fixtures/bitbucket');

/** The receive time every fixture delivery is given, so jobs can be compared exactly. */
export const RECEIVED_AT = 1_741_093_300_000;

export interface Fixture {
  name: string;
  /** Header names lower-cased, as Node presents them. */
  headers: Record<string, string>;
  // Fixtures are mutated freely by tests, so the body is loosely typed on purpose.
  body: any;
}

/** Names of every fixture file, without `.json`. */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

/** A fresh copy of one fixture, safe to mutate. */
export function loadFixture(name: string): Fixture {
  const raw = JSON.parse(readFileSync(path.join(FIXTURE_DIR, `${name}.json`), 'utf8'));
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries<string>(raw.headers)) {
    headers[key.toLowerCase()] = value;
  }
  return { name, headers, body: raw.body };
}

/** The `mapDelivery` input a receiver would build for a fixture. */
export function deliveryOf(
  fixture: Fixture,
  overrides: Partial<DeliveryInput> = {},
): DeliveryInput {
  const eventKey = fixture.headers['x-event-key'];
  if (eventKey === undefined) throw new Error(`fixture ${fixture.name} has no X-Event-Key`);
  return {
    eventKey,
    platform: fixture.name.startsWith('dc-') ? 'data-center' : 'cloud',
    deliveryId: fixture.headers['x-request-uuid'] ?? fixture.headers['x-request-id'],
    body: fixture.body,
    receivedAt: RECEIVED_AT,
    ...overrides,
  };
}
