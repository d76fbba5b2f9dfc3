/** The CLI's exit codes; scripts may rely on them, so they never change meaning. */
export const EXIT = {
  ok: 0,
  /** A check failed, differences were found, or nothing matched. */
  failed: 1,
  /** Bad arguments or a bad environment variable. */
  usage: 2,
  /** Redis, the data directory or the index could not be reached. */
  unreachable: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI reports as one line on stderr before exiting with `exitCode`. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}

/** The "Exit codes:" block of a command's --help, one line per code the command can return. */
export function exitCodesHelp(meanings: Partial<Record<ExitCode, string>>): string {
  const lines = Object.entries(meanings).map(([code, meaning]) => `  ${code}  ${meaning}`);
  return `\nExit codes:\n${lines.join('\n')}`;
}

/** Meanings shared by most commands. */
export const USAGE_MEANING = 'usage or configuration error (the message names the variable)';
export const INDEX_MEANING = 'the data directory or its index is missing or unreadable';
export const REDIS_MEANING = 'Redis is unreachable';
