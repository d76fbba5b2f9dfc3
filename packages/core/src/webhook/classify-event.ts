/**
 * How codesync treats an `X-Event-Key`: which body shape to expect, or that it is not handled.
 * The two products' keys do not overlap (apart from the ping), so the key alone picks the shape.
 */
export type EventKind =
  | 'ping'
  | 'cloud-push'
  | 'data-center-push'
  | 'cloud-pull-request'
  | 'data-center-pull-request'
  | 'pull-request-deleted'
  | 'not-handled';

// Every Cloud pull-request event carries the whole `pullrequest`, so comments, approvals and
// change requests refresh the record too.
const CLOUD_PULL_REQUEST_EVENTS = new Set([
  'pullrequest:created',
  'pullrequest:updated',
  'pullrequest:push',
  'pullrequest:approved',
  'pullrequest:unapproved',
  'pullrequest:changes_request_created',
  'pullrequest:changes_request_removed',
  'pullrequest:fulfilled',
  'pullrequest:rejected',
  'pullrequest:comment_created',
  'pullrequest:comment_updated',
  'pullrequest:comment_deleted',
  'pullrequest:comment_resolved',
  'pullrequest:comment_reopened',
]);

// Data Center documents `pr:reviewer:changes_requested`, yet live servers have been seen to
// accept only `pr:reviewer:needs_work`, so both are listed; likewise the unconfirmed
// `pr:to_ref_updated`.
const DATA_CENTER_PULL_REQUEST_EVENTS = new Set([
  'pr:opened',
  'pr:from_ref_updated',
  'pr:to_ref_updated',
  'pr:modified',
  'pr:merged',
  'pr:declined',
  'pr:reviewer:updated',
  'pr:reviewer:approved',
  'pr:reviewer:unapproved',
  'pr:reviewer:needs_work',
  'pr:reviewer:changes_requested',
  'pr:comment:added',
  'pr:comment:edited',
  'pr:comment:deleted',
]);

/** Classifies an event key; unknown keys, including future ones, are `not-handled`. */
export function classifyEvent(eventKey: string): EventKind {
  if (eventKey === 'diagnostics:ping') return 'ping';
  if (eventKey === 'repo:push') return 'cloud-push';
  if (eventKey === 'repo:refs_changed') return 'data-center-push';
  if (eventKey === 'pr:deleted') return 'pull-request-deleted';
  if (CLOUD_PULL_REQUEST_EVENTS.has(eventKey)) return 'cloud-pull-request';
  if (DATA_CENTER_PULL_REQUEST_EVENTS.has(eventKey)) return 'data-center-pull-request';
  return 'not-handled';
}
