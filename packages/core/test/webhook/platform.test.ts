import { describe, expect, it } from 'vitest';

import { deliveryIdOf, detectPlatform } from '../../src/webhook';
import { fixtureNames, loadFixture } from './fixtures';

const UUID = '4f540a3e-d36f-4873-93bb-5e423b46aa02';

describe('detectPlatform', () => {
  it('tells every fixture apart: cloud-* are Cloud, dc-* are Data Center', () => {
    for (const name of fixtureNames()) {
      const fixture = loadFixture(name);
      const expected = name.startsWith('dc-') ? 'data-center' : 'cloud';
      expect(detectPlatform(fixture.headers, fixture.body), name).toBe(expected);
    }
  });

  it('treats a Cloud-shaped repo:push from an old Server plugin as Cloud: shape wins', () => {
    const body = loadFixture('cloud-push-main').body;
    const serverHeaders = { 'x-request-id': UUID, 'x-event-key': 'repo:push' };
    expect(detectPlatform(serverHeaders, body)).toBe('cloud');
  });

  it('treats a body carrying eventKey as Data Center even with Cloud headers', () => {
    const body = loadFixture('dc-refs-changed').body;
    expect(detectPlatform({ 'x-request-uuid': UUID }, body)).toBe('data-center');
  });

  it('falls back to headers when the body has no telling shape', () => {
    const ping = { test: true };
    expect(detectPlatform({ 'x-request-id': UUID }, ping)).toBe('data-center');
    expect(detectPlatform({ 'x-hook-uuid': UUID }, ping)).toBe('cloud');
    expect(detectPlatform({ 'x-attempt-number': '2' }, ping)).toBe('cloud');
    expect(detectPlatform({ 'x-request-id': UUID, 'x-request-uuid': UUID }, ping)).toBe('cloud');
  });

  it('defaults to Cloud when nothing says otherwise', () => {
    expect(detectPlatform({}, null)).toBe('cloud');
    expect(detectPlatform({}, ['push'])).toBe('cloud');
  });
});

describe('deliveryIdOf', () => {
  it("takes Cloud's X-Request-UUID, else Data Center's X-Request-Id", () => {
    expect(deliveryIdOf({ 'x-request-uuid': UUID, 'x-request-id': 'other' })).toBe(UUID);
    expect(deliveryIdOf({ 'x-request-id': UUID })).toBe(UUID);
    expect(deliveryIdOf({ 'x-hook-uuid': UUID })).toBeUndefined();
  });

  it('drops values that are not UUID-like or were sent twice', () => {
    expect(deliveryIdOf({ 'x-request-uuid': 'a b' })).toBeUndefined();
    expect(deliveryIdOf({ 'x-request-uuid': 'id\nforged: log line' })).toBeUndefined();
    expect(deliveryIdOf({ 'x-request-uuid': 'x'.repeat(129) })).toBeUndefined();
    expect(deliveryIdOf({ 'x-request-uuid': [UUID, UUID] })).toBeUndefined();
    expect(deliveryIdOf({ 'x-request-uuid': `{${UUID}}` })).toBe(`{${UUID}}`);
  });
});
