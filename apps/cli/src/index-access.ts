import { indexFile, openIndexReadOnly, type IndexDb } from '@codesync/core';
import { CliError, EXIT } from './exit-codes';

/**
 * Runs `fn` with a read-only connection to the index and closes it afterwards. A missing or
 * unreadable index is exit code 3: the worker creates it when it first starts.
 */
export async function withIndex<T>(
  dataDir: string,
  fn: (db: IndexDb) => T | Promise<T>,
): Promise<T> {
  let db: IndexDb;
  try {
    db = openIndexReadOnly(dataDir);
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : null;
    const where = `the index ${indexFile(dataDir)} (CODESYNC_DATA_DIR)`;
    const why = cause ? `: ${cause.message}` : '';
    throw new CliError(EXIT.unreachable, `cannot open ${where}${why}; has the worker run yet?`, {
      cause: error,
    });
  }
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}
