import { ConfigError } from '../config/errors';
import type { Logger } from '../logger';

/** How a shutdown step ended; a step never throws, so every later step still runs. */
export type StepOutcome = 'done' | 'failed' | 'timed-out';

/** Default for SHUTDOWN_TIMEOUT_SECONDS: below Docker's default 10 s stop grace period. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 8_000;

/**
 * Reads SHUTDOWN_TIMEOUT_SECONDS: how long a process may finish in-flight work after SIGTERM
 * before it cuts it off. Keep it below the orchestrator's kill grace (compose `stop_grace_period`).
 */
export function readShutdownTimeoutMs(env: Record<string, string | undefined>): number {
  const raw = env.SHUTDOWN_TIMEOUT_SECONDS;
  if (raw === undefined || raw === '') return DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const seconds = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || seconds <= 0 || seconds > 600) {
    throw new ConfigError([`SHUTDOWN_TIMEOUT_SECONDS: expected seconds in (0, 600], got "${raw}"`]);
  }
  return Math.round(seconds * 1000);
}

/**
 * Runs one shutdown step with its own time limit. A failure or a timeout is logged and
 * reported, not thrown, so closing Redis still happens when closing a queue went wrong.
 */
export async function runShutdownStep(
  log: Logger,
  name: string,
  work: () => Promise<unknown>,
  timeoutMs: number,
): Promise<StepOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<StepOutcome>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), timeoutMs);
  });
  const finished = work().then(
    (): StepOutcome => 'done',
    (error: unknown): StepOutcome => {
      const err = error instanceof Error ? error.message : String(error);
      log.warn({ step: name, err }, 'shutdown step failed');
      return 'failed';
    },
  );
  const outcome = await Promise.race([finished, timedOut]);
  clearTimeout(timer);
  if (outcome === 'timed-out')
    log.warn({ step: name, timeoutMs }, 'shutdown step timed out; moving on');
  return outcome;
}

/**
 * Calls `stop` on the first SIGTERM or SIGINT (or when the parent's IPC channel closes) and exits 0 once it resolves (1 if it throws).
 * A watchdog exits 1 if `stop` is still running after `hardLimitMs`. Later signals are logged
 * and ignored: under `pnpm start` a terminal's Ctrl-C reaches a process as SIGINT and then
 * SIGTERM from the parent, and the second must not cut the first shutdown short.
 */
export function exitOnSignal(
  log: Logger,
  stop: (signal: string) => Promise<void>,
  hardLimitMs: number,
): void {
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) {
      log.info({ signal }, 'already shutting down');
      return;
    }
    stopping = true;
    const watchdog = setTimeout(() => {
      log.error({ signal, hardLimitMs }, 'shutdown did not finish in time; exiting anyway');
      process.exit(1);
    }, hardLimitMs);
    stop(signal).then(
      () => {
        clearTimeout(watchdog);
        process.exit(0);
      },
      (error: unknown) => {
        log.error(
          { err: error instanceof Error ? error.message : String(error) },
          'shutdown failed',
        );
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // Started by `pnpm start` with an IPC channel: if that supervisor dies, even by SIGKILL, the
  // channel closes and this process shuts down instead of living on as an orphan.
  if (process.send) process.on('disconnect', () => onSignal('parent-exited'));
}
