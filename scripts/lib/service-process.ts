import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, from this file's location. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Entry points of codesync's processes. */
export const ENTRY = {
  receiver: path.join(ROOT, 'apps/receiver/src/main.ts'),
  worker: path.join(ROOT, 'apps/worker/src/main.ts'),
  cli: path.join(ROOT, 'apps/cli/src/main.ts'),
} as const;

/**
 * Node flags per process. The worker's young generation is kept small: a full index churns
 * through many short-lived strings, and V8's default semi-spaces then hold tens of MB more
 * than the worker needs (measured by `pnpm bench`; the Dockerfile and compose use the same).
 */
export const NODE_FLAGS: Record<keyof typeof ENTRY, string[]> = {
  receiver: [],
  worker: ['--max-semi-space-size=4'],
  cli: [],
};

/** A codesync process started by a script or a test. */
export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** Sends SIGTERM and waits; SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * Starts one of codesync's TypeScript entry points in its own Node process (through tsx),
 * exactly as `pnpm start` and the Dockerfile run it.
 */
export function startService(
  name: keyof typeof ENTRY,
  env: NodeJS.ProcessEnv,
  stdio: 'inherit' | 'pipe' = 'inherit',
): ServiceProcess {
  const child = spawn(process.execPath, [...NODE_FLAGS[name], '--import', 'tsx', ENTRY[name]], {
    cwd: ROOT,
    env,
    // The IPC channel is a lifeline: when this process dies, the service sees it close and stops.
    stdio: ['ignore', stdio, stdio, 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return {
    name,
    child,
    exited,
    stop: async (graceMs = 10_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
