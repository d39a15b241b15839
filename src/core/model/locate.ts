// Where things are in the model file's text, for "reveal".
import type { ParsedModelFile } from './parse';
import type { Range } from './problem';

export function locateRequirement(file: ParsedModelFile, projectId: string, requirementId: string): Range | undefined {
  const projectIndex = file.model.projects.findIndex((p) => p.id === projectId);
  if (projectIndex < 0) return undefined;
  const index = file.model.projects[projectIndex].requirements.findIndex((r) => r.id === requirementId);
  return index < 0 ? undefined : locatePath(file, ['projects', projectIndex, 'requirements', index, 'id']);
}

function locatePath(file: ParsedModelFile, path: ReadonlyArray<string | number>): Range | undefined {
  const node = file.source.nearest(path);
  return node ? file.source.lines.range(node.start, node.end) : undefined;
}
