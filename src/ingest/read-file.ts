/**
 * Reading one import file: find the header row, map the columns, normalise every record and
 * hand the results to a sink: rows to write, rejected records, skipped lines. Values whose
 * meaning depends on a per-file decision (day/month order, decimal mark) are held back until the
 * file decides, then handled in file order. Everything here is plain data in and out, so it runs
 * the same on the main thread or in the import worker (see import-worker.ts).
 */
import type { EntityName } from '../core/entities.js';
import { makeStageLookup, type StageRule } from '../config/stages.js';
import { UsageError, type Problem } from '../errors.js';
import type { DbValue } from '../db/tables.js';
import { openCsvFile } from './csv-file.js';
import { IngestError } from './ingest-error.js';
import { FileEvidence } from './file-evidence.js';
import { duplicatedMappedHeaders, resolveMapping, validateOverrides, type HeaderMapping, type MappingResult } from './header-map.js';
import { normalizeRow, type NormalizeContext } from './normalize-row.js';
import type { ImportRequest } from './run-import.js';
import { SOURCES, type SourceName } from './sources.js';

/**
 * What to read and how: the request's reading options plus what the reader needs of the config.
 * Everything is structured-clonable (it is sent to the import worker).
 */
export type ReadFileJob = Pick<ImportRequest, 'entity' | 'source' | 'overrides' | 'dateFormat' | 'decimalMark' | 'delimiter' | 'encoding' | 'currency' | 'asOf'> & {
  /** Absolute path. */
  path: string;
  /** The file as the user named it, for messages and source_file. */
  label: string;
  baseCurrency: string;
  stages: Record<string, StageRule>;
  fiscalYearStartMonth: number;
};

/** Known once the header row is found, before any row. */
export interface FileHeader {
  encoding: string;
  delimiter: string;
  sizeBytes: number;
  source: SourceName;
  sourceDetected: boolean;
  recognisedColumns: number;
  unmappedColumns: string[];
  currencyNote?: string;
}

export interface ReadFileResult {
  rowsRead: number;
  skipped: Record<string, number>;
  titleRows: number;
  dateOrder: string;
  decimalMark: string;
  sha256: string;
}

export interface FileSink {
  header(header: FileHeader): void;
  /** One normalised row: values in TABLES[entity].columns order. */
  row(values: DbValue[], line: number): void;
  reject(problems: Problem[], fields: string[]): void;
  /** The rows and rejects so far are complete; may wait until the consumer catches up. */
  flush(rowsRead: number): Promise<void>;
}

/**
 * Bytes read (and rows parsed) at a time. Small reads keep few rows alive at once: most die
 * young, which keeps the reading thread's heap, and the process's peak memory, small.
 */
const READ_CHUNK_BYTES = 65_536;
const READ_BATCH_ROWS = 500;
const MAX_HEADER_SEARCH = 20;
const MAX_DEFERRED = 200_000;
/** Rows handled between flushes when held-back rows are retried. */
const RETRY_FLUSH = 2_000;

type HeaderFailure = { result: Extract<MappingResult, { ok: false }>; line: number; headers: string[] };

/** Detached copy of a field (a parsed field may share memory with the whole read chunk). */
const detach = (f: string): string => (' ' + f).slice(1);

