/** How git authenticates to a private repository without the secret entering argv or URLs. */
export interface GitAuthArgs {
  /** Leading git options (`--config-env=...`). */
  args: string[];
  /** Environment the options read the header from. */
  env: Record<string, string>;
  /** Values to scrub from any error text. */
  secrets: string[];
}

const AUTH_ENV = 'CODESYNC_GIT_AUTH_HEADER';

/**
 * Builds git arguments that send HTTP basic credentials as an extra header. `--config-env`
 * keeps the value out of the process list, `.git/config` and the remote URL.
 */
export function gitAuthArgs(
  cloneUrl: string,
  auth: { username: string; token: string } | null,
): GitAuthArgs {
  if (!auth || !/^https?:\/\//i.test(cloneUrl)) return { args: [], env: {}, secrets: [] };
  const basic = Buffer.from(`${auth.username}:${auth.token}`).toString('base64');
  const origin = new URL(cloneUrl).origin;
  return {
    args: [`--config-env=http.${origin}/.extraheader=${AUTH_ENV}`],
    env: { [AUTH_ENV]: `Authorization: Basic ${basic}` },
    secrets: [auth.token, basic],
  };
}
