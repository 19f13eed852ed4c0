/** `spm import <entity> <file...>`: options → runImport → a per-file summary report. */
import type { CommandContext } from '../cli/context.js';
import { isEntityName, ENTITY_NAMES } from '../core/entities.js';
import { normalizeCurrency } from '../core/currency.js';
import { openDb, openMemoryDb } from '../db/open.js';
import { existsSync } from 'node:fs';
import { ProblemsError, UsageError } from '../errors.js';
import { runImport, type ImportResult } from '../ingest/run-import.js';
import { isSourceName } from '../ingest/sources.js';
import type { CsvEncodingOption } from '../ingest/csv-file.js';
import type { Report } from '../render/index.js';

interface ImportFlags {
  source?: string;
  map?: string[];
  dateFormat?: string;
  decimalMark?: string;
  delimiter?: string;
  encoding?: string;
  currency?: string;
  dryRun?: boolean;
  allowPartial?: boolean;
  rejects?: string;
}

export function parseMaps(maps: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of maps) {
    const eq = m.indexOf('=');
    if (eq <= 0 || eq === m.length - 1) throw new UsageError(`--map ${m}: expected field=Header`, 'e.g. --map deal_id="Opportunity ID"');
    out[m.slice(0, eq).trim()] = m.slice(eq + 1);
  }
  return out;
}

export async function runImportCommand(ctx: CommandContext, entity: string, files: string[], raw: Record<string, unknown>): Promise<void> {
  const flags = raw as ImportFlags;
  if (!isEntityName(entity)) {
    throw new UsageError(`unknown entity "${entity}"`, `use one of: ${ENTITY_NAMES.join(', ')}`);
  }
  const source = flags.source ?? 'auto';
  if (source !== 'auto' && !isSourceName(source)) throw new UsageError(`unknown source "${source}"`);
  let currency: string | undefined;
  if (flags.currency !== undefined) {
    try {
      currency = normalizeCurrency(flags.currency);
    } catch {
      throw new UsageError(`--currency ${flags.currency} is not an ISO 4217 code`, 'use a code such as USD, EUR, GBP');
    }
  }
  const delimiter = flags.delimiter === 'tab' || flags.delimiter === '\\t' ? '\t' : flags.delimiter;
  if (delimiter !== undefined && delimiter.length !== 1) throw new UsageError(`--delimiter must be one character (or "tab"), got "${delimiter}"`);
  const dateFormat = (flags.dateFormat ?? ctx.config.import.dateFormat) as 'auto' | 'MDY' | 'DMY' | 'YMD';
  const overrides = { ...(ctx.config.import.mappings[entity] ?? {}), ...parseMaps(flags.map ?? []) };
  const dryRun = flags.dryRun === true;
  const db = dryRun && !existsSync(ctx.dbPath) ? openMemoryDb() : openDb({ path: ctx.dbPath, busyTimeoutMs: ctx.config.busyTimeoutMs });
  let result: ImportResult;
  const progress = ctx.log.isTTY && !ctx.log.quiet ? await spinner() : undefined;
  try {
    result = await runImport({
      db, dbPath: ctx.dbPath, entity, files, cwd: ctx.cwd, source: source as 'auto', overrides, dateFormat,
      decimalMark: flags.decimalMark as '.' | ',' | undefined, delimiter, encoding: flags.encoding as CsvEncodingOption | undefined,
      currency, asOf: ctx.asOf, dryRun, allowPartial: flags.allowPartial === true, rejectsPath: flags.rejects,
      config: ctx.config, version: ctx.version, now: ctx.now,
      onProgress: progress ? (file, rows) => progress.update(`importing ${file}: ${rows.toLocaleString('en-US')} rows`) : undefined,
    });
  } finally {
    progress?.stop();
    db.close();
  }
  describe(ctx, entity, result);
  ctx.emit(importReport(entity, result, ctx.dbPath));
  if (result.rejectedRows > 0) {
    const what = result.committed
      ? `${result.rejectedRows} row(s) rejected; the other rows were imported (--allow-partial)`
      : `${result.rejectedRows} row(s) rejected; nothing was imported`;
    throw new ProblemsError(what, result.problems, result.rejectsPath
      ? `see ${result.rejectsPath} for every rejected row; fix them and import again${result.committed ? '' : ', or pass --allow-partial to import the good rows'}`
      : `fix the rows and import again; --rejects rejects.csv lists them all${result.committed ? '' : '; --allow-partial imports the good rows'}`);
  }
}

