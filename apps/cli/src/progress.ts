import cliProgress from 'cli-progress';

/** Progress of a run over a known number of steps. */
export interface Progress {
  /** Marks one step done; `label` names it. */
  tick(label: string): void;
  stop(): void;
}

/** A progress bar on stdout, for a person at a terminal; the caller checks `isTTY` first. */
export function progressBar(total: number, title: string): Progress {
  const bar = new cliProgress.SingleBar(
    {
      format: `${title} [{bar}] {value}/{total} {label}`,
      stream: process.stdout,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { label: '' });
  return {
    tick: (label) => bar.increment(1, { label }),
    stop: () => bar.stop(),
  };
}
