import { createHmac, timingSafeEqual } from 'node:crypto';

/** Why a delivery's `X-Hub-Signature` was refused. */
export type SignatureProblem = 'missing' | 'malformed' | 'unsupported-algorithm' | 'mismatch';

/** The outcome of {@link verifySignature}: a plain yes, or a no with the reason. */
export type SignatureCheck = { ok: true } | { ok: false; problem: SignatureProblem };

// Bitbucket Cloud and Data Center both send `sha256=<hex>`. Hex digits are case-insensitive, so
// an upper-case digest is the same digest and is accepted.
const HEX_DIGEST = /^[0-9a-fA-F]{64}$/;
const ALGORITHM_TOKEN = /^[A-Za-z0-9-]+$/;

/**
 * Checks a Bitbucket `X-Hub-Signature` header against the raw request bytes.
 *
 * The header must be `sha256=` followed by 64 hex digits (either case). The body is hashed
 * exactly as received, keyed with each secret's UTF-8 bytes (untrimmed); the delivery passes if
 * any secret matches, so secrets can be rotated by listing the new one beside the old. Every
 * secret is tried, and digests are compared in constant time.
 *
 * Never throws for any header value. Throws `TypeError` only when `secrets` is empty or holds an
 * empty string: that is a configuration mistake, not a bad request.
 */
export function verifySignature(
  rawBody: Uint8Array,
  header: string | undefined | null,
  secrets: readonly string[],
): SignatureCheck {
  if (secrets.length === 0 || secrets.some((secret) => secret.length === 0)) {
    throw new TypeError('verifySignature needs at least one secret, and no empty ones');
  }
  if (header === undefined || header === null || header === '') return refuse('missing');
  if (typeof header !== 'string') return refuse('malformed');

  const separator = header.indexOf('=');
  const algorithm = header.slice(0, Math.max(separator, 0));
  const digest = header.slice(separator + 1);
  if (!ALGORITHM_TOKEN.test(algorithm)) return refuse('malformed');
  if (algorithm.toLowerCase() !== 'sha256') return refuse('unsupported-algorithm');
  if (!HEX_DIGEST.test(digest)) return refuse('malformed');

  const claimed = Buffer.from(digest, 'hex');
  let matched = false;
  for (const secret of secrets) {
    // No early exit: the time taken must not tell which secret (if any) matched.
    matched = timingSafeEqual(hmac(rawBody, secret), claimed) || matched;
  }
  return matched ? { ok: true } : refuse('mismatch');
}

/**
 * Returns the `X-Hub-Signature` value Bitbucket would send for `rawBody` signed with `secret`:
 * `sha256=` and the lower-case hex HMAC-SHA256.
 */
export function signBody(rawBody: Uint8Array, secret: string): string {
  return `sha256=${hmac(rawBody, secret).toString('hex')}`;
}

function hmac(rawBody: Uint8Array, secret: string): Buffer {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(rawBody).digest();
}

function refuse(problem: SignatureProblem): SignatureCheck {
  return { ok: false, problem };
}
