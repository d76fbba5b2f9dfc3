import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/service-process';

// simple-git advisories up to CVE-2026-6951 (`--config` form of protocol.ext.allow) are fixed
// in 3.36.0; older versions let option-looking arguments reach git.
const SAFE_SIMPLE_GIT = [3, 36, 0] as const;

function atLeast(version: string, minimum: readonly number[]): boolean {
  const parts = version.split(/[.+-]/).slice(0, 3).map(Number);
  for (let i = 0; i < minimum.length; i += 1) {
    const have = parts[i] ?? 0;
    const need = minimum[i] ?? 0;
    if (have !== need) return have > need;
  }
  return true;
}

describe('simple-git stays at a version without known advisories', () => {
  it('locks every copy of simple-git at 3.36.0 or later', () => {
    const lock = readFileSync(path.join(ROOT, 'pnpm-lock.yaml'), 'utf8');
    const versions = [
      ...new Set([...lock.matchAll(/^ {2}'?simple-git@([0-9][^:'(]*)/gm)].map((m) => m[1]!)),
    ];
    expect(versions.length).toBeGreaterThan(0);
    for (const version of versions)
      expect(atLeast(version, SAFE_SIMPLE_GIT), `simple-git@${version}`).toBe(true);
  });

  it('runs the locked version from packages/core', () => {
    const manifest = path.join(ROOT, 'packages/core/node_modules/simple-git/package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    expect(atLeast(version, SAFE_SIMPLE_GIT), `simple-git@${version}`).toBe(true);
  });
});
