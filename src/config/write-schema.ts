/** Writes spm.config.schema.json from the config schema (npm run schema). */
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from './schema.js';

export function configSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  writeFileSync(new URL('../../spm.config.schema.json', import.meta.url), configSchemaText());
}
