import type { z } from 'zod';

import { PayloadValidationError } from './payload-validation-error';

/**
 * Parses `body` with `schema` and returns the typed result, or throws a
 * `PayloadValidationError` whose issues name each bad field (`push.changes[0].new: expected
 * object, got number`). Never throws anything else.
 */
export function parsePayload<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body, { reportInput: true });
  if (result.success) return result.data;
  throw new PayloadValidationError(result.error.issues.map(describeIssue));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const at = pathText(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `${at}: missing (expected ${issue.expected})`
        : `${at}: expected ${issue.expected}, got ${typeName(issue.input)}`;
    case 'invalid_value':
      return `${at}: expected one of ${issue.values.join('|')}, got ${preview(issue.input)}`;
    case 'invalid_union':
      return `${at}: got ${typeName(issue.input)}, which matches none of the accepted types`;
    default:
      return `${at}: ${issue.message}`;
  }
}

function pathText(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text === '' ? 'body' : text;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

// A short, single-line rendering of a scalar, so issues stay safe to log.
function preview(value: unknown): string {
  if (typeof value !== 'string') return typeName(value);
  const shown = JSON.stringify(value.slice(0, 40));
  return value.length > 40 ? `${shown}…` : shown;
}
