import { Command, CommanderError } from 'commander';
import type { CommandContext } from './command-context';
import { registerBootstrap } from './commands/bootstrap';
import { registerImporters } from './commands/importers';
import { registerSearch } from './commands/search';
import { registerStatus } from './commands/status';
import { registerSync } from './commands/sync';
import { registerVerify } from './commands/verify';
import { CliError, EXIT, type ExitCode } from './exit-codes';
import type { Output } from './output';

const ENVIRONMENT_HELP = `
Configuration comes from the environment and from .env in the repository root:
  CODESYNC_DATA_DIR      data directory with index.sqlite and the mirrors (./.codesync)
  CODESYNC_REPOS         repositories to track, e.g. acme/widgets,acme/api@develop
  REDIS_URL              the queue's Redis (redis://127.0.0.1:6379)
  CODESYNC_QUEUE_PREFIX  BullMQ key prefix (codesync)
  NO_COLOR               set to turn colours off (they are only used on a terminal)

Exit codes:
  0  ok
  1  a check failed, differences were found, or nothing was found
  2  usage or configuration error (the message names the bad variable)
  3  Redis or the data directory (its index) is unreachable`;

/**
 * Runs the CLI on `argv` (arguments after the script name) and resolves with the exit code.
 * Never exits the process itself; errors are reported on stderr as one `codesync:` line.
 */
export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  out: Output,
): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const ctx: CommandContext = { env, out, finish: (c) => (code = c) };
  try {
    await buildProgram(ctx).parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    return reportError(error, out);
  }
}

function buildProgram(ctx: CommandContext): Command {
  const program = new Command('codesync')
    .description('Search and check the codesync index; queue syncs for the worker.')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', ENVIRONMENT_HELP);
  // Registered after exitOverride, so every command inherits it.
  registerSearch(program, ctx);
  registerStatus(program, ctx);
  registerImporters(program, ctx);
  registerSync(program, ctx);
  registerBootstrap(program, ctx);
  registerVerify(program, ctx);
  return program;
}

function reportError(error: unknown, out: Output): ExitCode {
  // Commander has already printed its message (or the help that was asked for).
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof CliError) {
    out.warn(`codesync: ${error.message}`);
    return error.exitCode;
  }
  out.warn(`codesync: ${describe(error)}`);
  return EXIT.failed;
}

/** An error's message followed by those of its causes, which say what was being done. */
function describe(error: unknown): string {
  const parts: string[] = [];
  for (let e = error; e instanceof Error && parts.length < 5; e = e.cause) parts.push(e.message);
  return parts.length > 0 ? parts.join(': ') : String(error);
}
