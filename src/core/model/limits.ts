/** Resource limits for parsing a threat model file that may come from anyone (a pull request, a clone). */
export interface ParseLimits {
  /** Files larger than this are reported, never parsed. */
  readonly maxBytes: number;
  /** Alias expansions allowed while converting to plain data (yaml's guard against "billion laughs"). */
  readonly maxAliasCount: number;
  /** Problems reported at most; a hostile file must not flood the Problems panel and the views. */
  readonly maxProblems: number;
}

export const DEFAULT_LIMITS: ParseLimits = {
  maxBytes: 4 * 1024 * 1024,
  maxAliasCount: 100,
  maxProblems: 100,
};
