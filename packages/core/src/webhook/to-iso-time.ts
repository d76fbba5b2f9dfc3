import { PayloadValidationError } from './payload-validation-error';

// ISO-8601 date-time with an offset. Cloud writes microseconds and `+00:00`; Data Center's
// top-level `date` writes `+0000` without the colon.
const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/;
const EPOCH_MS_TEXT = /^\d{1,16}$/;

/**
 * Converts a payload timestamp to ISO-8601 UTC with milliseconds (`Date#toISOString` form).
 * Accepts epoch milliseconds as a number (Data Center up to 9.x), the same as a digit string, or
 * an ISO-8601 date-time with an explicit offset (Cloud; Data Center 10 writes strings where it
 * used to write numbers). Anything else, including dates outside JavaScript's range, throws a
 * `PayloadValidationError` naming the field `at`.
 */
export function toIsoTime(value: number | string, at: string): string {
  const millis = typeof value === 'number' ? value : parseText(value);
  const date = new Date(millis);
  if (!Number.isFinite(millis) || millis < 0 || Number.isNaN(date.getTime())) {
    throw new PayloadValidationError([`${at}: not a valid timestamp`]);
  }
  return date.toISOString();
}

function parseText(text: string): number {
  if (EPOCH_MS_TEXT.test(text)) return Number(text);

  const match = ISO_DATE_TIME.exec(text);
  if (!match) return Number.NaN;

  // Date.parse is only specified for exactly three fraction digits and a colon in the offset.
  const [, dateTime, fraction = '', zone = 'Z'] = match;
  const millis = fraction.padEnd(3, '0').slice(0, 3);
  const offset = zone === 'Z' ? zone : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  return Date.parse(`${dateTime}.${millis}${offset}`);
}
