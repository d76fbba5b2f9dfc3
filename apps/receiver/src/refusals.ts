/** How one kind of refusal is answered and logged. */
export interface RefusalRule {
  /** HTTP status of the answer. 4xx tells Bitbucket not to retry; 5xx asks it to. */
  status: number;
  /** Level of the log line that records the refusal. */
  level: 'info' | 'warn' | 'error';
  /** What the person reading the log should check. Logged only, never sent to the client. */
  action: string;
}

/**
 * Every way the receiver refuses a request. The answer is always
 * `{"error": <code>, "message": <what was wrong with this request>}` with the row's status, and
 * one log line carries the code, the message and the row's `action`. Tests cover each row.
 *
 * Not listed because it is not a refusal: a verified delivery for a repository that is not in
 * CODESYNC_REPOS is answered 202 `{"status": "ignored", "reason": "repository_not_configured: …"}`
 * so that Bitbucket does not mark the webhook as failing.
 */
export const REFUSAL_RULES = {
  not_found: {
    status: 404,
    level: 'info',
    action:
      'Bitbucket webhooks must point at POST /webhooks/bitbucket; other paths are typos or scanners',
  },
  method_not_allowed: {
    status: 405,
    level: 'info',
    action: 'Bitbucket always POSTs; another method is not Bitbucket',
  },
  unsupported_content_type: {
    status: 415,
    level: 'warn',
    action:
      'Bitbucket sends application/json; check that no proxy in front of the receiver rewrites requests',
  },
  event_key_missing: {
    status: 400,
    level: 'warn',
    action:
      'Bitbucket always sends X-Event-Key; the sender is not Bitbucket or a proxy drops headers',
  },
  signature_missing: {
    status: 401,
    level: 'warn',
    action: 'set the secret of the Bitbucket webhook to one of the WEBHOOK_SECRET values',
  },
  signature_malformed: {
    status: 400,
    level: 'warn',
    action:
      'Bitbucket sends sha256=<64 hex>; the sender is not Bitbucket or a proxy rewrites X-Hub-Signature',
  },
  signature_algorithm_unsupported: {
    status: 400,
    level: 'warn',
    action: 'Bitbucket signs with sha256; another algorithm means another sender',
  },
  signature_invalid: {
    status: 401,
    level: 'warn',
    action:
      'the webhook secret in Bitbucket matches no WEBHOOK_SECRET value (a rotation half done?), ' +
      'or something changed the body on the way; many of these from one sender are forgery attempts',
  },
  body_too_large: {
    status: 413,
    level: 'warn',
    action:
      'Bitbucket Cloud sends at most 256 KB; raise WEBHOOK_MAX_BODY_BYTES only for a Data Center that sends more',
  },
  body_unreadable: {
    status: 400,
    level: 'info',
    action: 'the sender stopped mid-body; nothing was queued and the periodic reconcile catches up',
  },
  invalid_json: {
    status: 400,
    level: 'warn',
    action:
      'a correctly signed body that is not JSON: someone other than Bitbucket may hold the secret; rotate it',
  },
  payload_invalid: {
    status: 400,
    level: 'warn',
    action:
      'a signed delivery codesync cannot read; if Bitbucket sent it, its payload format changed: report the message. ' +
      'The periodic reconcile keeps the index current meanwhile',
  },
  queue_unavailable: {
    status: 503,
    level: 'error',
    action:
      'Redis did not store the jobs in time; check REDIS_URL and GET /ready. Bitbucket Cloud retries 5xx twice',
  },
} as const satisfies Record<string, RefusalRule>;

export type RefusalCode = keyof typeof REFUSAL_RULES;

/** The status of each refusal code. */
export const REFUSALS = Object.fromEntries(
  Object.entries(REFUSAL_RULES).map(([code, rule]) => [code, rule.status]),
) as { readonly [C in RefusalCode]: (typeof REFUSAL_RULES)[C]['status'] };

/** A refusal raised anywhere in the webhook handler and turned into a response at the edge. */
export class Refusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'Refusal';
  }

  get rule(): RefusalRule {
    return REFUSAL_RULES[this.code];
  }

  get status(): number {
    return REFUSAL_RULES[this.code].status;
  }
}
