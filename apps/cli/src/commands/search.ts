import { searchIndex, type SearchHit } from '@codesync/core';
import { InvalidArgumentError, type Command } from 'commander';
import { loadCliConfig } from '../cli-config';
import type { CommandContext } from '../command-context';
import { CliError, EXIT, exitCodesHelp, INDEX_MEANING, USAGE_MEANING } from '../exit-codes';
import { withIndex } from '../index-access';
import type { Output } from '../output';
import { repoArgument } from '../repo-argument';

const MAX_LIMIT = 10_000;

/** `codesync search <query>`: matching lines of indexed files, read-only. */
export function registerSearch(program: Command, ctx: CommandContext): void {
  program
    .command('search')
    .description('find lines containing <query> (case-insensitive substring) in indexed files')
    .argument('<query>', 'text to look for; three characters or more use the trigram index')
    .option('--repo <repo>', 'only this repository (workspace/slug)')
    .option('--limit <n>', `at most this many hits, 1..${MAX_LIMIT}`, parseLimit, 50)
    .option('--json', 'print {query, repo, hits: [{repo, path, line, text}]}')
    .addHelpText(
      'after',
      exitCodesHelp({
        0: 'at least one hit',
        1: 'no hits',
        2: USAGE_MEANING,
        3: INDEX_MEANING,
      }),
    )
    .action(async (query: string, options: { repo?: string; limit: number; json?: boolean }) => {
      if (query.length === 0) throw new CliError(EXIT.usage, 'the query is empty');
      const config = loadCliConfig(ctx.env);
      const repo = options.repo === undefined ? undefined : repoArgument(options.repo);
      const hits = await withIndex(config.dataDir, (db) =>
        searchIndex(db, query, { repo, limit: options.limit }),
      );
      if (options.json) ctx.out.json({ query, repo: repo ?? null, hits });
      else if (hits.length === 0) ctx.out.warn(`no matches for ${JSON.stringify(query)}`);
      else for (const hit of hits) ctx.out.line(formatHit(hit, query, ctx.out));
      ctx.finish(hits.length > 0 ? EXIT.ok : EXIT.failed);
    });
}

function parseLimit(raw: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > MAX_LIMIT) {
    throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_LIMIT}`);
  }
  return value;
}

/** `repo:path:line: text`, as grep prints it, with the matches highlighted on a terminal. */
function formatHit(hit: SearchHit, query: string, out: Output): string {
  const { color } = out;
  const where = [color.magenta(hit.repo), color.cyan(hit.path), color.green(String(hit.line))];
  return `${where.join(':')}: ${highlight(hit.text, query, out)}`;
}

function highlight(text: string, query: string, out: Output): string {
  const lower = text.toLowerCase();
  const needle = query.toLowerCase();
  // Some characters change length when lower-cased; then positions would not line up.
  if (!out.color.isColorSupported || lower.length !== text.length) return text;
  let result = '';
  let from = 0;
  for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + needle.length)) {
    result +=
      text.slice(from, at) + out.color.bold(out.color.red(text.slice(at, at + needle.length)));
    from = at + needle.length;
  }
  return result + text.slice(from);
}
