/**
 * `spm import`: streams each file through header mapping and row normalisation into the
 * database, all files in ONE `BEGIN IMMEDIATE` transaction with their import-log rows.
 * All-or-nothing by default: one rejected row rolls everything back (rejects are still
 * reported and written to --rejects); --allow-partial commits the good rows; --dry-run always
 * rolls back.
 */
import { basename, resolve } from 'node:path';
import type { EntityName } from '../core/entities.js';
import type { SpmConfig } from '../config/schema.js';
import { makeStageLookup } from '../config/stages.js';
import { UsageError, type Problem } from '../errors.js';
import type { Db } from '../db/open.js';
import { translateSqliteError } from '../db/open.js';
import { EntityWriter } from '../db/entity-writer.js';
import { finishImportLog, startImportLog } from '../db/import-log.js';
import { reresolveReferences } from '../db/rep-resolver.js';
import { openCsvFile, type CsvEncodingOption } from './csv-file.js';
import { IngestError } from './ingest-error.js';
import { FileEvidence } from './file-evidence.js';
import { duplicatedMappedHeaders, resolveMapping, validateOverrides, type HeaderMapping, type MappingResult } from './header-map.js';
import { normalizeRow, type NormalizeContext } from './normalize-row.js';
import type { DateOrder } from './parse-date.js';
import { RejectsFile } from './rejects-file.js';
import { SOURCES, type SourceName } from './sources.js';

export interface ImportRequest {
  db: Db;
  dbPath: string;
  entity: EntityName;
  files: string[];
  cwd: string;
  source: SourceName | 'auto';
  /** field → header: config mappings merged with --map (flags win) */
  overrides: Record<string, string>;
  dateFormat: 'auto' | DateOrder;
  decimalMark?: '.' | ',';
  delimiter?: string;
  encoding?: CsvEncodingOption;
  currency?: string;
  asOf: string;
  dryRun: boolean;
  allowPartial: boolean;
  rejectsPath?: string;
  config: SpmConfig;
  version: string;
  now: () => Date;
  onProgress?: (file: string, rows: number) => void;
}

export interface FileReport {
  file: string;
  source: SourceName;
  sourceDetected: boolean;
  recognisedColumns: number;
  unmappedColumns: string[];
  encoding: string;
  delimiter: string;
  dateOrder: string;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  rejected: number;
  skipped: Record<string, number>;
  titleRows: number;
  unresolvedRefs: [string, number][];
  currencyNote?: string;
}

export interface ImportResult {
  files: FileReport[];
  committed: boolean;
  dryRun: boolean;
  problems: Problem[];
  problemCount: number;
  rejectedRows: number;
  rejectsPath?: string;
  repsReresolved: number;
}

const MAX_HEADER_SEARCH = 20;
const MAX_DEFERRED = 200_000;
const MAX_PROBLEMS_KEPT = 1000;

export async function runImport(req: ImportRequest): Promise<ImportResult> {
  const rejects = req.rejectsPath ? new RejectsFile(resolve(req.cwd, req.rejectsPath)) : undefined;
  const state = { problems: [] as Problem[], problemCount: 0, rejectedRows: 0 };
  const files: FileReport[] = [];
  const { db } = req;
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (err) {
    throw translateSqliteError(err, req.dbPath);
  }
  let committed = false;
  let repsReresolved = 0;
  try {
    for (const file of req.files) files.push(await importOne(req, file, state, rejects));
    const blocked = state.rejectedRows > 0 && !req.allowPartial;
    if (req.entity === 'reps' && !blocked) repsReresolved = reresolveReferences(db);
    if (req.dryRun || blocked) db.exec('ROLLBACK');
    else {
      db.exec('COMMIT');
      committed = true;
    }
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw translateSqliteError(err, req.dbPath);
  } finally {
    rejects?.close();
  }
  return {
    files,
    committed,
    dryRun: req.dryRun,
    problems: state.problems,
    problemCount: state.problemCount,
    rejectedRows: state.rejectedRows,
    rejectsPath: rejects && rejects.count > 0 ? rejects.path : undefined,
    repsReresolved,
  };
}

interface SharedState {
  problems: Problem[];
  problemCount: number;
  rejectedRows: number;
}

