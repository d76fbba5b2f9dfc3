import type { ResolveContext } from '../../src/imports';

/** A ResolveContext over an in-memory file list, answering as the index does. */
export function repoContext(
  files: Iterable<string>,
  goModulePath: string | null = null,
): ResolveContext {
  const paths = new Set(files);
  const directories = new Set<string>();
  for (const path of paths) {
    for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
      directories.add(path.slice(0, slash));
    }
    directories.add('');
  }

  return {
    hasFile: (path) => paths.has(path),
    hasDirectory: (dir) => directories.has(dir),
    goModulePath,
  };
}
