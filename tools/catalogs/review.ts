// The relevance review of CAPEC -> ASVS links (catalogs/review/<edition>/<reader>/batch-*.json): each
// candidate link read independently by two readers ("a", "b"), by a third ("c") where they disagree, and
// supporting links again by two more ("d", "e") for a second opinion.
// Each reading lists, per pattern, [requirement, tier, rationale] in order of how directly the requirement
// addresses the attack. The decision is the readers' agreement, or the majority of the readings; a link the
// two disagree on and no third reading has settled takes the lower of the two tiers until one does, and a
// two-against-two split of four readings takes the lower tier.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AsvsEdition, Relevance } from '../../src/core/catalog/types';

export type Verdict = Relevance | 'none';
const VERDICTS: readonly Verdict[] = ['primary', 'supporting', 'related', 'none'];

interface Reading {
  readonly verdict: Verdict;
  readonly rationale: string;
  /** Position among the pattern's links of the same verdict, 0 = most direct. */
  readonly position: number;
}

export interface Decision {
  readonly verdict: Verdict;
  readonly rationale: string;
  /** Order within the verdict: the mean position the agreeing readers gave it. */
  readonly rank: number;
  /** Each reader's verdict, e.g. ["a:primary", "b:supporting", "c:primary"]. */
  readonly readings: readonly string[];
  /** True when the readings disagree and no majority exists yet. */
  readonly unsettled: boolean;
}

/** capec -> requirement -> decision. */
export type ReviewDecisions = Map<string, Map<string, Decision>>;

/** One reader's verdicts: capec -> requirement -> reading. */
type ReaderFile = Map<string, Map<string, Reading>>;

function readReader(dir: string, file: string): ReaderFile {
  const out: ReaderFile = new Map();
  for (const name of readdirSync(dir).filter((n) => /^batch-\d+\.json$/.test(n)).sort()) {
    const raw = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, Array<[string, string, string?]>>;
    for (const [capec, entries] of Object.entries(raw)) {
      if (!/^CAPEC-\d+$/.test(capec) || !Array.isArray(entries)) throw new Error(`${file}/${name}: bad entry for ${capec}`);
      const perPattern = new Map<string, Reading>();
      const positions = new Map<Verdict, number>();
      for (const entry of entries) {
        const [requirement, verdict, rationale = ''] = entry;
        if (!VERDICTS.includes(verdict as Verdict)) throw new Error(`${file}/${name}: ${capec} ${requirement}: unknown verdict "${verdict}"`);
        const position = positions.get(verdict as Verdict) ?? 0;
        positions.set(verdict as Verdict, position + 1);
        // Readers marked the links they added with "(added)"; the provenance says so already.
        perPattern.set(requirement, { verdict: verdict as Verdict, rationale: rationale.replace(/\s*\(added\)\s*$/i, '').trim(), position });
      }
      out.set(capec, perPattern);
    }
  }
  return out;
}

/** Every reader folder of an edition (a, b, c...), or none when the edition has not been reviewed. */
export function loadReview(reviewDir: string, edition: AsvsEdition): Map<string, ReaderFile> {
  const dir = join(reviewDir, edition);
  const readers = new Map<string, ReaderFile>();
  if (!existsSync(dir)) return readers;
  for (const reader of readdirSync(dir).sort()) {
    const path = join(dir, reader);
    if (/^[a-z]$/.test(reader)) readers.set(reader, readReader(path, `${edition}/${reader}`));
  }
  return readers;
}

const order = (v: Verdict) => VERDICTS.indexOf(v);

/**
 * Decides each link that at least two readers judged (a link only one reader proposed waits for another
 * reading). Patterns no reader has read are absent: their links stay unreviewed.
 */
export function decide(readers: Map<string, ReaderFile>): ReviewDecisions {
  const decisions: ReviewDecisions = new Map();
  const patterns = new Set([...readers.values()].flatMap((r) => [...r.keys()]));
  for (const capec of patterns) {
    const requirements = new Set([...readers.values()].flatMap((r) => [...(r.get(capec)?.keys() ?? [])]));
    const perPattern = new Map<string, Decision>();
    for (const requirement of requirements) {
      const readings = [...readers].flatMap(([name, r]) => {
        const reading = r.get(capec)?.get(requirement);
        return reading ? [{ name, ...reading }] : [];
      });
      if (readings.length < 2) continue;
      const counts = new Map<Verdict, number>();
      for (const r of readings) counts.set(r.verdict, (counts.get(r.verdict) ?? 0) + 1);
      const [best, bestCount] = [...counts].sort((x, y) => y[1] - x[1] || order(y[0]) - order(x[0]))[0];
      const majority = bestCount * 2 > readings.length;
      // No majority: the lower tier of the two closest to the middle, so that nothing is promoted on one reading.
      const sorted = readings.map((r) => r.verdict).sort((x, y) => order(x) - order(y));
      const verdict = majority ? best : sorted[Math.floor(sorted.length / 2)];
      const agreeing = readings.filter((r) => r.verdict === verdict);
      const rationale = agreeing.find((r) => r.rationale)?.rationale ?? '';
      const rank = agreeing.length ? agreeing.reduce((n, r) => n + r.position, 0) / agreeing.length : 99;
      // Four readings split two against two (a second opinion disagreeing with the first two) are settled: the lower tier.
      perPattern.set(requirement, { verdict, rationale, rank, readings: readings.map((r) => `${r.name}:${r.verdict}`), unsettled: !majority && readings.length < 4 });
    }
    if (perPattern.size > 0) decisions.set(capec, perPattern);
  }
  return decisions;
}

/**
 * Links the readers disagree on without a majority (where one of them shows it), and links only one reader
 * proposed: for a third reading.
 */
export function pendingReadings(readers: Map<string, ReaderFile>): Map<string, string[]> {
  const pending = new Map<string, string[]>();
  const decided = decide(readers);
  const patterns = new Set([...readers.values()].flatMap((r) => [...r.keys()]));
  for (const capec of patterns) {
    const requirements = new Set([...readers.values()].flatMap((r) => [...(r.get(capec)?.keys() ?? [])]));
    for (const requirement of requirements) {
      const d = decided.get(capec)?.get(requirement);
      // Whether a link is "related" or "none" changes nothing people see: both are hidden.
      const matters = !d || d.readings.some((r) => /:(primary|supporting)$/.test(r));
      if ((!d || d.unsettled) && matters) pending.set(capec, [...(pending.get(capec) ?? []), requirement]);
    }
  }
  return pending;
}
