import type { ExitCode } from './exit-codes';
import type { Output } from './output';

/** What every command gets: the environment it reads configuration from and where it writes. */
export interface CommandContext {
  env: NodeJS.ProcessEnv;
  out: Output;
  /** Records the exit code of the command that ran. */
  finish(code: ExitCode): void;
}
