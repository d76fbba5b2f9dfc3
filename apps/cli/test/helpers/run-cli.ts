import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { ENTRY, ROOT } from '../../../../scripts/lib/service-process';

/** What one CLI run printed and how it exited. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `codesync <args>` as its own Node process, exactly as `pnpm codesync` does (through tsx),
 * with only PATH and HOME inherited so the test's own environment cannot leak in.
 */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return collect(
    spawn(process.execPath, ['--import', 'tsx', ENTRY.cli, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** Gathers a child's output and exit code, killing it after 30 s. */
function collect(child: ChildProcessByStdio<null, Readable, Readable>): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs the CLI and parses its stdout as JSON. */
export async function runCliJson<T = any>(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; json: T; stderr: string }> {
  const run = await runCli(args, env);
  try {
    return { code: run.code, json: JSON.parse(run.stdout) as T, stderr: run.stderr };
  } catch {
    throw new Error(`not JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}

/**
 * Runs the CLI with stdout on a pseudo-terminal (util-linux `script`), as a person would see
 * it. The terminal turns "\n" into "\r\n"; this turns it back.
 */
export async function runCliInTerminal(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CliRun> {
  const argv = [process.execPath, '--import', 'tsx', ENTRY.cli, ...args];
  const command = argv.map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ');
  const run = await collect(
    spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  return { ...run, stdout: run.stdout.replaceAll('\r\n', '\n') };
}
