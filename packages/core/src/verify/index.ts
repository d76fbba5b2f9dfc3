/**
 * Verification of the index: compares what a repository's index holds with a full rebuild of
 * its indexed commit, built by the sync's own write path into a temporary database.
 */
export { compareIndexes } from './compare-indexes';
export { fullChangeSet } from '../sync/full-change-set';
export { edgeKey, readImportEdges, readIndexedFiles } from './read-index-facts';
export { buildReferenceIndex } from './reference-index';
export { verifyRepository } from './verify-repository';
export type { VerifyOptions, VerifyOutcome } from './verify-repository';
export type {
  EdgeTarget,
  FileFacts,
  ImportEdge,
  IndexedFile,
  StaleEdge,
  StaleFile,
  VerifyReport,
} from './verify-report';
