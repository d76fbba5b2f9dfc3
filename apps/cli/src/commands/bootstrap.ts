import type { Command } from 'commander';
import { loadCliConfig } from '../cli-config';
import type { CommandContext } from '../command-context';
import { CliError, EXIT, exitCodesHelp, REDIS_MEANING } from '../exit-codes';
import { progressBar } from '../progress';
import { openQueueSession } from '../queue-session';

/** `codesync bootstrap`: queues a sync of every configured repository (the first full index). */
export function registerBootstrap(program: Command, ctx: CommandContext): void {
  program
    .command('bootstrap')
    .description('queue a sync of every repository in CODESYNC_REPOS, e.g. for the first index')
    .option('--json', 'print {queued: [{repo, jobId}]}')
    .addHelpText(
      'after',
      exitCodesHelp({
        0: 'every repository queued',
        2: 'usage or configuration error, or CODESYNC_REPOS is empty',
        3: REDIS_MEANING,
      }),
    )
    .action(async (options: { json?: boolean }) => {
      const config = loadCliConfig(ctx.env);
      if (config.repos.length === 0) {
        throw new CliError(EXIT.usage, 'CODESYNC_REPOS is empty: there is nothing to bootstrap');
      }
      const session = await openQueueSession(config);
      const bar =
        ctx.out.isTTY && !options.json ? progressBar(config.repos.length, 'queueing') : null;
      const queued: Array<{ repo: string; jobId: string }> = [];
      try {
        for (const { key } of config.repos) {
          const jobId = await session.queueSync(key, 'bootstrap');
          queued.push({ repo: key, jobId });
          if (bar) bar.tick(key);
          else if (!options.json) ctx.out.line(`queued a sync of ${key} (job ${jobId})`);
        }
      } finally {
        bar?.stop();
        await session.close();
      }
      if (options.json) ctx.out.json({ queued });
      else if (bar) ctx.out.line(`queued ${queued.length} syncs; the worker runs them`);
      ctx.finish(EXIT.ok);
    });
}
