import pc from 'picocolors';

type Colors = ReturnType<typeof pc.createColors>;

/** Where a command writes: data to stdout, diagnostics to stderr. */
export interface Output {
  /** True when stdout is a terminal: progress bars and colours are for people only. */
  isTTY: boolean;
  color: Colors;
  line(text?: string): void;
  json(value: unknown): void;
  warn(text: string): void;
}

/**
 * Output on the process's streams. Colours only when stdout is a terminal and NO_COLOR is unset
 * (https://no-color.org): picocolors' own detection also turns them on whenever CI is set,
 * which would put escape codes into piped output.
 */
export function processOutput(env: NodeJS.ProcessEnv): Output {
  const isTTY = process.stdout.isTTY === true;
  const color = pc.createColors(isTTY && !env.NO_COLOR);
  return {
    isTTY,
    color,
    line: (text = '') => process.stdout.write(`${text}\n`),
    json: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    warn: (text) => process.stderr.write(`${text}\n`),
  };
}
