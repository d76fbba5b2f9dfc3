/**
 * Validators for every identifier that travels from a webhook or from configuration to git,
 * the file system or SQLite. A value that fails here never reaches a subprocess argv or a path.
 */

/** Thrown when an identifier is malformed; `field` names what was being checked. */
export class InvalidIdentifierError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    reason: string,
  ) {
    super(`invalid ${field} ${JSON.stringify(truncate(value))}: ${reason}`);
    this.name = 'InvalidIdentifierError';
  }
}

function truncate(value: unknown): unknown {
  return typeof value === 'string' && value.length > 80 ? `${value.slice(0, 80)}…` : value;
}

const FULL_HASH = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const ABBREVIATED_HASH = /^[0-9a-f]{7,64}$/;
const NULL_HASH = /^0+$/;

/** True for a full SHA-1 (40 hex) or SHA-256 (64 hex) object id in lower case. */
export function isFullHash(value: unknown): value is string {
  return typeof value === 'string' && FULL_HASH.test(value);
}

/** True for git's all-zero object id, which Data Center uses for "no commit". */
export function isNullHash(value: string): boolean {
  return NULL_HASH.test(value);
}

/** True for a 7–64 hex abbreviation, as Bitbucket Cloud sends in pull-request payloads. */
export function isAbbreviatedHash(value: unknown): value is string {
  return typeof value === 'string' && ABBREVIATED_HASH.test(value);
}

/** Returns the hash or throws; accepts only full lower-case object ids. */
export function assertFullHash(value: unknown, field = 'commit hash'): string {
  if (!isFullHash(value)) throw new InvalidIdentifierError(field, value, 'expected 40 or 64 hex');
  return value;
}

// One path segment of a repository key: Bitbucket slugs and project keys use letters, digits,
// '-', '_' and '.'; Data Center personal projects start with '~'. A segment may not start with
// '.' or '-' so that neither '..' nor an option-looking value can be formed.
const REPO_SEGMENT = /^~?[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/**
 * Normalises and validates a repository key of the form `workspace/slug` (Cloud) or
 * `project/slug` (Data Center). Keys are case-insensitive in Bitbucket's URLs, so codesync
 * stores them lower-cased.
 */
export function normalizeRepoKey(value: unknown): string {
  if (typeof value !== 'string')
    throw new InvalidIdentifierError('repository key', value, 'not a string');
  const parts = value.split('/');
  if (parts.length !== 2) {
    throw new InvalidIdentifierError('repository key', value, 'expected exactly one "/"');
  }
  for (const part of parts) {
    if (!REPO_SEGMENT.test(part) || part.includes('..')) {
      throw new InvalidIdentifierError(
        'repository key',
        value,
        'segments may hold letters, digits, ".", "_" and "-" only, and may not start with "." or "-"',
      );
    }
  }
  return value.toLowerCase();
}

/**
 * Validates a short branch name (`feature/x`, never `refs/heads/...`) against git's
 * check-ref-format rules, plus a ban on a leading '-' so a branch can never become an option.
 */
export function assertBranchName(value: unknown, field = 'branch name'): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidIdentifierError(field, value, 'empty or not a string');
  }
  const reason = refNameProblem(value);
  if (reason) throw new InvalidIdentifierError(field, value, reason);
  return value;
}

/** True when `value` is a branch name that `assertBranchName` accepts. */
export function isValidBranchName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && refNameProblem(value) === null;
}

function refNameProblem(name: string): string | null {
  if (name.length > 255) return 'longer than 255 characters';
  if (name.startsWith('-')) return 'starts with "-"';
  if (name.startsWith('/') || name.endsWith('/')) return 'starts or ends with "/"';
  if (name.endsWith('.')) return 'ends with "."';
  if (name === '@') return 'is "@"';
  if (name.includes('..') || name.includes('//') || name.includes('@{')) {
    return 'contains "..", "//" or "@{"';
  }
  // Control characters, space and the characters git reserves for revision syntax.
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(name)) return 'contains a character git forbids';
  for (const component of name.split('/')) {
    if (component.startsWith('.')) return 'a component starts with "."';
    if (component.endsWith('.lock')) return 'a component ends with ".lock"';
  }
  return null;
}
