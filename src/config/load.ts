/**
 * Loads the configuration with explicit precedence:
 * built-in defaults < config file < SPM_* environment < command-line flags.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError, type Problem } from '../errors.js';
import { configSchema, type SpmConfig } from './schema.js';

export interface LoadConfigOptions {
  cwd: string;
  configPath?: string;
  env: NodeJS.ProcessEnv;
}

export interface LoadedConfig {
  config: SpmConfig;
  /** The file read, when one was. */
  path?: string;
}

export const DEFAULT_CONFIG_FILE = 'spm.config.json';

export function loadConfig(opts: LoadConfigOptions): LoadedConfig {
  const explicit = opts.configPath ?? opts.env['SPM_CONFIG'];
  const path = resolve(opts.cwd, explicit ?? DEFAULT_CONFIG_FILE);
  let raw: unknown = {};
  let found: string | undefined;
  if (existsSync(path)) {
    found = path;
    const text = readFileSync(path, 'utf8');
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new UsageError(
        `${path}: not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
        'fix the JSON syntax (a trailing comma or a missing quote is the usual cause)',
      );
    }
  } else if (explicit !== undefined) {
    throw new UsageError(`config file not found: ${path}`, 'check the --config path, or run `spm init` to create one');
  }
  const merged = applyEnv(raw, opts.env);
  return { config: parseConfig(merged, found ?? 'config'), path: found };
}

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

function applyEnv(raw: unknown, env: NodeJS.ProcessEnv): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const out: Record<string, unknown> = { ...raw };
  if (env['SPM_DB']) out['db'] = env['SPM_DB'];
  if (env['SPM_BASE_CURRENCY']) out['baseCurrency'] = env['SPM_BASE_CURRENCY'];
  const fy = env['SPM_FISCAL_YEAR_START_MONTH'];
  if (fy) out['fiscalYearStartMonth'] = Number(fy);
  const busy = env['SPM_BUSY_TIMEOUT_MS'];
  if (busy) out['busyTimeoutMs'] = Number(busy);
  return out;
}
