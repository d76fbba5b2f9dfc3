import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Environment for the benchmark's own git calls: no user config, a fixed identity. */
export const GIT_ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: '/nonexistent',
  LC_ALL: 'C',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Dana Developer',
  GIT_AUTHOR_EMAIL: 'dana@example.test',
  GIT_COMMITTER_NAME: 'Dana Developer',
  GIT_COMMITTER_EMAIL: 'dana@example.test',
};

/** Runs git with an argv array and returns its trimmed stdout. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  return gitWithEnv(cwd, {}, args);
}

/** Like `git`, with extra environment (GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE). */
export async function gitWithEnv(
  cwd: string,
  env: NodeJS.ProcessEnv,
  args: string[],
): Promise<string> {
  const { stdout } = await run('git', args, {
    cwd,
    env: { ...GIT_ENV, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout.trim();
}
