/**
 * What every command needs, resolved once from global flags, the config file and the
 * environment (precedence: defaults < config file < SPM_* env < flags).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config/load.js';
import type { SpmConfig } from '../config/schema.js';
import { isValidIsoDate, todayIso } from '../core/calendar.js';
import { UsageError } from '../errors.js';
import { isColorEnabled, PLAIN_PALETTE, type Palette } from '../render/color-switch.js';
import { loadRenderer } from '../render/load.js';
import { resolveFormat, type OutputFormat, type Report } from '../render/report.js';

export interface GlobalFlags {
  db?: string;
  config?: string;
  format?: string;
  output?: string;
  quiet?: boolean;
  debug?: boolean;
  bom?: boolean;
  asOf?: string;
  force?: boolean;
}

export interface CommandContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  config: SpmConfig;
  configPath?: string;
  dbPath: string;
  asOf: string;
  now: () => Date;
  flags: GlobalFlags;
  version: string;
  /** Warnings and progress: stderr, silenced by --quiet. */
  log: Logger;
  /** Writes a report to stdout or the -o file in the resolved format. */
  emit(report: Report): void;
}

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  isTTY: boolean;
  quiet: boolean;
  palette: Palette;
}

export function spmVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** The palette for stderr; the colour library is loaded only when colour is on. */
export async function stderrPalette(env: NodeJS.ProcessEnv): Promise<Palette> {
  if (!isColorEnabled({ env, isTTY: process.stderr.isTTY === true })) return PLAIN_PALETTE;
  const { createPalette } = await import('../render/color.js');
  return createPalette(true);
}

export function makeLogger(env: NodeJS.ProcessEnv, quiet: boolean, palette: Palette): Logger {
  const isTTY = process.stderr.isTTY === true;
  return {
    isTTY,
    quiet,
    palette,
    info: (msg) => {
      if (!quiet) process.stderr.write(`${msg}\n`);
    },
    warn: (msg) => {
      if (!quiet) process.stderr.write(`${palette.yellow('warning:')} ${msg}\n`);
    },
  };
}

export function parseAsOf(value: string | undefined, now: Date): string {
  if (value === undefined) return todayIso(now);
  if (!isValidIsoDate(value)) throw new UsageError(`--as-of ${value} is not a date`, 'write it as YYYY-MM-DD, e.g. --as-of 2026-03-31');
  return value;
}

export async function buildContext(flags: GlobalFlags, cwd = process.cwd(), env = process.env): Promise<CommandContext> {
  const { config, path } = await loadConfig({ cwd, configPath: flags.config, env });
  const now = (): Date => new Date();
  const dbPath = resolve(cwd, flags.db ?? env['SPM_DB'] ?? config.db ?? 'spm.db');
  const log = makeLogger(env, flags.quiet === true, await stderrPalette(env));
  const format: OutputFormat = (() => {
    try {
      return resolveFormat({ format: flags.format, output: flags.output, isTTY: process.stdout.isTTY === true && flags.output === undefined });
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
  })();
  const renderer = await loadRenderer(format);
  const generatedAt = now().toISOString();
  return {
    cwd,
    env,
    config,
    configPath: path,
    dbPath,
    asOf: parseAsOf(flags.asOf, now()),
    now,
    flags,
    version: spmVersion(),
    log,
    emit(report) {
      const toFile = flags.output !== undefined;
      const color = !toFile && format === 'table' && isColorEnabled({ env, isTTY: process.stdout.isTTY === true });
      const text = renderer(report, { color, bom: flags.bom, generatedAt });
      // Warnings always reach stderr (JSON and HTML also carry them in the document).
      for (const w of report.warnings) log.warn(w);
      if (toFile) {
        const out = resolve(cwd, flags.output as string);
        writeFileSync(out, text, { mode: 0o600 });
      } else process.stdout.write(text);
    },
  };
}
