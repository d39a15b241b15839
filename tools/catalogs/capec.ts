// Builds catalogs/capec-3.9.json from the STIX 2.1 bundle (patterns, mitigations) and the transcribed
// categories/views file (the STIX export carries neither categories nor views).
import type {
  AttackPattern,
  CapecAbstraction,
  CapecCatalogFile,
  CapecCategory,
  CapecConsequence,
  CapecLikelihood,
  CapecSeverity,
  CapecStatus,
  CapecView,
  RetiredPattern,
} from '../../src/core/catalog/types';
import { CATALOG_SCHEMA_VERSION } from '../../src/core/catalog/types';
import { byIdNumber, readJson } from './io';
import { CAPEC_ATTRIBUTION, CAPEC_LICENSE, CAPEC_VERSION, FILES, GENERATED_BY, SOURCES } from './sources';
import { xhtmlToMarkdown } from './xhtml';

interface StixRef {
  source_name: string;
  external_id?: string;
}

interface StixObject {
  type: string;
  id: string;
  name?: string;
  description?: string;
  external_references?: StixRef[];
  relationship_type?: string;
  source_ref?: string;
  target_ref?: string;
  x_capec_status?: string;
  x_capec_abstraction?: string;
  x_capec_extended_description?: string;
  x_capec_likelihood_of_attack?: string;
  x_capec_typical_severity?: string;
  x_capec_prerequisites?: string[];
  x_capec_consequences?: Record<string, string[]>;
  x_capec_domains?: string[];
  x_capec_child_of_refs?: string[];
  x_capec_parent_of_refs?: string[];
  x_capec_can_precede_refs?: string[];
  x_capec_can_follow_refs?: string[];
  x_capec_peer_of_refs?: string[];
}

interface UpstreamCategory {
  id: number;
  name: string;
  status: string;
  summary: string;
  members: number[];
}

interface UpstreamView {
  id: number;
  name: string;
  type: 'Graph' | 'Explicit' | 'Implicit';
  status: string;
  objective: string;
  members?: number[];
  filter?: string;
}

const ABSTRACTIONS = new Set<string>(['Meta', 'Standard', 'Detailed']);
const ACTIVE = new Set<string>(['Draft', 'Stable', 'Usable']);
const RETIRED = new Set<string>(['Deprecated', 'Obsolete']);
const LIKELIHOODS = new Set<string>(['High', 'Medium', 'Low']);
const SEVERITIES = new Set<string>(['Very High', 'High', 'Medium', 'Low', 'Very Low']);

export interface CapecBuildResult {
  file: CapecCatalogFile;
  /** Warnings about upstream oddities that the build worked around. */
  notes: string[];
}

