/**
 * Helpers for repository paths: POSIX, relative to the repository root, without a leading
 * `./` or a trailing slash. The root directory itself is the empty string.
 */

/** The directory holding `path`; `''` for a file at the root. */
export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** The last segment of `path`. */
export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `dir/name`, or just `name` when `dir` is the root. */
export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/**
 * Applies a relative reference such as `../lib/x` to directory `dir`, resolving `.` and `..`
 * and dropping empty segments. Returns null when the result would leave the repository.
 */
export function resolveRelative(dir: string, reference: string): string | null {
  const segments = dir === '' ? [] : dir.split('/');
  for (const segment of reference.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') segments.push(segment);
    else if (segments.pop() === undefined) return null;
  }
  return segments.join('/');
}

/** The directory `levels` above `dir`, or null when that is above the repository root. */
export function ancestor(dir: string, levels: number): string | null {
  let current = dir;
  for (let level = 0; level < levels; level++) {
    if (current === '') return null;
    current = dirname(current);
  }
  return current;
}
