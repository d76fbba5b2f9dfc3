/**
 * Every way the receiver refuses a request, with its status. The body is always
 * `{"error": <code>, "message": <what was wrong>}`; tests cover each row.
 */
export const REFUSALS = {
  not_found: 404,
  method_not_allowed: 405,
  unsupported_content_type: 415,
  event_key_missing: 400,
  signature_missing: 401,
  signature_malformed: 400,
  signature_algorithm_unsupported: 400,
  signature_invalid: 401,
  body_too_large: 413,
  body_unreadable: 400,
  invalid_json: 400,
  payload_invalid: 400,
  queue_unavailable: 503,
} as const;

export type RefusalCode = keyof typeof REFUSALS;

/** A refusal raised anywhere in the webhook handler and turned into a response at the edge. */
export class Refusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'Refusal';
  }

  get status(): number {
    return REFUSALS[this.code];
  }
}
