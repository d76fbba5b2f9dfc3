import { findImporters, readRepoState, type IndexDb } from '@codesync/core';
import type { Command } from 'commander';
import { loadCliConfig } from '../cli-config';
import type { CommandContext } from '../command-context';
import { CliError, EXIT, exitCodesHelp, INDEX_MEANING, USAGE_MEANING } from '../exit-codes';
import { formatTable } from '../format/table';
import { withIndex } from '../index-access';
import { repoArgument } from '../repo-argument';

/** `codesync importers <repo> <path>`: which files import a given file. */
export function registerImporters(program: Command, ctx: CommandContext): void {
  program
    .command('importers')
    .description('files of <repo> whose imports resolve to <path> (for Go, to its package)')
    .argument('<repo>', 'repository key, workspace/slug')
    .argument('<path>', 'file path from the repository root, e.g. src/util.ts')
    .option('--json', 'print {repo, path, importers: [{path, specifier, kind}]}')
    .addHelpText(
      'after',
      exitCodesHelp({
        0: 'the file is indexed (its importers, possibly none, are printed)',
        1: 'the repository or the file is not in the index',
        2: USAGE_MEANING,
        3: INDEX_MEANING,
      }),
    )
    .action(async (repoValue: string, pathValue: string, options: { json?: boolean }) => {
      const config = loadCliConfig(ctx.env);
      const repo = repoArgument(repoValue);
      const path = pathValue.replace(/^(\.\/)+/, '');
      const importers = await withIndex(config.dataDir, (db) => {
        assertIndexedFile(db, repo, path);
        return findImporters(db, repo, path);
      });

      if (options.json) ctx.out.json({ repo, path, importers });
      else if (importers.length === 0) ctx.out.line(`no file of ${repo} imports ${path}`);
      else {
        const rows = importers.map((i) => [i.path, JSON.stringify(i.specifier), i.kind]);
        for (const line of formatTable(rows)) ctx.out.line(line);
      }
      ctx.finish(EXIT.ok);
    });
}

function assertIndexedFile(db: IndexDb, repo: string, path: string): void {
  if (!readRepoState(db, repo)?.indexedCommit) {
    throw new CliError(EXIT.failed, `${repo} is not in the index`);
  }
  const found = db.prepare('SELECT 1 FROM files WHERE repo = ? AND path = ?').get(repo, path);
  if (!found) throw new CliError(EXIT.failed, `${repo} has no file ${path} in the index`);
}
