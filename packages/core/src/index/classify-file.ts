import { MODE_GITLINK, MODE_SYMLINK } from '../git/tree';

/** Why a path is in the index without searchable content, or 'indexed' when it has content. */
export type FileStatus =
  'indexed' | 'binary' | 'too-large' | 'symlink' | 'submodule' | 'unreadable';

/** Rules that decide what is indexed; both incremental and full syncs use the same ones. */
export interface IndexRules {
  maxFileBytes: number;
  /** Directory names skipped anywhere in the tree (vendored or generated code). */
  skipDirs: readonly string[];
}

/** True when a path lies in a skipped directory and must not be in the index at all. */
export function isSkippedPath(filePath: string, rules: IndexRules): boolean {
  const parts = filePath.split('/');
  parts.pop();
  return parts.some((dir) => rules.skipDirs.includes(dir));
}

/** What the index stores for one blob. */
export interface FileContent {
  status: FileStatus;
  content: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const BINARY_SNIFF_BYTES = 8000;

/**
 * Decides how a blob is indexed. Symlinks keep their link text (never followed), gitlinks and
 * binaries are recorded by path only, and text that is not UTF-8 is decoded as Latin-1 so the
 * same bytes always give the same content.
 */
export function classifyContent(
  mode: string,
  size: number,
  data: Buffer | null,
  rules: IndexRules,
): FileContent {
  if (mode === MODE_GITLINK) return { status: 'submodule', content: '' };
  if (size > rules.maxFileBytes) return { status: 'too-large', content: '' };
  if (data === null) return { status: 'unreadable', content: '' };
  if (mode === MODE_SYMLINK) return { status: 'symlink', content: data.toString('latin1') };
  if (data.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { status: 'binary', content: '' };
  return { status: 'indexed', content: decodeText(data) };
}

function decodeText(data: Buffer): string {
  try {
    return utf8.decode(data);
  } catch {
    return data.toString('latin1');
  }
}
