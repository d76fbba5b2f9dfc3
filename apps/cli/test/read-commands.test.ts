import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordAttempt } from '@codesync/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitRemote } from '../../../test/helpers/git-remote';
import { IndexedRepos } from './helpers/indexed-repos';
import { runCli, runCliInTerminal, runCliJson } from './helpers/run-cli';

const WIDGETS = 'acme/widgets';
const UTIL_TS = 'export const answer = 42;\n';
const MAIN_TS = "import { answer } from './util';\nconsole.log('widget-main', answer);\n";
const OTHER_TS = "export * from './util';\n// Widget-Main mention\n";
const ISO_SECOND = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

// One index, built by the real sync from a real git remote, read by the CLI as a subprocess.
// The tests run in order: status before and after the first sync, then reads, then damage.
describe('codesync read commands against a real index', () => {
  let repos: IndexedRepos;
  let remote: GitRemote;
  let tip: string;

  beforeAll(() => {
    repos = new IndexedRepos(`${WIDGETS},acme/api@develop`);
    remote = repos.remote(WIDGETS);
    remote.commit({ 'src/util.ts': UTIL_TS, 'src/main.ts': MAIN_TS, 'src/other.ts': OTHER_TS });
    tip = remote.push();
    repos.index();
  });
  afterAll(() => repos?.close());

  it('status shows every configured repository as never synced before the first sync', async () => {
    expect(await runCli(['status'], repos.cliEnv)).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'REPO          BRANCH     COMMIT        FILES  LAST SYNC  OUTCOME',
        'acme/api      develop    never synced',
        'acme/widgets  (default)  never synced',
        '',
      ].join('\n'),
    });
    const { code, json } = await runCliJson(['status', '--json'], repos.cliEnv);
    expect(code).toBe(0);
    expect(
      json.repos.map((r: any) => [r.repo, r.configured, r.trackedBranch, r.neverSynced]),
    ).toEqual([
      ['acme/api', true, 'develop', true],
      [WIDGETS, true, null, true],
    ]);
  });

  it('status shows branch, commit, file count, last sync, outcome and error after syncs', async () => {
    expect((await repos.sync(WIDGETS)).outcome).toBe('full');
    recordAttempt(repos.index(), 'acme/api', 'failed', 'fetching develop: remote hung up');

    const { code, json } = await runCliJson(['status', '--json'], repos.cliEnv);
    expect(code).toBe(0);
    const [api, widgets] = json.repos;
    expect(widgets).toEqual({
      repo: WIDGETS,
      configured: true,
      trackedBranch: null,
      neverSynced: false,
      branch: 'main',
      indexedCommit: tip,
      fileCount: 3,
      indexedAt: expect.stringMatching(ISO_SECOND),
      lastAttemptAt: widgets.indexedAt,
      lastOutcome: 'full',
      lastError: null,
      lastErrorAt: null,
    });
    expect(api).toEqual({
      repo: 'acme/api',
      configured: true,
      trackedBranch: 'develop',
      neverSynced: false,
      branch: null,
      indexedCommit: null,
      fileCount: 0,
      indexedAt: null,
      lastAttemptAt: expect.stringMatching(ISO_SECOND),
      lastOutcome: 'failed',
      lastError: 'fetching develop: remote hung up',
      lastErrorAt: api.lastAttemptAt,
    });

    const run = await runCli(['status'], repos.cliEnv);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      'REPO          BRANCH   COMMIT        FILES  LAST SYNC             OUTCOME',
      `acme/api      develop  -                 0  ${api.lastAttemptAt}  failed`,
      `  error at ${api.lastErrorAt}: fetching develop: remote hung up`,
      `acme/widgets  main     ${tip.slice(0, 12)}      3  ${widgets.lastAttemptAt}  full`,
      '',
    ]);
  });

  it('status lists an indexed repository that is no longer configured', async () => {
    const env = { ...repos.cliEnv, CODESYNC_REPOS: 'acme/api@develop' };
    const { json } = await runCliJson(['status', '--json'], env);
    expect(json.repos.map((r: any) => [r.repo, r.configured])).toEqual([
      ['acme/api', true],
      [WIDGETS, false],
    ]);
    const run = await runCli(['status'], env);
    expect(run.stdout.split('\n').slice(3)).toEqual([
      expect.stringMatching(/^acme\/widgets {2}main {5}[0-9a-f]{12} {6}3 {2}\S+ {2}full$/),
      '  not in CODESYNC_REPOS: no longer synced',
      '',
    ]);
  });

  it('search prints repository, path, line number and line of each hit, case-insensitively', async () => {
    expect(await runCli(['search', 'widget-main'], repos.cliEnv)).toEqual({
      code: 0,
      stderr: '',
      stdout:
        "acme/widgets:src/main.ts:2: console.log('widget-main', answer);\n" +
        'acme/widgets:src/other.ts:2: // Widget-Main mention\n',
    });
  });

  it('search --json returns the hits as data, limited and filtered by repository', async () => {
    const limited = await runCliJson(
      ['search', 'widget-main', '--limit', '1', '--json'],
      repos.cliEnv,
    );
    expect(limited).toEqual({
      code: 0,
      stderr: '',
      json: {
        query: 'widget-main',
        repo: null,
        hits: [
          {
            repo: WIDGETS,
            path: 'src/main.ts',
            line: 2,
            text: "console.log('widget-main', answer);",
          },
        ],
      },
    });
    const filtered = await runCliJson(
      ['search', 'answer', '--repo', 'ACME/Widgets', '--json'],
      repos.cliEnv,
    );
    expect(filtered.json.repo).toBe(WIDGETS);
    expect(filtered.json.hits.map((h: any) => `${h.path}:${h.line}`)).toEqual([
      'src/main.ts:1',
      'src/main.ts:2',
      'src/util.ts:1',
    ]);
    const elsewhere = await runCliJson(
      ['search', 'answer', '--repo', 'acme/api', '--json'],
      repos.cliEnv,
    );
    expect(elsewhere).toEqual({
      code: 1,
      stderr: '',
      json: { query: 'answer', repo: 'acme/api', hits: [] },
    });
  });

  it('search exits 1 when nothing matches and 2 on bad arguments', async () => {
    expect(await runCli(['search', 'no-such-text-anywhere'], repos.cliEnv)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'no matches for "no-such-text-anywhere"\n',
    });
    expect(await runCli(['search', 'x', '--repo', 'widgets'], repos.cliEnv)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'codesync: invalid repository key "widgets": expected exactly one "/"\n',
    });
    const badLimit = await runCli(['search', 'x', '--limit', '0'], repos.cliEnv);
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toContain(
      "option '--limit <n>' argument '0' is invalid. expected a whole number from 1 to 10000",
    );
    const empty = await runCli(['search', ''], repos.cliEnv);
    expect(empty).toEqual({ code: 2, stdout: '', stderr: 'codesync: the query is empty\n' });
  });

  it('search colours its output on a terminal only, and never with NO_COLOR set', async () => {
    const args = ['search', 'WIDGET-MAIN', '--limit', '1'];
    const plain = "acme/widgets:src/main.ts:2: console.log('widget-main', answer);\n";
    const tty = await runCliInTerminal(args, repos.cliEnv);
    expect(tty).toEqual({
      code: 0,
      stderr: '',
      stdout:
        '\x1b[35macme/widgets\x1b[39m:\x1b[36msrc/main.ts\x1b[39m:\x1b[32m2\x1b[39m: ' +
        "console.log('\x1b[1m\x1b[31mwidget-main\x1b[39m\x1b[22m', answer);\n",
    });
    const noColor = await runCliInTerminal(args, { ...repos.cliEnv, NO_COLOR: '1' });
    expect(noColor).toEqual({ code: 0, stderr: '', stdout: plain });
    // picocolors alone would colour piped output whenever CI or FORCE_COLOR is set.
    const piped = await runCli(args, { ...repos.cliEnv, CI: 'true', FORCE_COLOR: '1' });
    expect(piped).toEqual({ code: 0, stderr: '', stdout: plain });
  });

  it('importers lists the files whose imports resolve to a path', async () => {
    expect(await runCli(['importers', WIDGETS, 'src/util.ts'], repos.cliEnv)).toEqual({
      code: 0,
      stderr: '',
      stdout: 'src/main.ts   "./util"  import\nsrc/other.ts  "./util"  export-from\n',
    });
    expect(
      await runCliJson(['importers', WIDGETS, './src/util.ts', '--json'], repos.cliEnv),
    ).toEqual({
      code: 0,
      stderr: '',
      json: {
        repo: WIDGETS,
        path: 'src/util.ts',
        importers: [
          { path: 'src/main.ts', specifier: './util', kind: 'import' },
          { path: 'src/other.ts', specifier: './util', kind: 'export-from' },
        ],
      },
    });
    expect(await runCli(['importers', WIDGETS, 'src/main.ts'], repos.cliEnv)).toEqual({
      code: 0,
      stderr: '',
      stdout: 'no file of acme/widgets imports src/main.ts\n',
    });
  });

  it('importers exits 1 for a file or repository the index does not hold', async () => {
    expect(await runCli(['importers', WIDGETS, 'src/gone.ts'], repos.cliEnv)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'codesync: acme/widgets has no file src/gone.ts in the index\n',
    });
    expect(await runCli(['importers', 'acme/api', 'src/x.ts'], repos.cliEnv)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'codesync: acme/api is not in the index\n',
    });
  });

  it('verify finds a freshly synced index equal to its commit', async () => {
    expect(await runCli(['verify', WIDGETS], repos.cliEnv)).toEqual({
      code: 0,
      stderr: '',
      stdout: `acme/widgets at ${tip.slice(0, 12)}: ok\n`,
    });
    expect(await runCliJson(['verify', WIDGETS, '--json'], repos.cliEnv)).toEqual({
      code: 0,
      stderr: '',
      json: {
        ok: true,
        repos: [
          {
            repo: WIDGETS,
            result: 'ok',
            commit: tip,
            reason: null,
            repairJobId: null,
            report: {
              repo: WIDGETS,
              commit: tip,
              missingFiles: [],
              extraFiles: [],
              staleFiles: [],
              missingEdges: [],
              extraEdges: [],
              staleEdges: [],
              unsearchableFiles: [],
              ok: true,
            },
          },
        ],
      },
    });
  });

  it('verify without a repository covers every configured one and fails on one never indexed', async () => {
    expect(await runCli(['verify'], repos.cliEnv)).toEqual({
      code: 1,
      stderr: '',
      stdout: `acme/api: not indexed yet\nacme/widgets at ${tip.slice(0, 12)}: ok\n`,
    });
  });

  it('verify exits 1 and names every missing, extra and stale row of a damaged index', async () => {
    const db = repos.index();
    const blobs = remote.tree(tip);
    db.prepare("DELETE FROM files WHERE repo = ? AND path = 'src/other.ts'").run(WIDGETS);
    db.prepare("UPDATE files SET blob = 'deadbeef' WHERE repo = ? AND path = 'src/util.ts'").run(
      WIDGETS,
    );
    db.prepare(
      "INSERT INTO imports VALUES (?, 'src/util.ts', './ghost', 'import', 'src/ghost', NULL)",
    ).run(WIDGETS);

    const { code, json } = await runCliJson(['verify', WIDGETS, '--json'], repos.cliEnv);

    expect(code).toBe(1);
    const utilFacts = {
      blob: blobs.get('src/util.ts'),
      mode: '100644',
      status: 'indexed',
      language: 'typescript',
      size: UTIL_TS.length,
      contentHash: sha256(UTIL_TS),
    };
    expect(json).toEqual({
      ok: false,
      repos: [
        {
          repo: WIDGETS,
          result: 'differs',
          commit: tip,
          reason: null,
          repairJobId: null,
          report: {
            repo: WIDGETS,
            commit: tip,
            missingFiles: [
              {
                path: 'src/other.ts',
                blob: blobs.get('src/other.ts'),
                mode: '100644',
                status: 'indexed',
                language: 'typescript',
                size: OTHER_TS.length,
                contentHash: sha256(OTHER_TS),
              },
            ],
            extraFiles: [],
            staleFiles: [
              {
                path: 'src/util.ts',
                fields: ['blob'],
                actual: { ...utilFacts, blob: 'deadbeef' },
                expected: utilFacts,
              },
            ],
            missingEdges: [],
            extraEdges: [
              {
                fromPath: 'src/util.ts',
                specifier: './ghost',
                kind: 'import',
                targetKey: 'src/ghost',
                target: null,
              },
            ],
            staleEdges: [],
            unsearchableFiles: [],
            ok: false,
          },
        },
      ],
    });
    // The edges of a deleted file's row stay behind in a damaged index: they are not missing.
    expect(await runCli(['verify', WIDGETS], repos.cliEnv)).toEqual({
      code: 1,
      stderr: '',
      stdout: [
        `acme/widgets at ${tip.slice(0, 12)}: 3 differences from a full rebuild`,
        '  missing file  src/other.ts',
        '  stale file    src/util.ts (blob)',
        '  extra edge    src/util.ts "./ghost" (import) -> (unresolved)',
        '',
      ].join('\n'),
    });
  });
});

