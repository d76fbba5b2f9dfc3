import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Creates the process logger: JSON lines for machines, pretty output when a person is
 * watching a terminal. Secrets are redacted wherever they might appear.
 */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const pretty = process.stdout.isTTY && process.env.LOG_FORMAT !== 'json';
  return pino({
    name,
    level,
    redact: {
      paths: [
        'headers.authorization',
        'headers["x-hub-signature"]',
        'token',
        'secret',
        'password',
        '*.token',
        '*.password',
      ],
      censor: '[redacted]',
    },
    transport: pretty ? { target: 'pino-pretty', options: { colorize: true } } : undefined,
  });
}

/**
 * A warn-level reporter for errors that repeat many times a second while a dependency is down
 * (Redis reconnect attempts): it logs the first at once, then at most one line per `everyMs`
 * with how many were suppressed, so an outage stays readable in the log.
 */
export function throttledWarn(
  log: Logger,
  message: string,
  everyMs = 10_000,
): (error: Error) => void {
  let lastAt = 0;
  let suppressed = 0;
  return (error) => {
    const now = Date.now();
    if (now - lastAt < everyMs) {
      suppressed += 1;
      return;
    }
    log.warn({ err: error.message, suppressed }, message);
    lastAt = now;
    suppressed = 0;
  };
}
