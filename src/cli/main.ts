// The threatmodel CLI: checks a threat model file in CI with the same rules as the editor.
import { resolve } from 'node:path';
import { NodeModelFileIO } from '../core/model/fileIO';
import { DEFAULT_LIMITS } from '../core/model/limits';
import { loadModelFile } from '../core/model/modelFile';
import { formatProblem } from '../core/model/problem';
import { projectProgress } from '../core/model/progress';
import { PROJECT_STATUS_LABELS } from '../core/model/workflow';

const USAGE = `Usage: threatmodel <command> [file]

Commands:
  validate [file]   Check the threat model file (default: threatmodel.yaml). Exit 1 when it is invalid.
  status [file]     Print each project's status and progress.
  help              Show this help.`;

export async function main(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): Promise<number> {
  const [command, file = 'threatmodel.yaml'] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    out(USAGE);
    return command ? 0 : 2;
  }
  if (command !== 'validate' && command !== 'status') {
    err(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  const loaded = await loadModelFile(new NodeModelFileIO(resolve(file)), DEFAULT_LIMITS);
  if (loaded.kind === 'missing') {
    err(`${file}: no such file`);
    return 2;
  }
  if (loaded.kind === 'invalid') {
    for (const p of loaded.problems) err(formatProblem(file, p));
    err(`${file}: ${loaded.problems.length} problem${loaded.problems.length === 1 ? '' : 's'}`);
    return 1;
  }
  const { model } = loaded.file;
  if (command === 'validate') {
    out(`${file}: valid (${model.projects.length} project${model.projects.length === 1 ? '' : 's'}, ASVS ${model.asvs})`);
    return 0;
  }
  for (const p of model.projects) {
    const progress = projectProgress(p);
    out(`${p.id}\t${PROJECT_STATUS_LABELS[p.status]}\t${progress.complete}/${progress.total}\t${progress.percent}%\t${p.name}`);
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exit(2);
    },
  );
}
