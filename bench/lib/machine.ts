import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import Database from 'better-sqlite3';

/** What the figures were measured on. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  /** 1-minute load average before the suite started anything. */
  loadBefore: number;
  versions: Record<string, string>;
}

const require = createRequire(import.meta.url);

function packageVersion(name: string): string {
  try {
    return (
      JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return 'unknown';
  }
}

function commandVersion(command: string, args: string[], pattern: RegExp): string {
  try {
    const out = execFileSync(command, args, { encoding: 'utf8' });
    return pattern.exec(out)?.[1] ?? out.trim();
  } catch {
    return 'not found';
  }
}

export function machineInfo(): MachineInfo {
  const db = new Database(':memory:');
  const sqlite = (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
  db.close();
  return {
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    loadBefore: os.loadavg()[0] ?? 0,
    versions: {
      node: process.versions.node,
      git: commandVersion('git', ['--version'], /git version (\S+)/),
      redis: commandVersion('redis-server', ['--version'], /v=(\S+)/),
      sqlite,
      'better-sqlite3': packageVersion('better-sqlite3'),
      bullmq: packageVersion('bullmq'),
      ioredis: packageVersion('ioredis'),
      autocannon: packageVersion('autocannon'),
    },
  };
}

/** Samples the 1-minute load average while the suite runs, to tell a busy machine. */
export class LoadSampler {
  private readonly timer: NodeJS.Timeout;
  readonly samples: number[] = [];

  constructor(intervalMs = 5_000) {
    this.timer = setInterval(() => this.samples.push(os.loadavg()[0] ?? 0), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