async function importOne(req: ImportRequest, file: string, state: SharedState, rejects: RejectsFile | undefined): Promise<FileReport> {
  const path = resolve(req.cwd, file);
  const label = file;
  const info = await openCsvFile(path, { encoding: req.encoding, delimiter: req.delimiter });
  const evidence = new FileEvidence(req.dateFormat === 'auto' ? undefined : req.dateFormat, req.decimalMark);
  let ctx: NormalizeContext | undefined;
  let writer: EntityWriter | undefined;
  let importId = 0;
  let firstFailure: { result: Extract<MappingResult, { ok: false }>; line: number; headers: string[] } | undefined;
  let recognised = 0;
  const report: FileReport = {
    file: label, source: 'generic', sourceDetected: false, recognisedColumns: 0, unmappedColumns: [],
    encoding: info.encoding, delimiter: info.delimiter, dateOrder: '', rowsRead: 0, inserted: 0, updated: 0,
    unchanged: 0, duplicates: 0, rejected: 0, skipped: {}, titleRows: 0, unresolvedRefs: [],
  };
  const deferred: { fields: string[]; line: number }[] = [];
  let decidedAt = '';

  const reject = (problems: Problem[], fields: string[]): void => {
    report.rejected++;
    state.rejectedRows++;
    state.problemCount += problems.length;
    for (const p of problems) if (state.problems.length < MAX_PROBLEMS_KEPT) state.problems.push(p);
    rejects?.add(problems, fields);
  };

  const handle = (fields: string[], line: number, retry: boolean): void => {
    if (!ctx || !writer) return;
    const out = normalizeRow(ctx, fields, line);
    if (evidence.conflict) {
      throw new UsageError(`${label}: ${evidence.conflict}`, 'pass --date-format MDY or DMY (or fix the file) so every date is read the same way');
    }
    switch (out.kind) {
      case 'skip':
        if (out.reason !== 'blank') report.skipped[out.reason] = (report.skipped[out.reason] ?? 0) + 1;
        return;
      case 'defer':
        if (!retry) report.rowsRead++;
        deferred.push({ fields: retry ? fields : fields.map((f) => (' ' + f).slice(1)), line });
        if (deferred.length > MAX_DEFERRED) throw undecidable(label, deferred[0]?.line);
        return;
      case 'reject':
        if (!retry) report.rowsRead++;
        reject(out.problems, fields);
        return;
      case 'row':
        if (!retry) report.rowsRead++;
        writer.add(out.values, label, line);
    }
  };

  const retryDeferred = (): void => {
    const key = `${evidence.order ?? ''}|${evidence.mark ?? ''}`;
    if (deferred.length === 0 || key === decidedAt) return;
    decidedAt = key;
    const pending = deferred.splice(0);
    for (const d of pending) handle(d.fields, d.line, true);
  };

  for await (const batch of info.records()) {
    const { rows, lines } = batch;
    for (let i = 0; i < rows.length; i++) {
      const fields = rows[i] as string[];
      const line = lines[i] as number;
      if (ctx) {
        handle(fields, line, false);
        continue;
      }
      if (fields.every((f) => f.trim() === '')) continue;
      const attempt = resolveMapping({ entity: req.entity, headers: fields, source: req.source, overrides: req.overrides });
      if (!attempt.ok) {
        firstFailure ??= { result: attempt, line, headers: fields.map((f) => (' ' + f).slice(1)) };
        if (++report.titleRows > MAX_HEADER_SEARCH) throw headerError(label, req, firstFailure);
        continue;
      }
      const headers = fields.map((f) => (' ' + f).slice(1));
      const setup = prepareFile(req, label, headers, line, attempt.mapping, evidence);
      ctx = setup;
      recognised = attempt.recognised;
      report.titleRows = firstFailure ? report.titleRows : 0;
      report.source = attempt.mapping.source;
      report.sourceDetected = attempt.mapping.detected;
      report.unmappedColumns = attempt.mapping.unmapped.map((u) => u.header);
      if (!attempt.mapping.columns.has('currency') && ['deals', 'quotas', 'invoices', 'payments'].includes(req.entity)) {
        report.currencyNote = `no currency column: amounts are ${ctx.defaultCurrency} unless written with a currency code or symbol (${req.currency ? '--currency' : 'baseCurrency'})`;
      }
      importId = startImportLog(req.db, {
        entity: req.entity, fileName: basename(path), filePath: path, sha256: '', sizeBytes: info.sizeBytes,
        sourceFormat: attempt.mapping.source, encoding: info.encoding, delimiter: info.delimiter,
        options: { source: req.source, map: req.overrides, dateFormat: req.dateFormat, currency: req.currency ?? null, allowPartial: req.allowPartial },
        asOf: req.asOf, startedAt: req.now().toISOString(), spmVersion: req.version,
      });
      writer = new EntityWriter({ db: req.db, entity: req.entity, importId, asOf: req.asOf });
    }
    retryDeferred();
    req.onProgress?.(label, report.rowsRead);
  }
  if (!ctx || !writer) {
    if (firstFailure) throw headerError(label, req, firstFailure);
    throw new IngestError('file has no header row', { file: label, code: 'file-empty', hint: 'export the file again with its column headers' });
  }
  decidedAt = '';
  retryDeferred();
  if (deferred.length > 0) throw undecidable(label, deferred[0]?.line);
  if (report.rowsRead === 0) {
    throw new UsageError(`${label}: the file has a header but no data rows`, 'export again with records, or check the filters of the report');
  }
  const counts = writer.finish();
  report.inserted = counts.inserted;
  report.updated = counts.updated;
  report.unchanged = counts.unchanged;
  report.duplicates = counts.duplicates;
  for (const c of counts.conflicts) {
    reject([{
      file: label, line: c.line, code: 'duplicate-key',
      message: `the same ${TABLE_KEY[req.entity]} appears on line ${c.firstLine} with different values`,
      hint: 'an export should hold each record once; remove one of the rows',
    }], c.values.map((v) => (v === null ? '' : String(v))));
  }
  report.recognisedColumns = recognised;
  report.dateOrder = evidence.describeDateOrder();
  report.unresolvedRefs = [...writer.unresolved.entries()].sort((a, b) => b[1] - a[1]);
  finishImportLog(req.db, importId, {
    rowsRead: report.rowsRead, inserted: report.inserted, updated: report.updated, unchanged: report.unchanged,
    duplicates: report.duplicates, rejected: report.rejected,
    skipped: Object.values(report.skipped).reduce((a, b) => a + b, 0),
    dateFormat: report.dateOrder, decimalMark: evidence.mark ?? '', sha256: info.sha256(), finishedAt: req.now().toISOString(),
  });
  return report;
}

