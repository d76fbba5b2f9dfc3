import type { Command } from 'commander';
import { loadCliConfig } from '../cli-config';
import type { CommandContext } from '../command-context';
import { EXIT, exitCodesHelp, REDIS_MEANING } from '../exit-codes';
import { openQueueSession } from '../queue-session';
import { configuredRepo } from '../repo-argument';

/** `codesync sync <repo>`: queues a sync by hand, as a push would. */
export function registerSync(program: Command, ctx: CommandContext): void {
  program
    .command('sync')
    .description('queue a sync of <repo> to the tip of its tracked branch (the worker runs it)')
    .argument('<repo>', 'repository key; must be listed in CODESYNC_REPOS')
    .option('--json', 'print {repo, jobId}')
    .addHelpText(
      'after',
      exitCodesHelp({
        0: 'queued (or merged into a sync already waiting for this repository)',
        2: 'usage or configuration error, or <repo> is not in CODESYNC_REPOS',
        3: REDIS_MEANING,
      }),
    )
    .action(async (repoValue: string, options: { json?: boolean }) => {
      const config = loadCliConfig(ctx.env);
      const repo = configuredRepo(config, repoValue);
      const session = await openQueueSession(config);
      try {
        const jobId = await session.queueSync(repo, 'manual');
        if (options.json) ctx.out.json({ repo, jobId });
        else ctx.out.line(`queued a sync of ${repo} (job ${jobId})`);
      } finally {
        await session.close();
      }
      ctx.finish(EXIT.ok);
    });
}
