import { listRepoStates } from '@codesync/core';
import type { Command } from 'commander';
import { loadCliConfig } from '../cli-config';
import type { CommandContext } from '../command-context';
import { EXIT, exitCodesHelp, INDEX_MEANING, USAGE_MEANING } from '../exit-codes';
import { repoStatuses, type RepoStatus } from '../format/repo-status';
import { formatTable } from '../format/table';
import { shortCommit } from '../format/time';
import { withIndex } from '../index-access';
import type { Output } from '../output';

const HEADER = ['REPO', 'BRANCH', 'COMMIT', 'FILES', 'LAST SYNC', 'OUTCOME'];

/** `codesync status`: what the index holds for every configured or indexed repository. */
export function registerStatus(program: Command, ctx: CommandContext): void {
  program
    .command('status')
    .description(
      'per repository: branch, indexed commit, file count, last sync, last outcome and error',
    )
    .option('--json', 'print {repos: [...]}, one object per repository')
    .addHelpText(
      'after',
      exitCodesHelp({ 0: 'status printed', 2: USAGE_MEANING, 3: INDEX_MEANING }),
    )
    .action(async (options: { json?: boolean }) => {
      const config = loadCliConfig(ctx.env);
      const states = await withIndex(config.dataDir, listRepoStates);
      const repos = repoStatuses(config.repos, states);
      if (options.json) ctx.out.json({ repos });
      else printStatus(repos, ctx.out);
      ctx.finish(EXIT.ok);
    });
}

function printStatus(repos: RepoStatus[], out: Output): void {
  if (repos.length === 0) {
    out.line('no repositories: set CODESYNC_REPOS');
    return;
  }
  const rows = repos.map((r) => [
    r.repo,
    r.branch ?? r.trackedBranch ?? '(default)',
    r.neverSynced ? 'never synced' : shortCommit(r.indexedCommit),
    r.neverSynced ? '' : String(r.fileCount),
    r.lastAttemptAt ?? '',
    r.lastOutcome ?? '',
  ]);
  const lines = formatTable([HEADER, ...rows], new Set([3]));
  out.line(out.color.bold(lines[0] ?? ''));
  repos.forEach((repo, i) => {
    const line = lines[i + 1] ?? '';
    out.line(repo.lastError || repo.neverSynced ? out.color.yellow(line) : line);
    if (repo.lastError)
      out.line(out.color.red(`  error at ${repo.lastErrorAt}: ${repo.lastError}`));
    if (!repo.configured) out.line(out.color.dim('  not in CODESYNC_REPOS: no longer synced'));
  });
}
