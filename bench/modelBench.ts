// Benchmarks of the model file: load+validate against bare yaml.parse, and the save of one status change.
import { parse } from 'yaml';
import { applyChanges } from '../src/core/model/applyChanges';
import { changeRequirementStatus } from '../src/core/model/operations';
import { DEFAULT_LIMITS } from '../src/core/model/limits';
import { parseModelFile } from '../src/core/model/parse';
import { generateModelText } from './generateModel';
import { median, report, round, timeRuns } from './stats';

// The generated model is larger than the default file-size limit allows.
const BENCH_LIMITS = { ...DEFAULT_LIMITS, maxBytes: 64 * 1024 * 1024 };

export function runModelBenchmarks(): void {
  const text = generateModelText(10_000);
  const loaded = parseModelFile(text, BENCH_LIMITS);
  if (!loaded.ok) throw new Error(`generated model is invalid: ${loaded.problems[0].message}`);
  const requirements = loaded.file.model.projects.reduce((n, p) => n + p.requirements.length, 0);

  const bare = timeRuns(() => parse(text), 7);
  const full = timeRuns(() => parseModelFile(text, BENCH_LIMITS), 7);
  report({
    bench: 'model.load+validate',
    requirements,
    bytes: text.length,
    yamlParseMs: round(median(bare), 1),
    loadValidateMs: round(median(full), 1),
    ratio: round(median(full) / median(bare), 2),
    target: '<= 1.5x yaml.parse',
  });

  const file = loaded.file;
  const project = file.model.projects[7];
  const save = timeRuns(() => {
    const changes = changeRequirementStatus(file, { projectId: project.id, requirementId: project.requirements[250].id, to: 'running' }, { by: 'bench', at: '2026-11-27T00:00:00Z' });
    applyChanges(file, changes, BENCH_LIMITS);
  }, 7);
  report({ bench: 'model.save-one-status-change', requirements, medianMs: round(median(save), 1), maxMs: round(save[save.length - 1], 1) });
}
