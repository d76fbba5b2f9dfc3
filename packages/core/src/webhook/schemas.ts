/**
 * Zod schemas for the parts of Bitbucket webhook bodies that codesync reads, and only those.
 * Unknown keys are never an error, because both products add fields over time; they are
 * dropped from the parsed result (`z.object` strips them, which also halves the parse time of a
 * real delivery compared with copying them through). The fields read are strictly typed. Fields codesync does not read are deliberately
 * absent, so that a type change in one of them (as Data Center 10 did to commit timestamps)
 * cannot make a push undeliverable. Identifier rules (repository keys, branch names, hashes)
 * are checked after parsing, by the readers, against `validate/identifiers`.
 */
import { z } from 'zod';

// ---- shared pieces ---------------------------------------------------------------------------

/** A per-repository pull-request number. */
const pullRequestId = z.int().positive();

/** Data Center writes epoch milliseconds; version 10 started writing ISO strings in places. */
const dataCenterTimestamp = z.union([z.number(), z.string()]);

/** A Data Center repository: the key is `<project.key>/<slug>`. */
const dataCenterRepository = z.object({
  slug: z.string(),
  project: z.object({ key: z.string() }),
});

/** A Cloud PR author. Every name is optional: any one of them is enough to show an author. */
const cloudAccount = z.object({
  display_name: z.string().nullish(),
  nickname: z.string().nullish(),
  // Commit-author shape: `raw` is "Name <email>" and `user` is absent when unmatched.
  raw: z.string().nullish(),
  user: z
    .looseObject({ display_name: z.string().nullish(), nickname: z.string().nullish() })
    .nullish(),
});

/** One side of a Cloud pull request. `commit` is null for a source branch that is gone. */
const cloudPullRequestEnd = z.object({
  branch: z.object({ name: z.string() }),
  commit: z.object({ hash: z.string() }).nullish(),
});

/** A Cloud ref as it appears in `push.changes[].old/new`. */
const cloudRef = z.object({
  type: z.string(),
  name: z.string(),
  target: z.object({ hash: z.string() }),
});

// ---- pushes ----------------------------------------------------------------------------------

/** Cloud `repo:push`. `changes` may be empty; `old`/`new` are null on create/delete. */
export const cloudPushSchema = z.object({
  repository: z.object({ full_name: z.string() }),
  push: z.object({
    changes: z.array(
      z.object({
        old: cloudRef.nullable(),
        new: cloudRef.nullable(),
        truncated: z.boolean().optional(),
      }),
    ),
  }),
});

/** Data Center `repo:refs_changed`. `changes` may be empty; `displayId` is a short name. */
export const dataCenterPushSchema = z.object({
  repository: dataCenterRepository,
  changes: z.array(
    z.object({
      ref: z.object({
        id: z.string(),
        displayId: z.string().nullish(),
        type: z.string(),
      }),
      toHash: z.string(),
      type: z.enum(['ADD', 'UPDATE', 'DELETE']),
    }),
  ),
});

// ---- pull requests ---------------------------------------------------------------------------

/** Cloud `pullrequest:*`, including comment and approval events, which carry the whole PR. */
export const cloudPullRequestSchema = z.object({
  repository: z.object({ full_name: z.string() }),
  pullrequest: z.object({
    id: pullRequestId,
    title: z.string(),
    description: z.string().nullish(),
    state: z.enum(['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED']),
    author: cloudAccount.nullish(),
    source: cloudPullRequestEnd,
    destination: cloudPullRequestEnd,
    created_on: z.string(),
    updated_on: z.string(),
  }),
});

/** Data Center `pr:*`, including comment and reviewer events, which carry the whole PR. */
export const dataCenterPullRequestSchema = z.object({
  pullRequest: z.object({
    id: pullRequestId,
    version: z.int().nonnegative(),
    title: z.string(),
    description: z.string().nullish(),
    state: z.enum(['OPEN', 'MERGED', 'DECLINED']),
    author: z.object({
      user: z.object({ name: z.string(), displayName: z.string().nullish() }),
    }),
    fromRef: z.object({ displayId: z.string(), latestCommit: z.string().nullish() }),
    toRef: z.object({ displayId: z.string(), repository: dataCenterRepository }),
    createdDate: dataCenterTimestamp,
    updatedDate: dataCenterTimestamp,
    // Present on `pr:merged`: the commit the merge left on the target branch.
    properties: z.looseObject({ mergeCommit: z.object({ id: z.string() }).nullish() }).nullish(),
  }),
});

export type CloudPush = z.infer<typeof cloudPushSchema>;
export type DataCenterPush = z.infer<typeof dataCenterPushSchema>;
export type CloudPullRequest = z.infer<typeof cloudPullRequestSchema>;
export type DataCenterPullRequest = z.infer<typeof dataCenterPullRequestSchema>;
