import type { YamlLimits } from '../yaml/validatedYaml';

/** Resource limits for parsing a threat model file that may come from anyone (a pull request, a clone). */
export type ParseLimits = YamlLimits;

export const DEFAULT_LIMITS: ParseLimits = {
  maxBytes: 4 * 1024 * 1024,
  maxAliasCount: 100,
  maxProblems: 100,
};