export async function readImportFile(job: ReadFileJob, sink: FileSink): Promise<ReadFileResult> {
  const { label } = job;
  const info = await openCsvFile(job.path, { encoding: job.encoding, delimiter: job.delimiter, chunkSize: READ_CHUNK_BYTES, batchSize: READ_BATCH_ROWS });
  const evidence = new FileEvidence(job.dateFormat === 'auto' ? undefined : job.dateFormat, job.decimalMark);
  let ctx: NormalizeContext | undefined;
  let firstFailure: HeaderFailure | undefined;
  let titleRows = 0;
  let rowsRead = 0;
  const skipped: Record<string, number> = {};
  const deferred: { fields: string[]; line: number }[] = [];
  let decidedAt = '';

  const handle = (c: NormalizeContext, fields: string[], line: number, retry: boolean): void => {
    const out = normalizeRow(c, fields, line);
    if (evidence.conflict) {
      throw new UsageError(`${label}: ${evidence.conflict}`, 'pass --date-format MDY or DMY (or fix the file) so every date is read the same way');
    }
    switch (out.kind) {
      case 'skip':
        if (out.reason !== 'blank') skipped[out.reason] = (skipped[out.reason] ?? 0) + 1;
        return;
      case 'defer':
        if (!retry) rowsRead++;
        deferred.push({ fields: retry ? fields : fields.map(detach), line });
        if (deferred.length > MAX_DEFERRED) throw undecidable(label, deferred[0]?.line);
        return;
      case 'reject':
        if (!retry) rowsRead++;
        sink.reject(out.problems, fields);
        return;
      case 'row':
        if (!retry) rowsRead++;
        sink.row(out.values, line);
    }
  };

  const retryDeferred = async (c: NormalizeContext): Promise<void> => {
    const key = `${evidence.order ?? ''}|${evidence.mark ?? ''}`;
    if (deferred.length === 0 || key === decidedAt) return;
    decidedAt = key;
    const pending = deferred.splice(0);
    for (let i = 0; i < pending.length; i++) {
      const d = pending[i];
      if (d) handle(c, d.fields, d.line, true);
      if ((i + 1) % RETRY_FLUSH === 0) await sink.flush(rowsRead);
    }
  };

  for await (const batch of info.records()) {
    const { rows, lines } = batch;
    for (let i = 0; i < rows.length; i++) {
      const fields = rows[i] as string[];
      const line = lines[i] as number;
      if (ctx) {
        handle(ctx, fields, line, false);
        continue;
      }
      if (fields.every((f) => f.trim() === '')) continue;
      const attempt = resolveMapping({ entity: job.entity, headers: fields, source: job.source, overrides: job.overrides });
      if (!attempt.ok) {
        firstFailure ??= { result: attempt, line, headers: fields.map(detach) };
        if (++titleRows > MAX_HEADER_SEARCH) throw headerError(job, firstFailure);
        continue;
      }
      const headers = fields.map(detach);
      ctx = prepareContext(job, headers, line, attempt.mapping, evidence);
      if (!firstFailure) titleRows = 0;
      const noCurrency = !attempt.mapping.columns.has('currency') && ['deals', 'quotas', 'invoices', 'payments'].includes(job.entity);
      sink.header({
        encoding: info.encoding, delimiter: info.delimiter, sizeBytes: info.sizeBytes,
        source: attempt.mapping.source, sourceDetected: attempt.mapping.detected, recognisedColumns: attempt.recognised,
        unmappedColumns: attempt.mapping.unmapped.map((u) => u.header),
        ...(noCurrency
          ? { currencyNote: `no currency column: amounts are ${ctx.defaultCurrency} unless written with a currency code or symbol (${job.currency ? '--currency' : 'baseCurrency'})` }
          : {}),
      });
    }
    if (ctx) await retryDeferred(ctx);
    await sink.flush(rowsRead);
  }
  if (!ctx) {
    if (firstFailure) throw headerError(job, firstFailure);
    throw new IngestError('file has no header row', { file: label, code: 'file-empty', hint: 'export the file again with its column headers' });
  }
  decidedAt = '';
  await retryDeferred(ctx);
  if (deferred.length > 0) throw undecidable(label, deferred[0]?.line);
  if (rowsRead === 0) {
    throw new UsageError(`${label}: the file has a header but no data rows`, 'export again with records, or check the filters of the report');
  }
  await sink.flush(rowsRead);
  return { rowsRead, skipped, titleRows, dateOrder: evidence.describeDateOrder(), decimalMark: evidence.mark ?? '', sha256: info.sha256() };
}

function prepareContext(job: ReadFileJob, headers: string[], line: number, mapping: HeaderMapping, evidence: FileEvidence): NormalizeContext {
  const { label } = job;
  const overrideProblems = validateOverrides(job.entity, job.overrides, headers);
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
    entity: job.entity, file: label, headers, mapping, evidence,
    stages: makeStageLookup(job.stages),
    defaultCurrency: job.currency ?? job.baseCurrency,
    probabilityScale: SOURCES[mapping.source].probabilityScale,
    calendar: { asOf: job.asOf, fiscalYearStartMonth: job.fiscalYearStartMonth },
  };
}

function headerError(job: ReadFileJob, f: HeaderFailure): UsageError {
  const example = f.result.missing.map((m) => `--map ${m}="<column>"`).join(' ');
  return new UsageError(
    `${job.label}:${f.line}: cannot find the ${f.result.missing.join(', ')} column${f.result.missing.length > 1 ? 's' : ''} for ${job.entity} ` +
      `(columns: ${f.headers.slice(0, 30).map((h) => JSON.stringify(h)).join(', ')})`,
    `name the columns with ${example} or import.mappings.${job.entity} in the config; or pass --source if spm picked the wrong export format`,
  );
}

function undecidable(label: string, line: number | undefined): UsageError {
  return new UsageError(
    `${label}:${line ?? '?'}: cannot tell the day/month order of the dates (or the decimal mark of the amounts): every value fits both readings`,
    'pass --date-format MDY (03/04 = March 4) or DMY (03/04 = 3 April); for amounts like 1,234 pass --decimal-mark',
  );
}
