import type { ServiceProcess } from '../../scripts/lib/service-process';

/**
 * One sync the worker reported: a `sync finished` line, or `failed` / `lock-busy` for a
 * `sync failed` line and a job put back because another worker held the repository's lock.
 */
export interface SyncEvent {
  at: number;
  repo: string;
  outcome: string;
  reason: string;
  from: string | null;
  to: string | null;
  ms: number;
  filesWritten?: number;
  bytesIndexed?: number;
  edgesWritten?: number;
}

const TAIL_LINES = 200;

/**
 * Reads a service's JSON log lines from its stdout pipe. Worker `sync finished` lines are
 * parsed into events; everything else is kept as a short tail for error messages. The pipe
 * must be drained promptly, or the service blocks on its own logging.
 */
export class ServiceLogs {
  readonly syncs: SyncEvent[] = [];
  private readonly tail: string[] = [];
  private readonly watchers = new Set<() => void>();
  private partial = new Map<string, string>();

  attach(service: ServiceProcess): void {
    const onData = (chunk: Buffer) => this.take(service.name, chunk.toString('utf8'));
    service.child.stdout?.on('data', onData);
    service.child.stderr?.on('data', onData);
  }

  private take(name: string, text: string): void {
    const lines = ((this.partial.get(name) ?? '') + text).split('\n');
    this.partial.set(name, lines.pop() ?? '');
    for (const line of lines) {
      if (line.includes('"msg":"sync finished"')) this.syncs.push(toSyncEvent(line));
      else if (line.includes('"msg":"sync failed')) this.syncs.push(toSyncEvent(line, 'failed'));
      else if (line.includes('another worker is syncing'))
        this.syncs.push(toSyncEvent(line, 'lock-busy'));
      if (line.length > 0) this.tail.push(`${name}: ${line.slice(0, 400)}`);
    }
    if (this.tail.length > TAIL_LINES * 2) this.tail.splice(0, this.tail.length - TAIL_LINES);
    for (const watcher of this.watchers) watcher();
  }

  recent(lines = 30): string {
    return this.tail.slice(-lines).join('\n');
  }

  /** True once a non-sync line containing `text` was logged. */
  sawLine(text: string): boolean {
    return this.tail.some((line) => line.includes(text));
  }

  /** Resolves with the first sync event (from index `from` on) that `match` accepts. */
  waitForSync(
    match: (event: SyncEvent) => boolean,
    timeoutMs: number,
    from = 0,
  ): Promise<SyncEvent> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.syncs.slice(from).find(match);
        if (!found) return;
        done();
        resolve(found);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no matching "sync finished" within ${timeoutMs} ms\n${this.recent()}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.watchers.delete(check);
      };
      this.watchers.add(check);
      check();
    });
  }
}

/** A worker line about one sync; `outcome` is forced for `sync failed` and lock-busy lines. */
function toSyncEvent(line: string, outcome?: string): SyncEvent {
  const raw = JSON.parse(line) as Record<string, unknown>;
  return {
    at: performance.now(),
    repo: String(raw.repo),
    outcome: outcome ?? String(raw.outcome),
    reason: String(raw.reason),
    from: (raw.from as string | null) ?? null,
    to: (raw.to as string | null) ?? null,
    ms: Number(raw.ms),
    filesWritten: raw.filesWritten as number | undefined,
    bytesIndexed: raw.bytesIndexed as number | undefined,
    edgesWritten: raw.edgesWritten as number | undefined,
  };
}
