import { InvalidIdentifierError } from './identifiers';

// git reads these as plain transports. Everything else is refused: `ext::` and `fd::` run or
// attach commands, ssh needs keys codesync does not manage, and a value starting with '-' would
// be an option.
const CLONE_URL = /^(?:https?|file):\/\/[^\u0000-\u001f\u007f]+$/i;

/**
 * Returns `value` when it is a clone URL codesync may hand to git: `https://`, `http://` or
 * `file://`, without control characters and without a password in it (credentials belong in
 * CODESYNC_GIT_TOKEN, where they stay out of argv, `.git/config` and error messages). Clone URLs
 * come from configuration only; this is the git layer's own check, should a caller forget.
 */
export function assertCloneUrl(value: unknown): string {
  if (typeof value !== 'string' || !CLONE_URL.test(value)) {
    throw new InvalidIdentifierError(
      'clone URL',
      echo(value),
      'must start with https://, http:// or file://',
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidIdentifierError('clone URL', echo(value), 'is not a URL');
  }
  if (url.password !== '') {
    throw new InvalidIdentifierError(
      'clone URL',
      echo(value),
      'holds a password; set CODESYNC_GIT_TOKEN instead',
    );
  }
  return value;
}

// Never echo what could be a password.
function echo(value: unknown): unknown {
  return typeof value === 'string' ? value.replace(/\/\/[^/@]*@/, '//***@') : value;
}
