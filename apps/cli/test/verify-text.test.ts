import type { VerifyReport } from '@codesync/core';
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import type { RepoVerification } from '../src/format/repo-verification';
import { verifyLines } from '../src/format/verify-text';

const COMMIT = 'a'.repeat(40);
const plain = pc.createColors(false);

const differs = (report: Partial<VerifyReport>): RepoVerification => ({
  repo: 'acme/widgets',
  result: 'differs',
  commit: COMMIT,
  reason: null,
  repairJobId: null,
  report: {
    repo: 'acme/widgets',
    commit: COMMIT,
    missingFiles: [],
    extraFiles: [],
    staleFiles: [],
    missingEdges: [],
    extraEdges: [],
    staleEdges: [],
    unsearchableFiles: [],
    ok: false,
    ...report,
  },
});

const file = (path: string) => ({
  path,
  blob: 'b',
  mode: '100644',
  status: 'indexed',
  language: 'text',
  size: 1,
  contentHash: 'h',
});

describe('verifyLines', () => {
  it('shows 20 entries of a kind and counts the rest', () => {
    const missing = Array.from({ length: 23 }, (_, i) => file(`f${String(i).padStart(2, '0')}`));
    const lines = verifyLines(differs({ missingFiles: missing }), plain);
    expect(lines[0]).toBe('acme/widgets at aaaaaaaaaaaa: 23 differences from a full rebuild');
    expect(lines.slice(1, 3)).toEqual(['  missing file  f00', '  missing file  f01']);
    expect(lines.length).toBe(22);
    expect(lines[21]).toBe('  … 3 more of "missing file" (--json lists all)');
  });

  it('names the key when a stale edge points at the right file under the wrong key', () => {
    const edge = { fromPath: 'main.go', specifier: 'example.com/m', kind: 'go' };
    const lines = verifyLines(
      differs({
        staleEdges: [
          {
            ...edge,
            actual: { targetKey: null, target: '' },
            expected: { targetKey: 'go:', target: '' },
          },
          {
            ...edge,
            specifier: 'example.com/m/a',
            actual: { targetKey: 'go:a', target: null },
            expected: { targetKey: 'go:a', target: 'a' },
          },
        ],
      }),
      plain,
    );
    expect(lines.slice(1)).toEqual([
      '  stale edge    main.go "example.com/m" (go) -> (root package), key (none), expected key go:',
      '  stale edge    main.go "example.com/m/a" (go) -> (unresolved), expected a',
    ]);
  });

  it('lists files that search cannot find and counts them as differences', () => {
    const lines = verifyLines(differs({ unsearchableFiles: ['a.md', 'src/b.ts'] }), plain);
    expect(lines).toEqual([
      'acme/widgets at aaaaaaaaaaaa: 2 differences from a full rebuild',
      '  unsearchable  a.md',
      '  unsearchable  src/b.ts',
    ]);
  });

  it('says why a repository could not be verified', () => {
    const unverifiable: RepoVerification = {
      ...differs({}),
      result: 'unverifiable',
      report: null,
      reason: 'commit is not in the mirror /data/mirrors/acme/widgets.git',
    };
    expect(verifyLines(unverifiable, plain)).toEqual([
      'acme/widgets at aaaaaaaaaaaa: cannot verify: commit is not in the mirror /data/mirrors/acme/widgets.git',
    ]);
  });
});
