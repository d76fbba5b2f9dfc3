import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { signBody, verifySignature } from '../../src/webhook';

const SECRET = "It's a Secret to Everybody";
const HELLO = Buffer.from('Hello World!', 'utf8');
const HELLO_SIGNATURE = 'sha256=a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c9';

// Vectors below were computed with Python's hmac module, an implementation independent of
// node:crypto, over the UTF-8 bytes shown.
const GREETING = Buffer.from('Grüße aus Köln 👋', 'utf8');
const GREETING_SIGNATURE =
  'sha256=3893ffc0cf9187b8695bfd2bebb4a1c5348cdbead0d32ed12dc95b74f79da58a';
const ODD_SECRET = 'pässwörd 🔑 #$"\'';
const ODD_SECRET_SIGNATURE =
  'sha256=081ba98223a8e2bb5ce869ec3c59f8f3a1932de0ff2a0b8afbece02e5f7507cc';
const NOT_UTF8 = Buffer.from([0xff, 0xfe, 0x00, 0x80]);
const NOT_UTF8_SIGNATURE =
  'sha256=574968186726596733f7f97de43bd3ef44ca798d52a248078e576434c132e9b7';

describe('verifySignature', () => {
  it('accepts the known-answer vector', () => {
    expect(signBody(HELLO, SECRET)).toBe(HELLO_SIGNATURE);
    expect(verifySignature(HELLO, HELLO_SIGNATURE, [SECRET])).toEqual({ ok: true });
  });

  it('reports a missing header as missing', () => {
    for (const header of [undefined, null, '']) {
      expect(verifySignature(HELLO, header, [SECRET])).toEqual({ ok: false, problem: 'missing' });
    }
  });

  it('reports a header without algorithm or digest as malformed', () => {
    const hex = HELLO_SIGNATURE.slice('sha256='.length);
    for (const header of ['sha256', 'sha256=', `=${hex}`, hex, `sha 256=${hex}`, 'COMPUTE']) {
      expect(verifySignature(HELLO, header, [SECRET])).toEqual({ ok: false, problem: 'malformed' });
    }
  });

  it('reports a truncated, padded or non-hex digest as malformed', () => {
    const headers = [
      HELLO_SIGNATURE.slice(0, -1),
      `${HELLO_SIGNATURE}0`,
      `${HELLO_SIGNATURE} `,
      `${HELLO_SIGNATURE.slice(0, -1)}g`,
      `sha256=${'zz'.repeat(32)}`,
    ];
    for (const header of headers) {
      expect(verifySignature(HELLO, header, [SECRET])).toEqual({ ok: false, problem: 'malformed' });
    }
  });

  it('refuses algorithms other than sha256, whatever their digest', () => {
    const headers = [
      `sha1=${'a'.repeat(40)}`,
      `sha512=${'a'.repeat(128)}`,
      `md5=${'a'.repeat(64)}`,
    ];
    for (const header of headers) {
      expect(verifySignature(HELLO, header, [SECRET])).toEqual({
        ok: false,
        problem: 'unsupported-algorithm',
      });
    }
  });

  it('rejects a body signed with another secret', () => {
    const header = signBody(HELLO, 'another secret');
    expect(verifySignature(HELLO, header, [SECRET])).toEqual({ ok: false, problem: 'mismatch' });
  });

  it('rejects the signature of another body', () => {
    const header = signBody(Buffer.from('Hello World?'), SECRET);
    expect(verifySignature(HELLO, header, [SECRET])).toEqual({ ok: false, problem: 'mismatch' });
  });

  it('accepts a delivery signed with any of the configured secrets, for rotation', () => {
    const header = signBody(HELLO, 'new secret');
    expect(verifySignature(HELLO, header, ['old secret', 'new secret'])).toEqual({ ok: true });
    expect(verifySignature(HELLO, HELLO_SIGNATURE, [SECRET, 'new secret'])).toEqual({ ok: true });
    expect(verifySignature(HELLO, header, ['old secret', 'older secret'])).toEqual({
      ok: false,
      problem: 'mismatch',
    });
  });

  it('hashes non-ASCII bodies as their exact bytes', () => {
    expect(verifySignature(GREETING, GREETING_SIGNATURE, [SECRET])).toEqual({ ok: true });
    expect(verifySignature(NOT_UTF8, NOT_UTF8_SIGNATURE, [SECRET])).toEqual({ ok: true });

    // The classic bug: the body decoded and re-encoded as Latin-1 is no longer the signed body.
    const reencoded = Buffer.from(GREETING.toString('utf8'), 'latin1');
    expect(verifySignature(reencoded, GREETING_SIGNATURE, [SECRET])).toEqual({
      ok: false,
      problem: 'mismatch',
    });
  });

  it('keys the HMAC with the UTF-8 bytes of a non-ASCII secret, untrimmed', () => {
    expect(verifySignature(HELLO, ODD_SECRET_SIGNATURE, [ODD_SECRET])).toEqual({ ok: true });
    expect(signBody(HELLO, 'secret ')).toBe(
      'sha256=043e806436e441faecc5c13bf02b506c593ae677a30fb80099eb9d2dbbd7834f',
    );
    expect(verifySignature(HELLO, signBody(HELLO, 'secret '), ['secret'])).toEqual({
      ok: false,
      problem: 'mismatch',
    });
  });

  it('accepts an upper-case digest and algorithm name, since hex is case-insensitive', () => {
    expect(verifySignature(HELLO, HELLO_SIGNATURE.toUpperCase(), [SECRET])).toEqual({ ok: true });
  });

  it('throws a TypeError when no usable secret is configured', () => {
    expect(() => verifySignature(HELLO, HELLO_SIGNATURE, [])).toThrow(TypeError);
    expect(() => verifySignature(HELLO, HELLO_SIGNATURE, [SECRET, ''])).toThrow(TypeError);
  });

  it('never throws for any header string, and refuses random ones', () => {
    const hexDigit = fc.constantFrom(...'0123456789abcdefABCDEF');
    const header = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: hexDigit, maxLength: 70 }).map((hex) => `sha256=${hex}`),
      fc.tuple(fc.string(), fc.string()).map(([a, b]) => `${a}=${b}`),
    );
    fc.assert(
      fc.property(fc.uint8Array(), header, (body, value) => {
        const result = verifySignature(body, value, [SECRET, 'second']);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('verifies exactly the signed bytes for any body and secret', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1 }),
        fc.string({ minLength: 1, unit: 'grapheme' }),
        fc.nat(),
        (body, secret, flip) => {
          const header = signBody(body, secret);
          expect(verifySignature(body, header, ['unrelated', secret])).toEqual({ ok: true });

          const tampered = Uint8Array.from(body);
          const index = flip % tampered.length;
          tampered[index] = (tampered[index] ?? 0) ^ 0x01;
          expect(verifySignature(tampered, header, [secret])).toEqual({
            ok: false,
            problem: 'mismatch',
          });
        },
      ),
    );
  });
});
