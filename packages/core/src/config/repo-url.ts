/** Builds the clone URL of a repository from the configured template; never from a payload. */
export function repoCloneUrl(template: string, repoKey: string): string {
  return template.replaceAll('{repo}', repoKey);
}