const TABLE_KEY: Record<EntityName, string> = {
  reps: 'rep_id', deals: 'deal_id', splits: 'deal, rep and role', quotas: 'rep, measure and period',
  leads: 'lead_id', invoices: 'invoice_id', payments: 'payment_id', 'fx-rates': 'currency and date',
};

function prepareFile(req: ImportRequest, label: string, headers: string[], line: number, mapping: HeaderMapping, evidence: FileEvidence): NormalizeContext {
  const overrideProblems = validateOverrides(req.entity, req.overrides, headers);
  if (overrideProblems.length > 0) {
    throw new UsageError(`${label}:${line}: ${overrideProblems.join('; ')}`, `columns in the file: ${headers.map((h) => JSON.stringify(h)).join(', ')}`);
  }
  const dups = duplicatedMappedHeaders(mapping, headers);
  if (dups.length > 0) {
    const i = headers.findIndex((h) => h.trim().toLowerCase() === (dups[0] ?? '').trim().toLowerCase());
    throw new IngestError(`duplicate column header "${dups[0] ?? ''}": spm cannot tell which one holds the data`, {
      file: label, line, column: i + 1, code: 'bad-option',
      hint: 'rename or remove one of the columns, or re-export the report without the repeated column',
    });
  }
  return {
    entity: req.entity, file: label, headers, mapping, evidence,
    stages: makeStageLookup(req.config.stages),
    defaultCurrency: req.currency ?? req.config.baseCurrency,
    probabilityScale: SOURCES[mapping.source].probabilityScale,
    calendar: { asOf: req.asOf, fiscalYearStartMonth: req.config.fiscalYearStartMonth },
  };
}

function headerError(label: string, req: ImportRequest, f: { result: Extract<MappingResult, { ok: false }>; line: number; headers: string[] }): UsageError {
  const example = f.result.missing.map((m) => `--map ${m}="<column>"`).join(' ');
  return new UsageError(
    `${label}:${f.line}: cannot find the ${f.result.missing.join(', ')} column${f.result.missing.length > 1 ? 's' : ''} for ${req.entity} ` +
      `(columns: ${f.headers.slice(0, 30).map((h) => JSON.stringify(h)).join(', ')})`,
    `name the columns with ${example} or import.mappings.${req.entity} in the config; or pass --source if spm picked the wrong export format`,
  );
}

function undecidable(label: string, line: number | undefined): UsageError {
  return new UsageError(
    `${label}:${line ?? '?'}: cannot tell the day/month order of the dates (or the decimal mark of the amounts): every value fits both readings`,
    'pass --date-format MDY (03/04 = March 4) or DMY (03/04 = 3 April); for amounts like 1,234 pass --decimal-mark',
  );
}
