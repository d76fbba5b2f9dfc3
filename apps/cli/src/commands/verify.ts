import {
  listRepoStates,
  verifyRepository,
  type CodesyncConfig,
  type IndexDb,
} from '@codesync/core';
import type { Command } from 'commander';
import { indexRules, loadCliConfig } from '../cli-config';
import type { CommandContext } from '../command-context';
import { EXIT, exitCodesHelp } from '../exit-codes';
import { repoVerification, type RepoVerification } from '../format/repo-verification';
import { verifyLines } from '../format/verify-text';
import { withIndex } from '../index-access';
import { openQueueSession, type QueueSession } from '../queue-session';
import { configuredRepo, repoArgument } from '../repo-argument';

/** `codesync verify [repo]`: compares the index with a full rebuild of its indexed commit. */
export function registerVerify(program: Command, ctx: CommandContext): void {
  program
    .command('verify')
    .description(
      'compare the index with the tree of its indexed commit (rebuilt from the mirror) and ' +
        'list missing, extra and stale files and import edges, and files search cannot find',
    )
    .argument('[repo]', 'only this repository; default: every configured or indexed one')
    .option('--json', 'print {ok, repos: [{repo, result, commit, reason, report, repairJobId}]}')
    .option('--repair', 'queue a full rebuild of every repository that is not ok')
    .addHelpText(
      'after',
      '\nReads every file of the commit from the mirror: as costly as a full rebuild.\n' +
        'Never writes to the index; a sync running meanwhile does not upset it.',
    )
    .addHelpText(
      'after',
      exitCodesHelp({
        0: 'every repository verified equal to its commit',
        1: 'differences found, or a repository is not indexed or cannot be verified',
        2: 'usage or configuration error, or --repair of a repository not configured',
        3: 'the index is missing or unreadable, or (with --repair) Redis is unreachable',
      }),
    )
    .action(
      async (repoValue: string | undefined, options: { json?: boolean; repair?: boolean }) => {
        const config = loadCliConfig(ctx.env);
        const only = repoValue === undefined ? null : repoArgument(repoValue);
        // Only a configured repository can be synced, so only one can be repaired (else exit 2).
        if (only && options.repair) configuredRepo(config, only);
        // Connect first: finding out that Redis is down after a long verification helps no one.
        const session = options.repair ? await openQueueSession(config) : null;
        try {
          const results = await withIndex(config.dataDir, (db) => verifyAll(db, config, only));
          if (session) await repair(results, config, session);
          report(results, options, ctx);
          ctx.finish(results.every((r) => r.result === 'ok') ? EXIT.ok : EXIT.failed);
        } finally {
          await session?.close();
        }
      },
    );
}

async function verifyAll(
  db: IndexDb,
  config: CodesyncConfig,
  only: string | null,
): Promise<RepoVerification[]> {
  const indexed = listRepoStates(db).map((state) => state.repo);
  const repos = only
    ? [only]
    : [...new Set([...config.repos.map((r) => r.key), ...indexed])].sort();
  const results: RepoVerification[] = [];
  for (const repo of repos) {
    const outcome = await verifyRepository(db, {
      dataDir: config.dataDir,
      repo,
      rules: indexRules(config),
    });
    results.push(repoVerification(outcome));
  }
  return results;
}

/** Asks for a rebuild first, so the queued sync cannot start without seeing the request. */
async function repair(results: RepoVerification[], config: CodesyncConfig, session: QueueSession) {
  const configured = new Set(config.repos.map((r) => r.key));
  for (const result of results) {
    if (result.result === 'ok' || !configured.has(result.repo)) continue;
    await session.requestRebuild(result.repo);
    result.repairJobId = await session.queueSync(result.repo, 'repair');
  }
}

function report(
  results: RepoVerification[],
  options: { json?: boolean; repair?: boolean },
  ctx: CommandContext,
): void {
  const { out } = ctx;
  if (options.json) {
    out.json({ ok: results.every((r) => r.result === 'ok'), repos: results });
    return;
  }
  if (results.length === 0) out.line('nothing to verify: no repository is configured or indexed');
  for (const result of results) {
    for (const line of verifyLines(result, out.color)) out.line(line);
    if (result.repairJobId) out.line(`  repair: full rebuild queued (job ${result.repairJobId})`);
    else if (options.repair && result.result !== 'ok') {
      out.line('  repair: not in CODESYNC_REPOS, so no sync can rebuild it');
    }
  }
}
