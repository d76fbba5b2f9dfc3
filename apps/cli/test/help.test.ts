import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli';

// Help needs no configuration: it must work on a machine where nothing is set up yet.
const USAGE = {
  search: 'Usage: codesync search [options] <query>',
  status: 'Usage: codesync status [options]',
  importers: 'Usage: codesync importers [options] <repo> <path>',
  sync: 'Usage: codesync sync [options] <repo>',
  bootstrap: 'Usage: codesync bootstrap [options]',
  verify: 'Usage: codesync verify [options] [repo]',
};

const EXIT_CODES = {
  search: ['0  at least one hit', '1  no hits'],
  status: ['0  status printed'],
  importers: ['0  the file is indexed (its importers, possibly none, are printed)'],
  sync: [
    '2  usage or configuration error, or <repo> is not in CODESYNC_REPOS',
    '3  Redis is unreachable',
  ],
  bootstrap: [
    '0  every repository queued',
    '2  usage or configuration error, or CODESYNC_REPOS is empty',
    '3  Redis is unreachable',
  ],
  verify: [
    '1  differences found, or a repository is not indexed or cannot be verified',
    '2  usage or configuration error, or --repair of a repository not configured',
    '3  the index is missing or unreadable, or (with --repair) Redis is unreachable',
  ],
};

// Each case is its own process: run them side by side.
describe.concurrent('codesync --help', () => {
  it('documents every command, the configuration it reads and the exit codes', async () => {
    const run = await runCli(['--help'], { CODESYNC_REPOS: 'not a repo' });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    for (const usage of Object.values(USAGE)) {
      expect(run.stdout).toContain(`\n${usage.replace('Usage: codesync ', '  ')}  `);
    }
    expect(run.stdout).toContain(
      [
        'Exit codes:',
        '  0  ok',
        '  1  a check failed, differences were found, or nothing was found',
        '  2  usage or configuration error (the message names the bad variable)',
        '  3  Redis or the data directory (its index) is unreachable',
      ].join('\n'),
    );
  });

  it.each(Object.keys(USAGE) as Array<keyof typeof USAGE>)(
    '%s --help shows its usage and its exit codes',
    async (command) => {
      const run = await runCli([command, '--help'], {});
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout.split('\n')[0]).toBe(USAGE[command]);
      const exitBlock = run.stdout.slice(run.stdout.indexOf('\nExit codes:\n'));
      for (const line of EXIT_CODES[command]) expect(exitBlock).toContain(`\n  ${line}\n`);
    },
  );

  it('exits 2 with the help on stderr when no command is given', async () => {
    const run = await runCli([], {});
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe('Usage: codesync [options] [command]');
  });

  it('exits 2 on an unknown command or option', async () => {
    const [command, option] = await Promise.all([
      runCli(['reindex'], {}),
      runCli(['status', '--colour'], {}),
    ]);
    expect(command).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: unknown command 'reindex'\n(add --help for usage)\n",
    });
    expect(option).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: unknown option '--colour'\n(add --help for usage)\n",
    });
  });
});
