// The data a detail panel shows for a pattern or a requirement: built here from the catalogs, rendered
// by the webview as text. It is plain JSON so it can cross the webview boundary.
import type { AttackPattern, Relevance } from '../catalog/types';
import type { CatalogIndexes } from '../catalog/requirementsForPatterns';
import { relevanceOrder, requirementsForPatterns } from '../catalog/requirementsForPatterns';
import { describeProvenance, METHOD_LABELS } from './provenance';

export interface PatternRef {
  readonly id: string;
  readonly name: string;
  readonly abstraction: string;
}

export interface PatternDetail {
  readonly kind: 'pattern';
  readonly id: string;
  readonly name: string;
  readonly abstraction: string;
  readonly status: string;
  readonly severity?: string;
  readonly likelihood?: string;
  readonly description: string;
  readonly extendedDescription?: string;
  readonly prerequisites: string[];
  readonly mitigations: string[];
  readonly consequences: string[];
  readonly cwes: string[];
  readonly domains: string[];
  readonly categories: { id: string; name: string }[];
  readonly parents: PatternRef[];
  readonly children: PatternRef[];
  readonly edition: string;
  /** Primary first, then supporting, unreviewed and related (which the panel folds away). */
  readonly requirements: RequirementOfPattern[];
  /** Why no requirement follows, when the mapping says so. */
  readonly unmappedReason?: string;
}

export interface RequirementOfPattern {
  readonly id: string;
  readonly text: string;
  readonly level: number;
  /** The review's verdict for this attack; absent while the pattern is unreviewed. */
  readonly relevance?: Relevance;
  /** How it stops or limits the attack, for primary and supporting links. */
  readonly rationale?: string;
  /** Not among the pattern's default requirements (related by weakness, or past the first ten): folded away. */
  readonly more?: boolean;
  readonly methods: string[];
  readonly why: string[];
}

export interface RequirementDetail {
  readonly kind: 'requirement';
  readonly id: string;
  readonly text: string;
  readonly edition: string;
  readonly chapter: string;
  readonly section: string;
  readonly level: number;
  readonly cwes: string[];
  readonly cwesDerived: boolean;
  /** Sources the requirement cites (4.0.3: OWASP Proactive Controls), opened by index through the host. */
  readonly references: string[];
  /** Patterns this requirement stops first (primary, supporting, unreviewed, related). */
  readonly patterns: (PatternRef & { relevance?: Relevance; why: string[] })[];
}

export type DetailView = PatternDetail | RequirementDetail;

const ref = (p: AttackPattern): PatternRef => ({ id: p.id, name: p.name, abstraction: p.abstraction });

export function patternDetail(indexes: CatalogIndexes, id: string): PatternDetail | undefined {
  const { capec, mapping } = indexes;
  const pattern = capec.pattern(id);
  if (!pattern) return undefined;
  const byDefault = new Set(requirementsForPatterns(indexes, [pattern.id]).map((r) => r.requirement.id));
  const requirements = requirementsForPatterns(indexes, [pattern.id], { includeRelated: true }).map(
    (r): RequirementOfPattern => ({
      id: r.requirement.id,
      text: r.requirement.text,
      level: r.requirement.level,
      ...(r.relevance ? { relevance: r.relevance } : {}),
      ...(byDefault.has(r.requirement.id) ? {} : { more: true }),
      ...(r.causes[0]?.rationale ? { rationale: r.causes[0].rationale } : {}),
      methods: r.methods.map((m) => METHOD_LABELS[m]),
      why: r.causes.flatMap((c) => c.provenance.map(describeProvenance)),
    }),
  );
  return {
    kind: 'pattern',
    id: pattern.id,
    name: pattern.name,
    abstraction: pattern.abstraction,
    status: pattern.status,
    severity: pattern.severity,
    likelihood: pattern.likelihood,
    description: pattern.description,
    extendedDescription: pattern.extendedDescription,
    prerequisites: pattern.prerequisites,
    mitigations: pattern.mitigations,
    consequences: pattern.consequences.map((c) => `${c.scope}: ${c.impacts.join(', ')}`),
    cwes: pattern.cwes,
    domains: pattern.domains,
    categories: capec.categoriesOf(pattern.id).map((c) => ({ id: c.id, name: c.name })),
    parents: capec.parents(pattern.id).map(ref),
    children: capec.children(pattern.id).map(ref),
    edition: indexes.asvs.edition,
    requirements,
    unmappedReason: requirements.length === 0 ? mapping.unmapped(pattern.id)?.reason : undefined,
  };
}

export function requirementDetail(indexes: CatalogIndexes, id: string): RequirementDetail | undefined {
  const { asvs, mapping, capec } = indexes;
  const requirement = asvs.requirement(id);
  if (!requirement) return undefined;
  const patterns = [...mapping.linksForRequirement(requirement.id)]
    .sort((a, b) => relevanceOrder(a.relevance) - relevanceOrder(b.relevance))
    .flatMap((link) => {
      const pattern = capec.pattern(link.capec);
      const why = [...(link.rationale ? [link.rationale] : []), ...link.provenance.map(describeProvenance)];
      return pattern ? [{ ...ref(pattern), ...(link.relevance ? { relevance: link.relevance } : {}), why }] : [];
    });
  return {
    kind: 'requirement',
    id: requirement.id,
    text: requirement.text,
    edition: asvs.edition,
    chapter: `${requirement.chapterId} ${requirement.chapterName}`,
    section: `${requirement.sectionId} ${requirement.sectionName}`,
    level: requirement.level,
    cwes: requirement.cwes,
    cwesDerived: requirement.cwesDerived === true,
    references: (requirement.references ?? []).map((r) => r.label),
    patterns,
  };
}
