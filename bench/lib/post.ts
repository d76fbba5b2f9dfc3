import http from 'node:http';
import type { SignedDelivery } from '../../scripts/lib/payloads';

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * POSTs a signed delivery over a keep-alive agent; resolves with the status and the moment the
 * answer's head arrived (what a sender sees as "accepted").
 */
export function postDelivery(
  agent: http.Agent,
  url: URL,
  delivery: SignedDelivery,
): Promise<{ status: number; at: number }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...delivery.headers, 'Content-Length': String(delivery.body.length) },
      },
      (response) => {
        const at = performance.now();
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, at }));
        response.on('error', reject);
      },
    );
    request.setTimeout(REQUEST_TIMEOUT_MS, () =>
      request.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)),
    );
    request.on('error', reject);
    request.end(delivery.body);
  });
}
