/**
 * Thrown when a webhook body for an event codesync handles does not have the shape codesync
 * reads, or carries an identifier (repository key, branch, hash, timestamp) that fails
 * validation. It is a permanent failure: retrying the same bytes cannot succeed, so a receiver
 * answers 4xx (Bitbucket Cloud does not retry those).
 *
 * `issues` are human-readable, each naming the field, e.g.
 * `push.changes: expected array, got object`. They describe types and rule breaks and quote at
 * most a short prefix of a value, so they are safe to log.
 */
export class PayloadValidationError extends Error {
  override readonly name = 'PayloadValidationError';

  constructor(readonly issues: string[]) {
    super(`webhook payload rejected: ${summarise(issues)}`);
  }
}

// Keep the message one readable line even when a body is wrong everywhere.
const MAX_ISSUES_IN_MESSAGE = 5;

function summarise(issues: readonly string[]): string {
  const shown = issues.slice(0, MAX_ISSUES_IN_MESSAGE).join('; ');
  const hidden = issues.length - MAX_ISSUES_IN_MESSAGE;
  return hidden > 0 ? `${shown}; and ${hidden} more` : shown;
}
