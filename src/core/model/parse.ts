// Reading a threat model file: YAML with limits, then the zod schema, with every problem located in the text.
import { formatBytes, readValidatedYaml } from '../yaml/validatedYaml';
import { ORIGIN } from '../yaml/locate';
import { YamlSource } from '../yaml/yamlSource';
import { DEFAULT_LIMITS, type ParseLimits } from './limits';
import type { Problem } from './problem';
import { boundedModelIssues } from './boundedIssues';
import { ThreatModel } from './schema';

/** A successfully parsed and validated model file, with what is needed to edit it minimally later. */
export interface ParsedModelFile {
  readonly text: string;
  /** Where each value is written: for locating problems and planning minimal edits. */
  readonly source: YamlSource;
  /** The file's data as plain JavaScript, before schema defaults; edits are planned against it. */
  readonly data: unknown;
  /** The validated model, with schema defaults applied. */
  readonly model: ThreatModel;
}

export type ParseResult = { readonly ok: true; readonly file: ParsedModelFile } | { readonly ok: false; readonly problems: Problem[] };

/** How messages name the entries of the model's lists. */
const MODEL_LABELS: Readonly<Record<string, string>> = {
  projects: 'project',
  items: 'item',
  requirements: 'requirement',
  evidence: 'evidence',
  history: 'history entry',
  because: 'reason',
};

const tooLargeMessage = (size: string, limit: string) =>
  `The file is ${size}, larger than the ${limit} limit for a threat model; it was not read. Split it or raise the threatModeling.maxModelFileSizeMB setting.`;

export function parseModelFile(text: string, limits: ParseLimits = DEFAULT_LIMITS): ParseResult {
  const result = readValidatedYaml(text, ThreatModel, {
    limits,
    labels: MODEL_LABELS,
    emptyMessage: 'The file is empty. A threat model starts with "version: 1" and a list of "projects".',
    tooLargeMessage,
    boundedIssues: boundedModelIssues,
  });
  if (!result.ok) return result;
  return { ok: true, file: { text, source: result.source, data: result.data, model: result.value } };
}

/**
 * A file whose text was verified piece by piece after an edit (see applyChanges): its data is known, so
 * only the schema runs; where each value is gets parsed when first asked for.
 */
export function fromVerifiedData(text: string, data: unknown, limits: ParseLimits = DEFAULT_LIMITS): ParseResult {
  const result = ThreatModel.safeParse(data);
  // Problems are located by the full reader (a slow path: an edit that breaks a schema rule is refused anyway).
  if (!result.success) return parseModelFile(text, limits);
  return { ok: true, file: { text, source: new YamlSource(text), data, model: result.data } };
}

/** For a file found too large before reading it (see loadModelFile). */
export function tooLargeProblem(bytes: number, maxBytes: number): Problem {
  return { message: tooLargeMessage(formatBytes(bytes), formatBytes(maxBytes)), range: ORIGIN, severity: 'error' };
}
