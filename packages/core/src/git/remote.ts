import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { assertCloneUrl } from '../validate/clone-url';
import { assertBranchName, assertFullHash } from '../validate/identifiers';
import { gitAuthArgs } from './auth';
import { GitError, redact, runGit } from './run-git';

/** Where a repository is fetched from and how to authenticate; built from configuration only. */
export interface RemoteSpec {
  cloneUrl: string;
  auth: { username: string; token: string } | null;
  timeoutMs?: number;
}

/** The tracked branch's name and tip on the remote. */
export interface RemoteTip {
  branch: string;
  tip: string;
}

// simple-git runs the network-facing commands: its unsafe-action guards (no --upload-pack, no
// ext:: transport, no option-looking fetch arguments) back up our own validation.
function gitFor(
  spec: RemoteSpec,
  baseDir: string,
): { git: SimpleGit; authArgs: string[]; secrets: string[] } {
  assertCloneUrl(spec.cloneUrl);
  const auth = gitAuthArgs(spec.cloneUrl, spec.auth);
  const git = simpleGit({
    baseDir,
    timeout: { block: spec.timeoutMs ?? 120_000 },
    allowEnvironment: ['GIT_TERMINAL_PROMPT', 'GIT_CONFIG_NOSYSTEM', 'GIT_CONFIG_GLOBAL'],
  }).env({
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: '/nonexistent',
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    ...auth.env,
  });
  return { git, authArgs: auth.args, secrets: auth.secrets };
}

function wrap(action: string, error: unknown, secrets: readonly string[]): GitError {
  const text = redact(error instanceof Error ? error.message : String(error), secrets);
  return new GitError(`${action}: ${text.trim().slice(0, 2000)}`, null, text);
}

/**
 * Asks the remote for the tracked branch's tip. With `branch` null it follows the remote's HEAD
 * to find the default branch. Returns null when the branch does not exist on the remote.
 */
export async function readRemoteTip(
  spec: RemoteSpec,
  branch: string | null,
): Promise<RemoteTip | null> {
  const { git, authArgs, secrets } = gitFor(spec, process.cwd());
  const pattern = branch === null ? 'HEAD' : `refs/heads/${assertBranchName(branch)}`;
  let out: string;
  try {
    out = await git.raw([
      ...authArgs,
      'ls-remote',
      '--symref',
      '--end-of-options',
      spec.cloneUrl,
      pattern,
    ]);
  } catch (error) {
    throw wrap(`listing remote refs of ${redact(spec.cloneUrl, secrets)}`, error, secrets);
  }
  return parseLsRemote(out, branch);
}

/** Parses `git ls-remote --symref` output for one pattern; exported for tests. */
export function parseLsRemote(out: string, branch: string | null): RemoteTip | null {
  let name = branch;
  let tip: string | null = null;
  for (const line of out.split('\n')) {
    const symref = /^ref: refs\/heads\/(\S+)\tHEAD$/.exec(line);
    if (symref?.[1]) name = symref[1];
    const ref = /^([0-9a-f]{40,64})\t(\S+)$/.exec(line);
    if (ref?.[1] && (ref[2] === 'HEAD' || ref[2] === `refs/heads/${branch}`)) tip = ref[1];
  }
  if (tip === null || name === null) return null;
  return { branch: assertBranchName(name, 'remote default branch'), tip: assertFullHash(tip) };
}

/**
 * Creates the bare mirror if it is missing. A half-made mirror is never left under its name.
 * The mirror gets no template, so no hook from the host's git setup can run during a fetch.
 */
export async function ensureMirror(dir: string): Promise<void> {
  if (await exists(path.join(dir, 'HEAD'))) return;
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(path.dirname(dir), { recursive: true });
  await rm(dir, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  await runGit(['init', '--bare', '--quiet', '--template='], { gitDir: tmp });
  await rename(tmp, dir);
}

/**
 * Fetches the tracked branch into the mirror (`refs/heads/<branch>`, forced so a rewritten
 * history replaces the old one) and returns the commit the mirror now holds for it.
 */
export async function fetchBranch(
  spec: RemoteSpec,
  mirrorDir: string,
  branch: string,
): Promise<string> {
  assertBranchName(branch);
  const { git, authArgs, secrets } = gitFor(spec, mirrorDir);
  const refspec = `+refs/heads/${branch}:refs/heads/${branch}`;
  try {
    await git.raw([
      ...authArgs,
      'fetch',
      '--quiet',
      '--no-tags',
      '--no-write-fetch-head',
      '--no-recurse-submodules',
      '--end-of-options',
      spec.cloneUrl,
      refspec,
    ]);
    const tip = await git.raw([
      'rev-parse',
      '--verify',
      '--end-of-options',
      `refs/heads/${branch}^{commit}`,
    ]);
    return assertFullHash(tip.trim(), 'fetched tip');
  } catch (error) {
    throw wrap(`fetching ${branch} from ${redact(spec.cloneUrl, secrets)}`, error, secrets);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
