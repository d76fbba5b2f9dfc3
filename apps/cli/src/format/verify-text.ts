import type { ImportEdge, StaleEdge, StaleFile, VerifyReport } from '@codesync/core';
import type { Output } from '../output';
import type { RepoVerification } from './repo-verification';
import { shortCommit } from './time';

/** Entries shown per kind of difference; --json always lists them all. */
const SHOWN_PER_KIND = 20;

/** The human-readable lines of one repository's verification. */
export function verifyLines(v: RepoVerification, color: Output['color']): string[] {
  const at = v.commit ? ` at ${shortCommit(v.commit)}` : '';
  switch (v.result) {
    case 'ok':
      return [`${v.repo}${at}: ${color.green('ok')}`];
    case 'not-indexed':
      return [`${v.repo}: ${color.yellow('not indexed yet')}`];
    case 'unverifiable':
      return [`${v.repo}${at}: ${color.yellow('cannot verify')}: ${v.reason}`];
    case 'differs': {
      const report = v.report as VerifyReport;
      const count = differenceCount(report);
      const heading = `${v.repo}${at}: ${color.red(`${count} differences`)} from a full rebuild`;
      return [heading, ...differenceLines(report)];
    }
  }
}

function differenceCount(r: VerifyReport): number {
  const { missingFiles, extraFiles, staleFiles, missingEdges, extraEdges, staleEdges } = r;
  const lists = [
    missingFiles,
    extraFiles,
    staleFiles,
    missingEdges,
    extraEdges,
    staleEdges,
    r.unsearchableFiles,
  ];
  return lists.reduce((sum, list) => sum + list.length, 0);
}

function differenceLines(r: VerifyReport): string[] {
  return [
    ...capped('missing file', r.missingFiles.map(pathOf)),
    ...capped('extra file', r.extraFiles.map(pathOf)),
    ...capped('stale file', r.staleFiles.map(staleFileText)),
    ...capped('missing edge', r.missingEdges.map(edgeText)),
    ...capped('extra edge', r.extraEdges.map(edgeText)),
    ...capped('stale edge', r.staleEdges.map(staleEdgeText)),
    ...capped('unsearchable', r.unsearchableFiles),
  ];
}

function capped(label: string, entries: string[]): string[] {
  const lines = entries.slice(0, SHOWN_PER_KIND).map((entry) => `  ${label.padEnd(12)}  ${entry}`);
  const hidden = entries.length - SHOWN_PER_KIND;
  if (hidden > 0) lines.push(`  … ${hidden} more of "${label}" (--json lists all)`);
  return lines;
}

function pathOf(file: { path: string }): string {
  return file.path;
}

function staleFileText(file: StaleFile): string {
  return `${file.path} (${file.fields.join(', ')})`;
}

function edgeText(edge: ImportEdge): string {
  const specifier = JSON.stringify(edge.specifier);
  return `${edge.fromPath} ${specifier} (${edge.kind}) -> ${targetText(edge.target)}`;
}

function staleEdgeText(edge: StaleEdge): string {
  const { actual, expected } = edge;
  const text = edgeText({ ...edge, ...actual });
  if (actual.target !== expected.target) return `${text}, expected ${targetText(expected.target)}`;
  // Same file, different key: the edge would not be re-resolved when its real target changes.
  const key = (k: string | null) => k ?? '(none)';
  return `${text}, key ${key(actual.targetKey)}, expected key ${key(expected.targetKey)}`;
}

function targetText(target: string | null): string {
  if (target === null) return '(unresolved)';
  return target === '' ? '(root package)' : target;
}
