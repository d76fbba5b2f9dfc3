/**
 * Resolves with `work`'s value, or with undefined once `ms` have passed. A rejection of `work`
 * still rejects; a late one, after the time limit, is absorbed by the race.
 */
export async function within<T>(ms: number, work: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
