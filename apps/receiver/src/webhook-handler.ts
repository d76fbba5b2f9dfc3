import type { IncomingMessage } from 'node:http';
import {
  deliveryIdOf,
  detectPlatform,
  mapDelivery,
  PayloadValidationError,
  verifySignature,
  type Logger,
  type RepoLookup,
  type SignatureProblem,
} from '@codesync/core';
import type { Context } from 'hono';
import type { EnqueueJobs } from './enqueue-delivery';
import { readBodyWithLimit } from './read-body';
import { Refusal } from './refusals';

/**
 * What the handler leaves on the request context for the access log and the metrics: set here
 * rather than read back from the response, because re-parsing each answer cost real CPU.
 */
export type WebhookEnv = {
  Variables: {
    deliveryId?: string;
    eventKey?: string;
    /** `queued`, `ignored` or `ping` once answered; refusals are counted by their code. */
    outcome?: 'queued' | 'ignored' | 'ping';
    jobIds?: string[];
  };
};

export interface WebhookDeps {
  secrets: readonly string[];
  maxBodyBytes: number;
  lookup: RepoLookup;
  enqueue: EnqueueJobs;
  log: Logger;
}

const SIGNATURE_REFUSALS: Record<SignatureProblem, [Refusal['code'], string]> = {
  missing: [
    'signature_missing',
    'X-Hub-Signature header is missing; configure the webhook secret in Bitbucket',
  ],
  malformed: ['signature_malformed', 'X-Hub-Signature must be "sha256=" followed by 64 hex digits'],
  'unsupported-algorithm': [
    'signature_algorithm_unsupported',
    'only sha256 signatures are accepted',
  ],
  mismatch: [
    'signature_invalid',
    'X-Hub-Signature does not match the body for any configured secret',
  ],
};

/**
 * Handles `POST /webhooks/bitbucket`: check the envelope, read the bytes under the size limit,
 * verify the signature over exactly those bytes, then parse, map and enqueue. Answers 2xx only
 * once Redis holds every job the delivery produced.
 */
export function createWebhookHandler(deps: WebhookDeps) {
  return async (c: Context<WebhookEnv>): Promise<Response> => {
    const receivedAt = Date.now();
    // Under @hono/node-server the Node request is at hand; its headers are already lower-case.
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    const headers = singleValued(
      incoming?.headers ??
        Object.fromEntries([...c.req.raw.headers].map(([k, v]) => [k.toLowerCase(), v])),
    );
    const deliveryId = deliveryIdOf(headers);
    const eventKey = headers['x-event-key'];
    c.set('deliveryId', deliveryId);
    c.set('eventKey', eventKey);

    const contentType = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (contentType !== 'application/json') {
      throw new Refusal(
        'unsupported_content_type',
        `Content-Type must be application/json, got "${contentType ?? ''}"`,
      );
    }
    if (!eventKey) throw new Refusal('event_key_missing', 'X-Event-Key header is missing');

    const body = await readBodyWithLimit(incoming ?? c.req.raw, deps.maxBodyBytes);
    const signature = headers['x-hub-signature'];
    // Old Data Center servers send their "Test connection" ping unsigned: acknowledge, do nothing.
    if (!signature && eventKey === 'diagnostics:ping') return answerPing(c);
    const check = verifySignature(body, signature, deps.secrets);
    if (!check.ok) throw new Refusal(...SIGNATURE_REFUSALS[check.problem]);

    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new Refusal('invalid_json', `body is not valid JSON: ${(error as Error).message}`);
    }
    let mapped;
    try {
      mapped = mapDelivery(
        {
          eventKey,
          platform: detectPlatform(headers, payload),
          deliveryId,
          body: payload,
          receivedAt,
        },
        deps.lookup,
      );
    } catch (error) {
      if (error instanceof PayloadValidationError)
        throw new Refusal('payload_invalid', error.message);
      throw error;
    }

    if (mapped.outcome === 'ping') return answerPing(c);
    if (mapped.outcome === 'ignored') {
      deps.log.info({ deliveryId, eventKey, reason: mapped.reason }, 'delivery ignored');
      c.set('outcome', 'ignored');
      return c.json({ status: 'ignored', reason: mapped.reason }, 202);
    }
    let jobs;
    try {
      jobs = await deps.enqueue(mapped);
    } catch (error) {
      deps.log.error(
        { deliveryId, eventKey, err: (error as Error).message },
        'could not queue delivery; answering 503 so Bitbucket retries',
      );
      throw new Refusal('queue_unavailable', 'the job queue is unavailable; retry later');
    }
    deps.log.info(
      { deliveryId, eventKey, jobs, summary: mapped.summary, enqueueMs: Date.now() - receivedAt },
      'delivery queued',
    );
    c.set('outcome', 'queued');
    c.set(
      'jobIds',
      jobs.map((job) => job.id),
    );
    return c.json({ status: 'queued', deliveryId: deliveryId ?? null, jobs }, 202);
  };
}

function answerPing(c: Context<WebhookEnv>): Response {
  c.set('outcome', 'ping');
  return c.json({ status: 'ok', ping: true }, 200);
}

// A header sent twice arrives as an array; none of the ones read here may repeat, so such a
// header counts as absent.
function singleValued(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string') result[name] = value;
  }
  return result;
}