export function buildCapec(sourcesDir: string): CapecBuildResult {
  const bundle = readJson<{ objects: StixObject[] }>(sourcesDir, FILES.capecStix);
  const upstream = readJson<{ categories: UpstreamCategory[]; views: UpstreamView[] }>(sourcesDir, FILES.capecCategories);
  const notes: string[] = [];

  const stixPatterns = bundle.objects.filter((o) => o.type === 'attack-pattern');
  const capecIdOf = new Map<string, string>();
  for (const o of stixPatterns) {
    const ref = o.external_references?.find((r) => r.source_name === 'capec');
    if (!ref?.external_id) throw new Error(`attack pattern ${o.id} has no CAPEC id`);
    capecIdOf.set(o.id, ref.external_id);
  }
  const active = stixPatterns.filter((o) => ACTIVE.has(o.x_capec_status ?? ''));
  const retired = stixPatterns.filter((o) => RETIRED.has(o.x_capec_status ?? ''));
  if (active.length + retired.length !== stixPatterns.length) {
    throw new Error('attack pattern with an unknown status');
  }
  const activeIds = new Set(active.map((o) => capecIdOf.get(o.id)!));

  const mitigations = collectMitigations(bundle.objects);

  const refs = (owner: string, list: string[] | undefined, rel: string): string[] => {
    const out: string[] = [];
    for (const ref of list ?? []) {
      const id = capecIdOf.get(ref);
      if (id === undefined) throw new Error(`${owner}: dangling ${rel} reference ${ref}`);
      if (!activeIds.has(id)) {
        notes.push(`${owner}: ${rel} ${id} is retired; dropped`);
        continue;
      }
      if (!out.includes(id)) out.push(id);
    }
    return out.sort(byIdNumber);
  };

  const patterns: AttackPattern[] = active.map((o) => {
    const id = capecIdOf.get(o.id)!;
    const abstraction = o.x_capec_abstraction ?? '';
    if (!ABSTRACTIONS.has(abstraction)) throw new Error(`${id}: abstraction ${abstraction}`);
    const pattern: AttackPattern = {
      id,
      name: o.name!.trim(),
      abstraction: abstraction as CapecAbstraction,
      status: o.x_capec_status as CapecStatus,
      description: xhtmlToMarkdown(o.description ?? ''),
      extendedDescription: o.x_capec_extended_description ? xhtmlToMarkdown(o.x_capec_extended_description) : undefined,
      likelihood: checked(id, 'likelihood', o.x_capec_likelihood_of_attack, LIKELIHOODS) as CapecLikelihood | undefined,
      severity: checked(id, 'severity', o.x_capec_typical_severity, SEVERITIES) as CapecSeverity | undefined,
      prerequisites: (o.x_capec_prerequisites ?? []).map(xhtmlToMarkdown).filter((t) => t !== ''),
      mitigations: mitigations.get(o.id) ?? [],
      consequences: consequences(o.x_capec_consequences),
      cwes: cwesOf(o),
      domains: [...new Set(o.x_capec_domains ?? [])].sort(), // upstream repeats some domains
      childOf: refs(id, o.x_capec_child_of_refs, 'childOf'),
      parentOf: refs(id, o.x_capec_parent_of_refs, 'parentOf'),
      canPrecede: refs(id, o.x_capec_can_precede_refs, 'canPrecede'),
      canFollow: refs(id, o.x_capec_can_follow_refs, 'canFollow'),
      peerOf: refs(id, o.x_capec_peer_of_refs, 'peerOf'),
    };
    if (pattern.extendedDescription === '' || pattern.extendedDescription === undefined) delete pattern.extendedDescription;
    if (pattern.likelihood === undefined) delete pattern.likelihood;
    if (pattern.severity === undefined) delete pattern.severity;
    return pattern;
  });
  patterns.sort((a, b) => byIdNumber(a.id, b.id));

  const retiredPatterns: RetiredPattern[] = retired
    .map((o) => {
      const id = capecIdOf.get(o.id)!;
      const note = xhtmlToMarkdown(o.description ?? '');
      return {
        id,
        name: o.name!.trim(),
        status: o.x_capec_status as RetiredPattern['status'],
        replacedBy: mentionedPatterns(note).filter((m) => activeIds.has(m) && m !== id),
        note,
      };
    })
    .sort((a, b) => byIdNumber(a.id, b.id));

  const views: CapecView[] = upstream.views
    .map((v) => ({
      id: `CAPEC-${v.id}`,
      name: v.name.trim(),
      type: v.type,
      status: v.status,
      objective: v.objective,
      members: (v.members ?? []).map((m) => `CAPEC-${m}`),
      ...(v.filter !== undefined ? { filter: v.filter } : {}),
    }))
    .sort((a, b) => byIdNumber(a.id, b.id));

  const categories: CapecCategory[] = upstream.categories
    .map((c) => {
      const id = `CAPEC-${c.id}`;
      const members = c.members.map((m) => `CAPEC-${m}`);
      for (const m of members) {
        if (!activeIds.has(m)) throw new Error(`category ${id}: member ${m} is not an active pattern`);
      }
      return {
        id,
        name: c.name,
        status: c.status,
        summary: xhtmlToMarkdown(c.summary),
        members,
        views: views.filter((v) => v.members.includes(id)).map((v) => v.id),
      };
    })
    .sort((a, b) => byIdNumber(a.id, b.id));

  const categoryIds = new Set(categories.map((c) => c.id));
  for (const v of views) {
    for (const m of v.members) {
      if (!categoryIds.has(m) && !activeIds.has(m)) throw new Error(`view ${v.id}: member ${m} unknown`);
    }
  }

  const file: CapecCatalogFile = {
    meta: {
      schemaVersion: CATALOG_SCHEMA_VERSION,
      kind: 'capec',
      capecVersion: CAPEC_VERSION,
      generatedBy: GENERATED_BY,
      sources: [SOURCES.capecStix, SOURCES.capecCategories],
      license: CAPEC_LICENSE,
      attribution: CAPEC_ATTRIBUTION,
      derived: [
        'Text fields: upstream XHTML converted to plain text with simple Markdown (paragraphs, lists, emphasis, code).',
        'mitigations: course-of-action objects joined to patterns by STIX "mitigates" relationships, in upstream order.',
        'retired[].replacedBy: active CAPEC ids named in the deprecation note.',
        "categories[].views: the views that list the category as a member.",
      ],
    },
    patterns,
    categories,
    views,
    retired: retiredPatterns,
  };
  return { file, notes };
}

