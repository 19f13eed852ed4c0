/** Validating a raw configuration value against the schema; problems carry their JSON path. */
import { UsageError, type Problem } from '../errors.js';
import { configSchema, type SpmConfig } from './schema.js';

export function parseConfig(raw: unknown, label: string): SpmConfig {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems: Problem[] = result.error.issues.map((issue) => ({
    file: label,
    code: 'config',
    message: `${jsonPath(issue.path)}: ${issue.message}`,
    hint: 'see spm.config.schema.json or the README "Configuration" section',
  }));
  throw new UsageError(
    `invalid configuration in ${label}:\n${problems.map((p) => `  ${p.message}`).join('\n')}`,
    'see spm.config.schema.json or the README "Configuration" section',
    problems,
  );
}

function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
  return out;
}
