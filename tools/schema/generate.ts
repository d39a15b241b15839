// Writes schemas/threatmodel.schema.json (contributed through yamlValidation) from the zod schema.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threatModelJsonSchemaText } from '../../src/core/model/jsonSchema';

const target = join(__dirname, '..', '..', '..', 'schemas', 'threatmodel.schema.json');
writeFileSync(target, threatModelJsonSchemaText());
console.log(`wrote ${target}`);