function describe(ctx: CommandContext, entity: string, r: ImportResult): void {
  for (const f of r.files) {
    const how = f.sourceDetected ? 'detected' : 'forced';
    ctx.log.info(`${f.file}: ${entity} from ${f.source} (${how}; ${f.recognisedColumns} columns recognised), ${f.encoding}, delimiter ${JSON.stringify(f.delimiter)}, dates ${f.dateOrder}`);
    if (f.titleRows > 0) ctx.log.info(`  skipped ${f.titleRows} title line(s) before the header`);
    for (const [reason, n] of Object.entries(f.skipped)) ctx.log.info(`  skipped ${n} ${reason}`);
    if (f.currencyNote) ctx.log.info(`  ${f.currencyNote}`);
    if (f.unmappedColumns.length > 0) ctx.log.info(`  kept as custom fields: ${f.unmappedColumns.slice(0, 12).join(', ')}${f.unmappedColumns.length > 12 ? ', …' : ''}`);
    if (f.unresolvedRefs.length > 0) {
      const total = f.unresolvedRefs.reduce((a, [, n]) => a + n, 0);
      const top = f.unresolvedRefs.slice(0, 5).map(([ref, n]) => `"${ref}" (${n})`).join(', ');
      ctx.log.warn(`${f.file}: ${total} row(s) name an owner/rep that matches no rep: ${top}${f.unresolvedRefs.length > 5 ? ', …' : ''} — kept, unresolved; import reps to resolve them`);
    }
  }
  if (r.repsReresolved > 0) ctx.log.info(`resolved rep references on ${r.repsReresolved} existing row(s)`);
  if (r.dryRun) ctx.log.info('dry run: nothing was written');
}

function importReport(entity: string, r: ImportResult, dbPath: string): Report {
  return {
    command: 'import',
    title: r.dryRun ? `Import of ${entity} (dry run — nothing written)` : `Import of ${entity} into ${dbPath}`,
    params: { entity, dry_run: r.dryRun, committed: r.committed },
    columns: [
      { key: 'file', label: 'File', type: 'text' },
      { key: 'source', label: 'Source', type: 'text' },
      { key: 'rows', label: 'Rows', type: 'int' },
      { key: 'inserted', label: 'Inserted', type: 'int' },
      { key: 'updated', label: 'Updated', type: 'int' },
      { key: 'unchanged', label: 'Unchanged', type: 'int' },
      { key: 'duplicates', label: 'Duplicates', type: 'int' },
      { key: 'rejected', label: 'Rejected', type: 'int' },
      { key: 'skipped', label: 'Skipped', type: 'int' },
    ],
    rows: r.files.map((f) => ({
      file: f.file, source: f.source, rows: f.rowsRead, inserted: f.inserted, updated: f.updated, unchanged: f.unchanged,
      duplicates: f.duplicates, rejected: f.rejected, skipped: Object.values(f.skipped).reduce((a, b) => a + b, 0),
    })),
    warnings: [],
  };
}

async function spinner(): Promise<{ update(text: string): void; stop(): void }> {
  const { default: ora } = await import('ora');
  const s = ora({ stream: process.stderr, text: 'importing' }).start();
  let last = 0;
  return {
    update(text) {
      const t = Date.now();
      if (t - last > 100) {
        s.text = text;
        last = t;
      }
    },
    stop: () => s.stop(),
  };
}
