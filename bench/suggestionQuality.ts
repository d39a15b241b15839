// The suggestion benchmark kept in bench/suggestion-benchmark/: components of public threat models written
// by other people, translated into items, with the attack threats their authors wrote as the CAPEC patterns
// that count as suggesting each. This file reads the data and scores the engine against it; suggestionBench.ts
// prints the figures.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Suggestion, SuggestionEngine } from '../src/core/suggest/suggestionEngine';

export const BENCHMARK_DIR = join(__dirname, __dirname.includes(join('out', 'bench')) ? '../..' : '..', 'bench', 'suggestion-benchmark');
export const JUDGMENTS_FILE = 'judgments.yaml';

const CapecId = z.string().regex(/^CAPEC-[1-9][0-9]{0,4}$/);

const Item = z.strictObject({
  name: z.string().min(1),
  kind: z.string().min(1),
  alsoKinds: z.array(z.string()).optional(),
  technologies: z.array(z.string()).optional(),
  description: z.string().optional(),
  internetFacing: z.boolean().optional(),
  data: z.array(z.string()).optional(),
});

const Component = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  component: z.string().min(1),
  item: Item,
  threats: z.array(z.strictObject({ title: z.string().min(1), capec: z.array(CapecId).min(1) })),
  notAttacks: z.array(z.string()).optional(),
});

export const BenchmarkFile = z.strictObject({
  source: z.strictObject({
    id: z.string().min(1),
    title: z.string().min(1),
    url: z.string().url(),
    licence: z.string().min(1),
    authors: z.string().min(1),
  }),
  components: z.array(Component).min(1),
});

/** Independent relevance judgments of suggestions the authors did not list: component id -> pattern verdicts. */
export const JudgmentsFile = z.strictObject({
  judgedBy: z.string().min(1),
  components: z.record(z.string(), z.strictObject({ relevant: z.array(CapecId).default([]), notRelevant: z.array(CapecId).default([]) })),
});

export type BenchmarkSource = z.output<typeof BenchmarkFile>;
export type BenchmarkComponent = z.output<typeof Component> & { readonly source: string };
export type Judgments = z.output<typeof JudgmentsFile>;

export interface Benchmark {
  readonly sources: readonly BenchmarkSource['source'][];
  readonly components: readonly BenchmarkComponent[];
  readonly judgments?: Judgments;
}

export function loadBenchmark(dir = BENCHMARK_DIR): Benchmark {
  const sources: BenchmarkSource['source'][] = [];
  const components: BenchmarkComponent[] = [];
  let judgments: Judgments | undefined;
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const data = parse(readFileSync(join(dir, name), 'utf8'));
    if (name === JUDGMENTS_FILE) {
      judgments = JudgmentsFile.parse(data);
      continue;
    }
    const file = BenchmarkFile.parse(data);
    sources.push(file.source);
    for (const c of file.components) components.push({ ...c, source: file.source.id });
  }
  return { sources, components, judgments };
}

export interface ComponentScore {
  readonly component: BenchmarkComponent;
  readonly threats: number;
  /** Threats with an accepted pattern among the first ten suggestions. */
  readonly foundIn10: number;
  /** Threats with an accepted pattern among the pre-selected suggestions. */
  readonly preselected: number;
  /** Of the first five suggestions: relevant (the authors' threats or an independent judgment), judged not relevant, not judged. */
  readonly top5: { readonly relevant: number; readonly notRelevant: number; readonly unjudged: readonly string[] };
  readonly missed: readonly string[];
  readonly suggestions: readonly Suggestion[];
}

export function scoreComponent(engine: SuggestionEngine, component: BenchmarkComponent, judgments?: Judgments): ComponentScore {
  const suggestions = engine.suggest(component.item);
  const first10 = new Set(suggestions.slice(0, 10).map((s) => s.capec));
  const chosen = new Set(suggestions.filter((s) => s.preselected).map((s) => s.capec));
  const expected = new Set(component.threats.flatMap((t) => t.capec));
  const verdicts = judgments?.components[component.id];
  const relevant = new Set([...expected, ...(verdicts?.relevant ?? [])]);
  const notRelevant = new Set(verdicts?.notRelevant ?? []);
  const top5 = suggestions.slice(0, 5).map((s) => s.capec);
  const missed = component.threats.filter((t) => !t.capec.some((id) => first10.has(id))).map((t) => `${t.title} [${t.capec.join(' ')}]`);
  return {
    component,
    threats: component.threats.length,
    foundIn10: component.threats.length - missed.length,
    preselected: component.threats.filter((t) => t.capec.some((id) => chosen.has(id))).length,
    top5: {
      relevant: top5.filter((id) => relevant.has(id)).length,
      notRelevant: top5.filter((id) => !relevant.has(id) && notRelevant.has(id)).length,
      unjudged: top5.filter((id) => !relevant.has(id) && !notRelevant.has(id)),
    },
    missed,
    suggestions,
  };
}

export interface QualityFigures {
  readonly components: number;
  readonly threats: number;
  readonly recallAt10: number;
  readonly preselectedRecall: number;
  /** Unjudged suggestions count as not relevant. */
  readonly precisionAt5: number;
  readonly unjudgedInTop5: number;
}

export function summarize(scores: readonly ComponentScore[]): QualityFigures {
  const threats = sum(scores.map((s) => s.threats));
  const shown = sum(scores.map((s) => Math.min(5, s.suggestions.length)));
  return {
    components: scores.length,
    threats,
    recallAt10: sum(scores.map((s) => s.foundIn10)) / threats,
    preselectedRecall: sum(scores.map((s) => s.preselected)) / threats,
    precisionAt5: sum(scores.map((s) => s.top5.relevant)) / shown,
    unjudgedInTop5: sum(scores.map((s) => s.top5.unjudged.length)),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
