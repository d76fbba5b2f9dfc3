/** Which Bitbucket product sent a delivery. */
export type Platform = 'cloud' | 'data-center';

/**
 * Request headers with lower-case names, as Node's `IncomingMessage.headers` holds them. A
 * header sent more than once arrives as an array and is treated as absent.
 */
export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

// Delivery ids end up in job data and logs; both products send UUIDs (Cloud without braces in
// headers), so anything else is dropped rather than passed on.
const DELIVERY_ID = /^[A-Za-z0-9{}._-]{1,128}$/;

/**
 * Tells a Data Center delivery from a Cloud one.
 *
 * The body's shape decides first: Data Center bodies carry `eventKey`, and `push` or
 * `pullrequest` at the top level are Cloud shapes. Shape beats headers because, before native
 * webhooks (Server 5.4), a Server plugin sent Cloud-shaped `repo:push` bodies. When the body
 * says nothing (the `{"test": true}` ping), Cloud's `X-Request-UUID`, `X-Hook-UUID` or
 * `X-Attempt-Number` mean Cloud, and a lone `X-Request-Id` means Data Center. Defaults to Cloud.
 */
export function detectPlatform(headers: WebhookHeaders, body: unknown): Platform {
  if (isRecord(body)) {
    if (typeof body.eventKey === 'string') return 'data-center';
    if ('push' in body || 'pullrequest' in body) return 'cloud';
    if ('pullRequest' in body || 'changes' in body) return 'data-center';
  }

  const cloudHeaders = ['x-request-uuid', 'x-hook-uuid', 'x-attempt-number'];
  if (cloudHeaders.some((name) => headers[name] !== undefined)) return 'cloud';
  return headers['x-request-id'] !== undefined ? 'data-center' : 'cloud';
}

/**
 * Returns the delivery's id: Cloud's `X-Request-UUID`, else Data Center's `X-Request-Id`.
 * Undefined when neither is present once, or when the value is not UUID-like (letters, digits,
 * `{}._-`, at most 128 characters), so the id is safe to log and to use in a job id.
 */
export function deliveryIdOf(headers: WebhookHeaders): string | undefined {
  for (const name of ['x-request-uuid', 'x-request-id']) {
    const value = headers[name];
    if (typeof value === 'string' && DELIVERY_ID.test(value)) return value;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
