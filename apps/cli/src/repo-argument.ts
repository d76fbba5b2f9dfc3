import { InvalidIdentifierError, normalizeRepoKey, type CodesyncConfig } from '@codesync/core';
import { CliError, EXIT } from './exit-codes';

/** Validates and lower-cases a repository key given on the command line (exit 2 if bad). */
export function repoArgument(value: string): string {
  try {
    return normalizeRepoKey(value);
  } catch (error) {
    if (error instanceof InvalidIdentifierError) throw new CliError(EXIT.usage, error.message);
    throw error;
  }
}

/** The key of a repository that must be in CODESYNC_REPOS, because only those are synced. */
export function configuredRepo(config: CodesyncConfig, value: string): string {
  const key = repoArgument(value);
  if (config.repos.some((repo) => repo.key === key)) return key;
  const known = config.repos.map((repo) => repo.key).join(', ') || 'none';
  throw new CliError(EXIT.usage, `${key} is not in CODESYNC_REPOS (configured: ${known})`);
}
