// Benchmarks of the model file: load+validate against js-yaml's own load of the same text, the save of one
// status change, the memory a large model takes, and how fast hostile files are refused.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { parse } from 'yaml';
import { applyChanges } from '../src/core/model/applyChanges';
import { NodeModelFileIO } from '../src/core/model/fileIO';
import { DEFAULT_LIMITS } from '../src/core/model/limits';
import { updateModelFile } from '../src/core/model/modelFile';
import { changeRequirementStatus } from '../src/core/model/operations';
import { parseModelFile, type ParsedModelFile } from '../src/core/model/parse';
import { generateModelText } from './generateModel';
import { hostileInputs } from './hostileInputs';
import { median, report, round, timeRuns } from './stats';

// The generated model is larger than the default file-size limit allows.
const BENCH_LIMITS = { ...DEFAULT_LIMITS, maxBytes: 64 * 1024 * 1024 };
const actor = { by: 'bench', at: '2026-11-27T00:00:00Z' };

export async function runModelBenchmarks(): Promise<void> {
  const text = generateModelText(10_000);
  const loaded = parseModelFile(text, BENCH_LIMITS);
  if (!loaded.ok) throw new Error(`generated model is invalid: ${loaded.problems[0].message}`);
  const requirements = loaded.file.model.projects.reduce((n, p) => n + p.requirements.length, 0);

  const jsYaml = timeRuns(() => load(text), 7);
  const full = timeRuns(() => parseModelFile(text, BENCH_LIMITS), 7);
  const yamlDocument = timeRuns(() => parse(text), 3);
  report({
    bench: 'model.load+validate',
    requirements,
    bytes: text.length,
    jsYamlLoadMs: round(median(jsYaml), 1),
    loadValidateMs: round(median(full), 1),
    ratio: round(median(full) / median(jsYaml), 2),
    target: '<= 1.5x js-yaml load',
    yamlLibraryParseMs: round(median(yamlDocument), 1),
  });
  report({ bench: 'model.memory', requirements, heapMiB: round(heapOf(() => parseModelFile(text, BENCH_LIMITS)), 1), note: 'retained by one loaded model (text, data, validated model, source map)' });

  // In memory: plan, edit, re-read and verify (no disk).
  let file = loaded.file;
  let n = 0;
  const statuses = ['running', 'todo'] as const;
  const apply = timeRuns(() => {
    const project = file.model.projects[7];
    file = applyChanges(file, changeRequirementStatus(file, { projectId: project.id, requirementId: project.requirements[250].id, to: statuses[n++ % 2] }, actor), BENCH_LIMITS).file;
  }, 9);
  report({ bench: 'model.apply-one-status-change', requirements, medianMs: round(median(apply), 1), maxMs: round(apply[apply.length - 1], 1), note: 'plan + edit + verifying re-read, in memory' });

  // Through the file: lock, read, plan against the kept parse, write atomically.
  const dir = mkdtempSync(join(tmpdir(), 'tm-bench-'));
  try {
    const path = join(dir, 'threatmodel.yaml');
    writeFileSync(path, text);
    const io = new NodeModelFileIO(path);
    let previous: ParsedModelFile = loaded.file;
    const saves: number[] = [];
    for (let i = 0; i < 11; i++) {
      const t = performance.now();
      previous = await updateModelFile(
        io,
        (f) => changeRequirementStatus(f, { projectId: 'project-3', requirementId: f.model.projects[3].requirements[100 + i].id, to: 'running' }, actor),
        BENCH_LIMITS,
        { previous },
      );
      saves.push(performance.now() - t);
    }
    saves.sort((a, b) => a - b);
    report({ bench: 'model.save-one-status-change', requirements, medianMs: round(median(saves), 1), maxMs: round(saves[saves.length - 1], 1), target: '<= 100 ms', note: 'lock + read + plan + edit + verify + atomic write (fsync)' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  for (const input of hostileInputs()) {
    const text = input.text();
    const t = performance.now();
    const result = parseModelFile(text);
    const ms = performance.now() - t;
    report({ bench: 'model.hostile', input: input.name, bytes: text.length, ms: round(ms, 1), result: result.ok ? 'loaded' : result.problems[0].message.slice(0, 90) });
  }
}

/** MiB of heap that the value made by `make` keeps alive (needs node --expose-gc for a clean figure). */
function heapOf(make: () => unknown): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const kept = make();
  gc?.();
  const after = process.memoryUsage().heapUsed;
  void kept;
  return (after - before) / (1024 * 1024);
}
