import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { mirrorPath } from '@codesync/core';
import { git } from './git';

/**
 * Puts a bare clone of the remote where the worker keeps its mirror, hard-linking the pack,
 * so the first sync's fetch finds every object present and the full-index figure measures
 * indexing (diff, blob reads, SQLite) rather than a file:// transfer.
 */
export async function seedMirror(
  dataDir: string,
  repoKey: string,
  remoteBare: string,
): Promise<string> {
  const mirror = mirrorPath(dataDir, repoKey);
  mkdirSync(path.dirname(mirror), { recursive: true });
  await git(
    path.dirname(mirror),
    'clone',
    '--bare',
    '--local',
    '--quiet',
    '--',
    remoteBare,
    mirror,
  );
  return mirror;
}
