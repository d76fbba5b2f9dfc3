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
