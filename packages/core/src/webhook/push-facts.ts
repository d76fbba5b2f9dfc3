/** A branch named in a push, already validated. */
export interface BranchChange {
  /** Short branch name (`feature/x`). */
  branch: string;
  /** Full hash the branch now points at; null when the push deleted it. */
  tip: string | null;
}

/**
 * The parts of a push (Cloud `repo:push` or Data Center `repo:refs_changed`) that decide
 * whether to sync, with every identifier validated.
 */
export interface PushFacts {
  /** Normalised repository key. */
  repo: string;
  /** Branch changes in payload order. */
  branches: BranchChange[];
  /** Changes to tags or other non-branch refs; counted, never read further. */
  otherRefs: number;
  /** True when Bitbucket says it left something out of the payload. */
  truncated: boolean;
}
