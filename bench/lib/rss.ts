import { readFileSync } from 'node:fs';

function statusKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match?.[1] ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Watches a process's resident memory: polls VmRSS and, at the end, reads the kernel's own
 * high-water mark (VmHWM), which catches peaks between polls.
 */
export class RssWatch {
  private readonly timer: NodeJS.Timeout;
  private polledPeakKiB = 0;

  constructor(
    private readonly pid: number,
    intervalMs = 100,
  ) {
    this.timer = setInterval(() => {
      this.polledPeakKiB = Math.max(this.polledPeakKiB, statusKiB(pid, 'VmRSS'));
    }, intervalMs);
    this.timer.unref();
  }

  /** Peak RSS in decimal MB: the larger of VmHWM and the polled maximum. */
  peakMB(): number {
    return (Math.max(statusKiB(this.pid, 'VmHWM'), this.polledPeakKiB) * 1024) / 1_000_000;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
