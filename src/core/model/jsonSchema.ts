// The JSON Schema of the model file, generated from the zod schema so the two never disagree.
// It describes what people may write (the schema's input side: defaults make keys optional).
import { z } from 'zod';
import { ThreatModel } from './schema';

export function threatModelJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ThreatModel, { io: 'input', unrepresentable: 'any', target: 'draft-7' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://threatmodeling.local/schemas/threatmodel.schema.json',
    title: 'Threat model',
    description: 'A threat model: projects with architecture items, CAPEC attack patterns, OWASP ASVS requirements, evidence and history.',
  };
}

export function threatModelJsonSchemaText(): string {
  return JSON.stringify(threatModelJsonSchema(), null, 2) + '\n';
}
