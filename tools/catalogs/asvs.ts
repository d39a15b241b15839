// Builds catalogs/asvs-<edition>.json from the nested ASVS JSON export (chapter > section > requirement).
import type { AsvsCatalogFile, AsvsChapter, AsvsEdition, AsvsLevel, AsvsRequirement, DerivedCwe } from '../../src/core/catalog/types';
import { CATALOG_SCHEMA_VERSION } from '../../src/core/catalog/types';
import { readJson } from './io';
import { ASVS_ATTRIBUTION, ASVS_LICENSE, FILES, GENERATED_BY, SOURCES } from './sources';

interface LevelCell {
  Required: boolean;
  Requirement: string;
}

interface UpstreamRequirement {
  Shortcode: string;
  Description: string;
  L?: string; // 5.0.0: minimum level
  L1?: LevelCell; // 4.0.3
  L2?: LevelCell;
  L3?: LevelCell;
  CWE?: number[];
  NIST?: string[];
}

interface UpstreamDoc {
  Version: string;
  Requirements: {
    Shortcode: string;
    Name: string;
    ShortName?: string;
    Items: { Shortcode: string; Name: string; Items: UpstreamRequirement[] }[];
  }[];
}

const CHECK = '✓';

export interface AsvsBuildResult {
  file: AsvsCatalogFile;
  /** Upstream rows left out (4.0.3 "[DELETED…]" placeholders). */
  dropped: string[];
}

/**
 * @param derivedCwes for 5.0.0 only: CWEs derived per requirement id (see asvs5Cwe.ts); upstream has none.
 */
export function buildAsvs(sourcesDir: string, edition: AsvsEdition, derivedCwes?: Map<string, DerivedCwe[]>): AsvsBuildResult {
  const doc = readJson<UpstreamDoc>(sourcesDir, edition === '5.0.0' ? FILES.asvs500 : FILES.asvs403);
  if (doc.Version !== edition) throw new Error(`ASVS file is version ${doc.Version}, expected ${edition}`);
  const chapters: AsvsChapter[] = [];
  const requirements: AsvsRequirement[] = [];
  const dropped: string[] = [];

  for (const ch of doc.Requirements) {
    const chapter: AsvsChapter = { id: ch.Shortcode, name: ch.Name.trim(), sections: [] };
    if (ch.ShortName) chapter.shortName = ch.ShortName.trim();
    for (const sec of ch.Items) {
      let kept = 0;
      for (const r of sec.Items) {
        const text = r.Description.trim();
        if (/^\[DELETED\b/.test(text)) {
          dropped.push(r.Shortcode);
          continue;
        }
        kept++;
        const { plain, references } = plainText(text);
        const req: AsvsRequirement = {
          id: r.Shortcode,
          text: plain,
          chapterId: chapter.id,
          chapterName: chapter.name,
          sectionId: sec.Shortcode,
          sectionName: sec.Name.trim(),
          level: edition === '5.0.0' ? level500(r) : level403(r),
          cwes: [],
        };
        if (references.length > 0) req.references = references;
        if (edition === '4.0.3') {
          const notes = levelNotes(r);
          if (notes) req.levelNotes = notes;
          req.cwes = [...new Set(r.CWE ?? [])].sort((a, b) => a - b).map((n) => `CWE-${n}`);
          if (r.NIST && r.NIST.length > 0) req.nist = [...r.NIST];
        } else {
          const derived = derivedCwes?.get(r.Shortcode) ?? [];
          req.cwes = derived.map((d) => d.cwe);
          req.cwesDerived = true;
          if (derived.length > 0) req.cweSources = derived;
        }
        requirements.push(req);
      }
      if (kept > 0) chapter.sections.push({ id: sec.Shortcode, name: sec.Name.trim() });
    }
    chapters.push(chapter);
  }

  const source = edition === '5.0.0' ? SOURCES.asvs500 : SOURCES.asvs403;
  const file: AsvsCatalogFile = {
    meta: {
      schemaVersion: CATALOG_SCHEMA_VERSION,
      kind: 'asvs',
      edition,
      generatedBy: GENERATED_BY,
      sources: edition === '5.0.0' ? [source, SOURCES.asvs5BeCwe, SOURCES.asvs5BeTo500, SOURCES.asvs500To403, SOURCES.asvs403] : [source],
      license: ASVS_LICENSE,
      attribution: ASVS_ATTRIBUTION[edition],
      derived:
        edition === '5.0.0'
          ? [
              'level: the upstream "L" column, which holds the minimum level.',
              'cwes: DERIVED, not published by OWASP for 5.0.0. Union of (a) the v5.0.be CWE export renumbered with ' +
                'mapping_v5.0.be_to_v5.0.0 and (b) the CWEs of the 4.0.3 requirements that a 5.0.0 requirement was ' +
                'MOVED FROM, COVERS, MERGED FROM or SPLIT FROM according to mapping_v5.0.0_to_v4.0.3. cweSources names the rows used.',
            ]
          : [
              'level: the lowest level whose cell marks the requirement as required; "Optional" cells do not count. ' +
                'Cells holding text instead of a check mark are kept in levelNotes.',
              `Dropped ${dropped.length} "[DELETED…]" placeholder rows: ${dropped.join(', ')}.`,
            ],
    },
    chapters,
    requirements,
  };
  return { file, dropped };
}

function level500(r: UpstreamRequirement): AsvsLevel {
  const n = Number(r.L);
  if (n !== 1 && n !== 2 && n !== 3) throw new Error(`${r.Shortcode}: level ${r.L}`);
  return n;
}

function level403(r: UpstreamRequirement): AsvsLevel {
  const cells = [r.L1, r.L2, r.L3];
  for (let i = 0; i < 3; i++) {
    const cell = cells[i];
    // V2.8.7 marks L2 "Optional": it is only required from L3 on.
    if (cell?.Required && !/^optional$/i.test(cell.Requirement.trim())) return (i + 1) as AsvsLevel;
  }
  throw new Error(`${r.Shortcode}: no level marked`);
}

function levelNotes(r: UpstreamRequirement): AsvsRequirement['levelNotes'] {
  const out: NonNullable<AsvsRequirement['levelNotes']> = {};
  (['L1', 'L2', 'L3'] as const).forEach((key) => {
    const text = r[key]?.Requirement.trim() ?? '';
    if (text !== '' && text !== CHECK) out[key] = text;
  });
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Requirement text as people read it: upstream writes Markdown, e.g. "... ([C6](https://owasp.org/...))"
 * after 4.0.3 requirements and "\\_" for an underscore. The links move to `references` (a panel shows them
 * as links); the text keeps no Markdown.
 */
export function plainText(markdown: string): { plain: string; references: { label: string; url: string }[] } {
  const references: { label: string; url: string }[] = [];
  const link = /\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g;
  let plain = markdown.replace(/\s*\((\[[^\]]+\]\(https?:\/\/[^\s)]+\)(?:[,;\s]*\[[^\]]+\]\(https?:\/\/[^\s)]+\))*)\)\s*$/, (_, links: string) => {
    for (const m of links.matchAll(link)) references.push({ label: m[1], url: m[2] });
    return '';
  });
  // Links inside the sentence keep their label in the text.
  plain = plain.replace(link, (_, label: string, url: string) => {
    references.push({ label, url });
    return label;
  });
  plain = plain.replace(/\\([_*`[\]()#+\-.!\\])/g, '$1').trim();
  return { plain, references };
}
