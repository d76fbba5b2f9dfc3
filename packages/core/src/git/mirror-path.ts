import path from 'node:path';
import { normalizeRepoKey } from '../validate/identifiers';

/**
 * The bare mirror's directory for a repository. The key is validated again here and the result
 * is checked to lie inside `<dataDir>/mirrors`, so no key can address a path outside it.
 */
export function mirrorPath(dataDir: string, repoKey: string): string {
  const key = normalizeRepoKey(repoKey);
  const root = path.resolve(dataDir, 'mirrors');
  const dir = path.resolve(root, `${key}.git`);
  if (!dir.startsWith(root + path.sep)) throw new Error(`mirror path of ${key} escapes ${root}`);
  return dir;
}