function checked(id: string, field: string, value: string | undefined, allowed: Set<string>): string | undefined {
  if (value === undefined) return undefined;
  if (!allowed.has(value)) throw new Error(`${id}: unexpected ${field} ${value}`);
  return value;
}

function cwesOf(o: StixObject): string[] {
  const ids = (o.external_references ?? [])
    .filter((r) => r.source_name === 'cwe' && r.external_id)
    .map((r) => r.external_id!.trim().toUpperCase());
  return [...new Set(ids)].sort(byIdNumber);
}

function consequences(raw: Record<string, string[]> | undefined): CapecConsequence[] {
  return Object.keys(raw ?? {})
    .sort()
    .map((scope) => ({ scope: scope.replace(/_/g, ' '), impacts: [...new Set(raw![scope])] }));
}

/** Mitigation texts per STIX pattern id, ordered as upstream numbers them (coa-<capec>-<n>). */
function collectMitigations(objects: StixObject[]): Map<string, string[]> {
  const coa = new Map<string, StixObject>();
  for (const o of objects) if (o.type === 'course-of-action') coa.set(o.id, o);
  const byPattern = new Map<string, StixObject[]>();
  for (const r of objects) {
    if (r.type !== 'relationship' || r.relationship_type !== 'mitigates') continue;
    const c = coa.get(r.source_ref!);
    if (!c) throw new Error(`relationship ${r.id}: unknown course of action ${r.source_ref}`);
    const list = byPattern.get(r.target_ref!) ?? [];
    list.push(c);
    byPattern.set(r.target_ref!, list);
  }
  const out = new Map<string, string[]>();
  for (const [pattern, list] of byPattern) {
    list.sort((a, b) => coaOrder(a.name!) - coaOrder(b.name!) || a.name!.localeCompare(b.name!));
    const texts: string[] = [];
    for (const c of list) {
      const text = xhtmlToMarkdown(c.description ?? '');
      if (text !== '' && !texts.includes(text)) texts.push(text);
    }
    out.set(pattern, texts);
  }
  return out;
}

function coaOrder(name: string): number {
  const m = /^coa-(\d+)-(\d+)$/.exec(name);
  return m ? Number(m[1]) * 1000 + Number(m[2]) : Number.MAX_SAFE_INTEGER;
}

/** CAPEC ids named in prose, in order of first mention ("CAPEC-126", "CAPEC:30", "CAPEC 13"). */
export function mentionedPatterns(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/CAPEC\s?[-:]\s?(\d+)/g)) {
    const id = `CAPEC-${m[1]}`;
    if (!out.includes(id)) out.push(id);
  }
  return out;
}