describe('codesync commands refuse bad configuration and a missing index', () => {
  it('exits 2 naming the bad variable', async () => {
    const env = { CODESYNC_REPOS: 'acme', CODESYNC_MAX_FILE_BYTES: 'lots' };
    expect(await runCli(['status'], env)).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'codesync: invalid configuration:\n' +
        '  - CODESYNC_REPOS: invalid repository key "acme": expected exactly one "/"\n' +
        '  - CODESYNC_MAX_FILE_BYTES: expected a whole number, got "lots"\n',
    });
    const search = await runCli(['search', 'x'], { REDIS_URL: 'http://127.0.0.1:1' });
    expect(search.code).toBe(2);
    expect(search.stderr).toBe(
      'codesync: invalid configuration:\n  - REDIS_URL: expected redis:// or rediss://, got http://\n',
    );
  });

  it('exits 3 when the data directory or its index is missing', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'codesync-cli-empty-'));
    const absent = path.join(empty, 'absent');
    try {
      const commands = [['status'], ['search', 'abc'], ['importers', 'a/b', 'c'], ['verify']];
      const runs = await Promise.all(
        commands.map((args) => runCli(args, { CODESYNC_DATA_DIR: empty })),
      );
      for (const run of runs) {
        expect(run).toEqual({
          code: 3,
          stdout: '',
          stderr:
            `codesync: cannot open the index ${empty}/index.sqlite (CODESYNC_DATA_DIR): ` +
            'unable to open database file; has the worker run yet?\n',
        });
      }
      expect(await runCli(['status'], { CODESYNC_DATA_DIR: absent })).toEqual({
        code: 3,
        stdout: '',
        stderr:
          `codesync: cannot open the index ${absent}/index.sqlite (CODESYNC_DATA_DIR): ` +
          'Cannot open database because the directory does not exist; has the worker run yet?\n',
      });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
