// Hostile or unlucky model files, shared by the benchmark (how fast each is handled) and the unit tests
// (what happens to each).
export interface HostileInput {
  readonly name: string;
  readonly text: () => string;
}

const HEAD = 'version: 1\nprojects:\n  - id: p\n    name: P\n';

export function hostileInputs(): HostileInput[] {
  return [
    { name: '100,000 keys in one mapping', text: () => HEAD + '    extra:\n' + Array.from({ length: 100_000 }, (_, i) => `      key${i}: ${i}\n`).join('') },
    {
      name: '100,000 invalid requirements',
      text: () => HEAD + '    requirements:\n' + Array.from({ length: 100_000 }, (_, i) => `      - { id: bad-${i}, status: nope }\n`).join(''),
    },
    { name: '1.9-million-item flow list', text: () => HEAD + '    tags: [' + '1,'.repeat(1_900_000) + '1]\n' },
    {
      name: '1.9-million-item flow list with 99 aliases',
      text: () => HEAD + '    x: &a [1]\n    tags: [' + '*a,'.repeat(99) + '1,'.repeat(1_900_000) + '1]\n',
    },
    { name: '1 MB invalid project id', text: () => `version: 1\nprojects:\n  - id: ${'X'.repeat(1024 * 1024)}\n    name: P\n    requirements:\n      - { id: bad, status: nope }\n` },
  ];
}
