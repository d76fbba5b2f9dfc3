import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../scripts/lib/service-process';
import { CpuAccounting } from './lib/cpu-accounting';
import { LoadSampler, machineInfo } from './lib/machine';
import { Phases } from './lib/phases';
import { renderReport } from './lib/report';
import { scaleFromEnv } from './lib/scale';
import type { ProfileSummary } from './lib/cpu-profile';
import { markdownTable, rowNotes, type Row } from './lib/table';
import { benchReceiver, profileReceiver } from './receiver';
import { benchSync, type SyncSuiteResult } from './sync-suite';

/**
 * `pnpm bench`: receiver throughput and latency, full and incremental indexing, freshness,
 * bursts, search and memory, each beside its baseline from the same run. Prints the table and
 * writes docs/benchmarks.md (docs/benchmarks-quick.md with BENCH_QUICK=1).
 */
async function main(): Promise<void> {
  const scale = scaleFromEnv(process.env);
  const profile = process.env.BENCH_PROFILE === '1';
  // For working on one half: BENCH_ONLY=receiver or BENCH_ONLY=sync.
  const only = process.env.BENCH_ONLY;
  const out =
    process.env.BENCH_OUT ??
    path.join(ROOT, 'docs', scale.name === 'quick' ? 'benchmarks-quick.md' : 'benchmarks.md');
  const machine = machineInfo();
  const accounting = new CpuAccounting();
  const load = new LoadSampler();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'codesync-bench-'));
  const removeTmp = () => rmSync(tmp, { recursive: true, force: true });
  process.once('SIGINT', () => {
    removeTmp();
    process.exit(130);
  });
  console.error(`[bench] scale ${scale.name}; temporary files in ${tmp}`);

  const rows: Row[] = [];
  const phases = new Phases();
  let sync: SyncSuiteResult | null = null;
  let receiverProfile: ProfileSummary | null = null;
  try {
    if (only !== 'sync') {
      rows.push(
        ...(await phases.run('receiver throughput + latency', () => benchReceiver(scale, tmp))),
      );
      if (profile)
        receiverProfile = await phases.run('profiled receiver', () => profileReceiver(scale, tmp));
    }
    if (only !== 'receiver') {
      sync = await benchSync(scale, tmp, phases, profile);
      rows.push(...sync.rows);
    }
  } finally {
    load.stop();
    removeTmp();
  }

  const usage = accounting.summary(machine.cores);
  const report = renderReport({
    scale,
    machine,
    rows,
    big: sync?.big ?? null,
    small: sync?.small ?? null,
    busy: { ...usage, loadPeak: Math.max(machine.loadBefore, ...load.samples) },
    phases: phases.timings,
    profiles: { worker: sync?.profile ?? null, receiver: receiverProfile },
    whatIfs: sync?.whatIfs ?? [],
    date: new Date(),
  });
  writeFileSync(out, report);
  console.log(`\n${markdownTable(rows)}\n\n${rowNotes(rows).join('\n')}\n`);
  console.log(
    `Scale ${scale.name}; ${fmt(usage.seconds)} s in all; written to ${path.relative(ROOT, out)}`,
  );
}

function fmt(value: number): string {
  return value.toFixed(0);
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
