import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError, EXIT } from './exit-codes';
import { processOutput } from './output';
import { runCli } from './program';

// `pnpm codesync <command>`: see program.ts for the commands and exit codes.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

async function main(): Promise<number> {
  const out = processOutput(process.env);
  try {
    loadDotEnv(path.join(ROOT, '.env'));
  } catch (error) {
    out.warn(`codesync: ${(error as Error).message}`);
    return error instanceof CliError ? error.exitCode : EXIT.usage;
  }
  return runCli(process.argv.slice(2), process.env, out);
}

/** Variables already set in the environment win over the file, as with `pnpm start`. */
function loadDotEnv(file: string): void {
  if (!existsSync(file)) return;
  try {
    process.loadEnvFile(file);
  } catch (error) {
    throw new CliError(EXIT.usage, `cannot read ${file}: ${(error as Error).message}`);
  }
}

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  throw error;
});

const code = await main();
// Exit explicitly, once stdout is flushed: a Redis socket still closing must not keep a
// finished command waiting.
process.stdout.write('', () => process.exit(code));
