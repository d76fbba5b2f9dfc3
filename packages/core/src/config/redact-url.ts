/**
 * A URL from configuration (REDIS_URL and the like) with its password replaced by `***`, fit for
 * logs and error messages. A value that is not a URL is returned with any user-info hidden.
 */
export function redactUrlPassword(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return raw.replace(/\/\/[^/@]*@/, '//***@');
  }
}
