import { setTimeout as sleep } from 'node:timers/promises';
import { startService, type ServiceProcess } from '../../scripts/lib/service-process';

/** One pino JSON line of a service's output. */
export type LogLine = Record<string, any> & { msg?: string };

/** A codesync process whose JSON log lines are kept for assertions. */
export interface LoggedService {
  service: ServiceProcess;
  /** Every JSON line so far, in order. */
  lines: LogLine[];
  /** Output that was not JSON (stack traces, tsx errors), for failure messages. */
  other: string[];
  /** Resolves with the first line (already seen or still to come) that matches. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Sends `signal` and resolves with the exit code and how long the exit took. */
  signalAndWait(
    signal: NodeJS.Signals,
    timeoutMs?: number,
  ): Promise<{ code: number | null; ms: number }>;
}

/** Starts a receiver or worker with LOG_FORMAT=json and collects what it logs. */
export function startLoggedService(
  name: 'receiver' | 'worker',
  env: NodeJS.ProcessEnv,
): LoggedService {
  const service = startService(name, { ...env, LOG_FORMAT: 'json' }, 'pipe');
  const lines: LogLine[] = [];
  const other: string[] = [];
  let partial = '';
  const collect = (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    for (const part of parts) {
      if (!part.trim()) continue;
      try {
        lines.push(JSON.parse(part) as LogLine);
      } catch {
        other.push(part);
      }
    }
  };
  service.child.stdout?.on('data', collect);
  service.child.stderr?.on('data', collect);

  const describe = () =>
    [...lines.slice(-30).map((l) => JSON.stringify(l)), ...other.slice(-20)].join('\n');
  return {
    service,
    lines,
    other,
    waitForLog: async (match, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = lines.find(match);
        if (found) return found;
        if (service.child.exitCode !== null) break;
        await sleep(25);
      }
      throw new Error(`${name}: expected log line did not appear\n${describe()}`);
    },
    signalAndWait: async (signal, timeoutMs = 30_000) => {
      const started = Date.now();
      service.child.kill(signal);
      const timer = setTimeout(() => service.child.kill('SIGKILL'), timeoutMs);
      const code = await service.exited;
      clearTimeout(timer);
      return { code, ms: Date.now() - started };
    },
  };
}
