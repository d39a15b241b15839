// CWE ChildOf edges (one level) from OWASP cwe-sdk-javascript's cwe-hierarchy.json.
import { byIdNumber, readJson } from './io';
import { FILES } from './sources';

/** "CWE-564" -> ["CWE-89"]: the direct ChildOf parents of each weakness. */
export type CweParents = Map<string, string[]>;

export function loadCweParents(sourcesDir: string): CweParents {
  const edges = readJson<{ weaknessId: string; parentId: string }[]>(sourcesDir, FILES.cweHierarchy);
  const parents = new Map<string, Set<string>>();
  for (const e of edges) {
    const child = `CWE-${Number(e.weaknessId)}`;
    const set = parents.get(child) ?? new Set<string>();
    set.add(`CWE-${Number(e.parentId)}`);
    parents.set(child, set);
  }
  return new Map([...parents].map(([k, v]) => [k, [...v].sort(byIdNumber)]));
}
