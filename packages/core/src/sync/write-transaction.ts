import type { IndexDb } from '../index/open-index';

/** Serialises write transactions within one process; SQLite allows one per connection. */
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();

  /** Runs `fn` after every earlier holder has finished. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/**
 * Runs an asynchronous body inside one SQLite write transaction (BEGIN IMMEDIATE … COMMIT).
 * better-sqlite3's own `transaction()` cannot span awaits, but a sync streams blobs, so this
 * keeps the connection's transaction open across them; the mutex keeps other jobs of this
 * process off the connection meanwhile. Any error rolls everything back.
 */
export async function withWriteTransaction<T>(
  db: IndexDb,
  mutex: AsyncMutex,
  body: () => Promise<T>,
): Promise<T> {
  return mutex.run(async () => {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = await body();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  });
}
