import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

function machineBusyTicks(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, user, nice, system, , , irq, softirq, steal] = cpu.trim().split(/\s+/).map(Number);
  return (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
}

/** CPU ticks a process and its reaped children used; 0 once it is gone. */
function processTicks(pid: number | string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    // Fields 14–17 of proc(5) (utime, stime, cutime, cstime), counted from after the name.
    return (fields[11] ?? 0) + (fields[12] ?? 0) + (fields[13] ?? 0) + (fields[14] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * Tells how much of the machine other processes used while the suite ran: the machine's busy
 * CPU time minus the suite's own. Every process the suite starts (Redis, receiver, worker, git)
 * is a descendant that has been reaped by the end, so its time is in this process's cutime and
 * cstime. The machine is shared, so this goes in the doc.
 */
export class CpuAccounting {
  private readonly startTicks = machineBusyTicks();
  private readonly startSelf = processTicks('self');
  private readonly startedAt = performance.now();

  summary(cores: number): {
    seconds: number;
    otherCoreSeconds: number;
    otherShare: number;
    ownCoreSeconds: number;
  } {
    const seconds = (performance.now() - this.startedAt) / 1000;
    const total = (machineBusyTicks() - this.startTicks) / TICKS_PER_SECOND;
    const own = (processTicks('self') - this.startSelf) / TICKS_PER_SECOND;
    const other = Math.max(0, total - own);
    return {
      seconds,
      otherCoreSeconds: other,
      otherShare: other / (seconds * cores),
      ownCoreSeconds: own,
    };
  }
}
