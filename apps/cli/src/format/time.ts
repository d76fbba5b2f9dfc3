/** Epoch milliseconds as an ISO-8601 UTC time to the second, or null. */
export function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A commit id shortened for a table; the full id is in --json. */
export function shortCommit(commit: string | null): string {
  return commit ? commit.slice(0, 12) : '-';
}
