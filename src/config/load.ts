/**
 * Loads the configuration with explicit precedence:
 * built-in defaults < config file < SPM_* environment < command-line flags.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { defaultConfig } from './defaults.js';
import { quickParseConfig } from './quick-parse.js';
import type { SpmConfig } from './schema.js';

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

export async function loadConfig(opts: LoadConfigOptions): Promise<LoadedConfig> {
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
  if (found === undefined && Object.keys(merged as object).length === 0) return { config: defaultConfig() };
  // A valid config is read without the schema library; anything else goes to the schema, which words the problems.
  const quick = quickParseConfig(merged);
  if (quick !== undefined) return { config: quick, path: found };
  const { parseConfig } = await import('./parse.js');
  return { config: parseConfig(merged, found ?? 'config'), path: found };
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
