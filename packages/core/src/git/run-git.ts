import { spawn } from 'node:child_process';

/** Options for one git invocation. */
export interface RunGitOptions {
  /** Repository (bare mirror) the command runs in; passed as `git -C`. */
  gitDir?: string;
  /** Extra environment, e.g. the auth header read by `--config-env`. */
  env?: Record<string, string>;
  /** Kill the process after this many ms (default 120 s). */
  timeoutMs?: number;
  /** Text written to stdin. */
  input?: string;
  /** Strings that must never appear in error messages (tokens). */
  secrets?: readonly string[];
}

/** A git command that exited non-zero; the message carries git's stderr with secrets removed. */
export class GitError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

// Git must never prompt, read the user's config or templates, or run hooks from a config it did
// not get from us: a webhook-triggered fetch runs unattended.
const BASE_ENV = {
  GIT_TERMINAL_PROMPT: '0',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_ASKPASS: '',
  SSH_ASKPASS: '',
  LC_ALL: 'C',
};

/**
 * Runs git with an argv array (never a shell) and resolves with its stdout as bytes.
 * Callers put `--end-of-options` or `--` before any value that came from outside.
 */
export function runGit(args: readonly string[], options: RunGitOptions = {}): Promise<Buffer> {
  const argv = options.gitDir ? ['-C', options.gitDir, ...args] : [...args];
  return new Promise((resolve, reject) => {
    const child = spawn('git', argv, {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: '/nonexistent',
        ...BASE_ENV,
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new GitError(`git ${args[0]} could not start: ${error.message}`, null, ''));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(Buffer.concat(out));
      const stderr = redact(Buffer.concat(err).toString('utf8').trim(), options.secrets);
      const why = signal ? `killed by ${signal}` : `exit ${code}`;
      reject(
        new GitError(`git ${args[0]} failed (${why}): ${stderr.slice(0, 2000)}`, code, stderr),
      );
    });
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

/** Replaces every occurrence of each secret (and its base64 form) by `***`. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let result = text;
  for (const secret of secrets) {
    if (!secret) continue;
    result = result.replaceAll(secret, '***');
  }
  return result;
}
