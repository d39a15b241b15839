// A large, realistic model text for benchmarks: projects with items, requirements and history.
import { stringify } from 'yaml';

export function generateModelText(requirementCount: number, perProject = 500): string {
  const projects = [];
  for (let p = 0; p * perProject < requirementCount; p++) {
    const count = Math.min(perProject, requirementCount - p * perProject);
    const items = Array.from({ length: 10 }, (_, i) => ({
      id: `item-${i}`,
      name: `Item ${i}`,
      kind: i % 2 ? 'rest-api' : 'database',
      technologies: ['node', 'postgres'],
      attackPatterns: ['CAPEC-66', 'CAPEC-115'],
    }));
    const requirements = Array.from({ length: count }, (_, i) => ({
      // Unique within a project: chapter, section and number enumerate distinct ASVS-shaped ids.
      id: `V${(i % 17) + 1}.${(Math.floor(i / 17) % 60) + 1}.${Math.floor(i / (17 * 60)) + 1}`,
      status: 'todo',
      because: [{ item: `item-${i % 10}`, capec: 'CAPEC-66' }],
    }));
    projects.push({
      id: `project-${p}`,
      name: `Project ${p}`,
      status: 'running',
      items,
      requirements,
      history: [{ at: '2026-11-01T00:00:00Z', by: 'bench', action: 'project-status', from: 'todo', to: 'running' }],
    });
  }
  return '# generated for benchmarks\n' + stringify({ version: 1, asvs: '5.0.0', projects }, { lineWidth: 0 });
}
