import { assertBranchName, normalizeRepoKey } from '../validate/identifiers';

/** One tracked repository from `CODESYNC_REPOS`. `branch` null means "the default branch". */
export interface RepoConfig {
  /** Lower-cased key: how payloads, the index and the queue name the repository. */
  key: string;
  branch: string | null;
  /** The key as configured, filled into the clone URL: a `file://` path or a server may care about case. */
  remoteName?: string;
}

/**
 * Parses `acme/widgets,acme/api@develop` into repository configs. Throws with a message that
 * names the offending entry; duplicate keys are refused because they would fight over one index.
 */
export function parseRepoList(value: string): RepoConfig[] {
  const repos: RepoConfig[] = [];
  const seen = new Set<string>();
  for (const entry of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const at = entry.indexOf('@');
    const remoteName = at === -1 ? entry : entry.slice(0, at);
    const key = normalizeRepoKey(remoteName);
    const branch = at === -1 ? null : assertBranchName(entry.slice(at + 1), `branch of ${key}`);
    if (seen.has(key)) throw new Error(`repository ${key} is listed twice`);
    seen.add(key);
    repos.push({ key, branch, remoteName });
  }
  return repos;
}
