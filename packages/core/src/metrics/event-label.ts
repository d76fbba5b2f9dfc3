import { classifyEvent } from '../webhook/classify-event';

/**
 * The `event` label of a delivery metric. The key comes from a header read before the signature
 * is checked, so only keys codesync knows become labels: anything else is `other`, and a missing
 * header `none`. That keeps the number of time series fixed whatever a sender puts there.
 */
export function webhookEventLabel(eventKey: string | undefined): string {
  if (!eventKey) return 'none';
  return classifyEvent(eventKey) === 'not-handled' ? 'other' : eventKey;
}
