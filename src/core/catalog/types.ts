// Shapes of the generated catalog files in catalogs/ (written by tools/catalogs/build.ts).
// The build script imports these types too, so producer and consumer cannot drift apart.

/** Bump when a change to the file shapes would break an older reader. */
export const CATALOG_SCHEMA_VERSION = 1;

export type AsvsEdition = '5.0.0' | '4.0.3';
export const ASVS_EDITIONS: readonly AsvsEdition[] = ['5.0.0', '4.0.3'];
export const DEFAULT_ASVS_EDITION: AsvsEdition = '5.0.0';

export type CapecAbstraction = 'Meta' | 'Standard' | 'Detailed';
export type CapecStatus = 'Draft' | 'Stable' | 'Usable';
export type CapecRetiredStatus = 'Deprecated' | 'Obsolete';
export type CapecLikelihood = 'High' | 'Medium' | 'Low';
export type CapecSeverity = 'Very High' | 'High' | 'Medium' | 'Low' | 'Very Low';
export type AsvsLevel = 1 | 2 | 3;

export interface SourceInfo {
  name: string;
  version: string;
  /** Release date of the upstream version, when upstream states one. */
  date?: string;
  repository: string;
  path: string;
  commit: string;
}

export interface CatalogMeta<K extends string> {
  schemaVersion: number;
  kind: K;
  generatedBy: string;
  sources: SourceInfo[];
  license: string;
  attribution: string;
  /** What in the file is not upstream data but computed by the build, and how. */
  derived?: string[];
}

// ---------------------------------------------------------------- CAPEC

export interface CapecConsequence {
  scope: string;
  impacts: string[];
}

/** Text fields are plain text with simple Markdown (paragraphs, `- ` lists, emphasis, code spans). */
export interface AttackPattern {
  id: string; // "CAPEC-66"
  name: string;
  abstraction: CapecAbstraction;
  status: CapecStatus;
  description: string;
  extendedDescription?: string;
  likelihood?: CapecLikelihood;
  severity?: CapecSeverity;
  prerequisites: string[];
  mitigations: string[];
  consequences: CapecConsequence[];
  cwes: string[]; // "CWE-89"
  domains: string[];
  childOf: string[];
  parentOf: string[];
  canPrecede: string[];
  canFollow: string[];
  peerOf: string[];
}

export interface RetiredPattern {
  id: string;
  name: string;
  status: CapecRetiredStatus;
  /** Active patterns the retirement note points to, in the order it names them. */
  replacedBy: string[];
  note: string;
}

export interface CapecCategory {
  id: string; // "CAPEC-152"
  name: string;
  status: string;
  summary: string;
  members: string[];
  /** Views whose member list includes this category. */
  views: string[];
}

export interface CapecView {
  id: string; // "CAPEC-1000"
  name: string;
  type: 'Graph' | 'Explicit' | 'Implicit';
  status: string;
  objective: string;
  /** Explicit members (categories or patterns); empty for implicit (filter-defined) views. */
  members: string[];
  filter?: string;
}

export interface CapecCatalogFile {
  meta: CatalogMeta<'capec'> & { capecVersion: string };
  patterns: AttackPattern[];
  categories: CapecCategory[];
  views: CapecView[];
  retired: RetiredPattern[];
}

// ---------------------------------------------------------------- ASVS

export interface AsvsSection {
  id: string; // "V1.2"
  name: string;
}

export interface AsvsChapter {
  id: string; // "V1"
  name: string;
  shortName?: string;
  sections: AsvsSection[];
}

export interface DerivedCwe {
  cwe: string;
  /** Upstream rows the CWE was taken from, e.g. "v5.0.be-5.3.4" or "v4.0.3-5.3.4". */
  from: string[];
}

export interface AsvsRequirement {
  id: string; // "V1.2.5", as upstream writes it
  text: string;
  chapterId: string;
  chapterName: string;
  sectionId: string;
  sectionName: string;
  /** Lowest level at which the requirement applies. */
  level: AsvsLevel;
  /** Raw level cells that are not a plain check mark (4.0.3 only, e.g. "30 days", "Optional"). */
  levelNotes?: Partial<Record<'L1' | 'L2' | 'L3', string>>;
  cwes: string[];
  /** True when `cwes` is not published upstream for this edition but derived (5.0.0). */
  cwesDerived?: boolean;
  cweSources?: DerivedCwe[];
  nist?: string[];
  /** Links upstream wrote into the text in Markdown (4.0.3: the OWASP Proactive Controls it follows). */
  references?: { label: string; url: string }[];
}

export interface AsvsCatalogFile {
  meta: CatalogMeta<'asvs'> & { edition: AsvsEdition };
  chapters: AsvsChapter[];
  requirements: AsvsRequirement[];
}

// ---------------------------------------------------------------- CAPEC -> ASVS mapping

export type MappingMethod = 'review' | 'curated' | 'cwe' | 'cwe-parent' | 'capec-parent';
/** Strongest first; used to order provenance and to pick a link's headline method. */
export const MAPPING_METHODS: readonly MappingMethod[] = ['review', 'curated', 'cwe', 'cwe-parent', 'capec-parent'];

/**
 * How much a requirement does against an attack, as decided by the review (catalogs/review/):
 * primary: implementing it materially prevents or detects the attack; supporting: defence in depth for it;
 * related: shares a weakness with it but does not address it (never added to a project by default).
 */
export type Relevance = 'primary' | 'supporting' | 'related';
export const RELEVANCES: readonly Relevance[] = ['primary', 'supporting', 'related'];

export type Provenance =
  /** A CWE listed by the pattern is the requirement's CWE. */
  | { method: 'cwe'; cwe: string; derived?: true }
  /** The pattern's CWE `cwe` is ChildOf `parent` (one level), and the requirement carries `parent`. */
  | { method: 'cwe-parent'; cwe: string; parent: string; derived?: true }
  /** The pattern has no direct link; it inherits the links of its nearest ancestor pattern `ancestor`. */
  | { method: 'capec-parent'; ancestor: string }
  /** Reviewed by hand; see catalogs/curated-links.yaml. */
  | { method: 'curated'; rationale: string }
  /** Found by the relevance review (a text search of the requirements for the attack and its mitigations). */
  | { method: 'review' };

export interface MappingLink {
  capec: string;
  requirement: string;
  provenance: Provenance[];
  /** Absent for a pattern the review has not read yet. */
  relevance?: Relevance;
  /** Why the requirement counts against this attack (primary and supporting links). */
  rationale?: string;
  /** Order within its relevance, most direct first. */
  rank?: number;
}

export interface UnmappedPattern {
  capec: string;
  reason: string;
}

export interface MappingFile {
  meta: CatalogMeta<'mapping'> & { edition: AsvsEdition; capecVersion: string };
  links: MappingLink[];
  /** Patterns deliberately left without requirements, with the reviewer's reason. */
  unmapped: UnmappedPattern[];
}
