import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertCloneUrl } from '../../src/validate/clone-url';
import {
  assertBranchName,
  assertFullHash,
  InvalidIdentifierError,
  isValidBranchName,
  normalizeRepoKey,
} from '../../src/validate/identifiers';

const HOSTILE_BRANCHES = [
  '-x',
  '--upload-pack=touch /tmp/PWNED',
  '--output=/tmp/PWNED',
  'main..evil',
  'refs/heads/../../x',
  'feature/.hidden',
  '.hidden',
  'main.lock',
  'feature/x.lock',
  'main@{1}',
  '@',
  'with space',
  'tab\there',
  'new\nline',
  'nul\u0000byte',
  'tilde~1',
  'caret^',
  'colon:x',
  'question?',
  'star*',
  'bracket[',
  'back\\slash',
  '/leading',
  'trailing/',
  'double//slash',
  'trailing.',
  'del\u007f',
  'x'.repeat(256),
];

const HOSTILE_HASHES = [
  '--output=/tmp/PWNED',
  'a'.repeat(39),
  'a'.repeat(41),
  'A'.repeat(40),
  'g'.repeat(40),
  'a'.repeat(63),
  'HEAD',
  'main~1',
  `${'a'.repeat(40)}^{tree}`,
  ` ${'a'.repeat(40)}`,
  `${'a'.repeat(40)}\n`,
];

describe('identifier validation refuses what could become a git option, revision trick or path', () => {
  it.each(HOSTILE_BRANCHES)('refuses the branch name %j', (name) => {
    expect(() => assertBranchName(name)).toThrow(InvalidIdentifierError);
  });

  it.each(HOSTILE_HASHES)('refuses the commit hash %j', (hash) => {
    expect(() => assertFullHash(hash)).toThrow(InvalidIdentifierError);
  });

  it.each([
    ['ext::sh -c touch% /tmp/PWNED'],
    ['fd::3'],
    ['--upload-pack=touch /tmp/PWNED'],
    ['ssh://git@example.invalid/acme/widgets.git'],
    ['git@example.invalid:acme/widgets.git'],
    ['/srv/git/acme/widgets.git'],
    ['https://example.invalid/acme/widgets.git\n--upload-pack=x'],
    ['https://user:hunter2@example.invalid/acme/widgets.git'],
  ])('refuses the clone URL %j', (url) => {
    expect(() => assertCloneUrl(url)).toThrow(InvalidIdentifierError);
  });

  it('never echoes a password from a refused clone URL', () => {
    expect(() => assertCloneUrl('https://user:hunter2@example.invalid/x.git')).toThrow(
      /\/\/\*\*\*@/,
    );
    expect(() => assertCloneUrl('https://user:hunter2@example.invalid/x.git')).not.toThrow(
      /hunter2/,
    );
  });

  it.each([
    'https://bitbucket.org/acme/widgets.git',
    'http://127.0.0.1:7990/scm/acme/widgets.git',
    'file:///srv/git/acme/widgets.git',
  ])('accepts the clone URL %j', (url) => {
    expect(assertCloneUrl(url)).toBe(url);
  });

  it('accepts only branch names git itself accepts', () => {
    // git check-ref-format is the reference; ours is stricter only about a leading '-'.
    const name = fc.stringMatching(/^[a-z./@{}~^:\\* -]{1,12}$/);
    fc.assert(
      fc.property(name, (candidate) => {
        if (!isValidBranchName(candidate)) return true;
        execFileSync('git', ['check-ref-format', '--branch', candidate], { stdio: 'ignore' });
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('refuses repository keys that are not two plain segments', () => {
    for (const key of [
      '../../etc/passwd',
      'acme/../x',
      'acme/widgets/x',
      'acme',
      '',
      'ext::sh/x',
      'acme/%2e%2e',
    ]) {
      expect(() => normalizeRepoKey(key)).toThrow(InvalidIdentifierError);
    }
  });
});
