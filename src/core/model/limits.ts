import type { YamlLimits } from '../yaml/validatedYaml';

/** Resource limits for parsing a threat model file that may come from anyone (a pull request, a clone). */
export type ParseLimits = YamlLimits;

export const DEFAULT_LIMITS: ParseLimits = {
  maxBytes: 4 * 1024 * 1024,
  // A 10,000-requirement model has about 150,000 values; ten times that is not a threat model.
  maxNodes: 1_500_000,
  maxProblems: 100,
};
