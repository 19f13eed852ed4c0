/**
 * `spm import`: streams each file through header mapping and row normalisation into the
 * database, all files in ONE `BEGIN IMMEDIATE` transaction with their import-log rows.
 * All-or-nothing by default: one rejected row rolls everything back (rejects are still
 * reported and written to --rejects); --allow-partial commits the good rows; --dry-run always
 * rolls back.
 *
 * A large file is read, parsed and normalised by the import worker (a worker thread) while this
 * thread writes the batches it has already sent; a small one is read on this thread, where
 * starting a thread would cost more than it saves. Both run the same reader (read-file.ts).
 */
import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EntityName } from '../core/entities.js';
import type { SpmConfig } from '../config/schema.js';
import type { Problem } from '../errors.js';
import type { Db } from '../db/open.js';
import { translateSqliteError } from '../db/open.js';
import { EntityWriter, type RowBatch } from '../db/entity-writer.js';
import { nextImportId, writeImportLog, type ImportLogStart } from '../db/import-log.js';
import { reresolveReferences } from '../db/rep-resolver.js';
import { TABLES } from '../db/tables.js';
import type { CsvEncodingOption } from './csv-file.js';
import type { DateOrder } from './parse-date.js';
import { readImportFile, type FileHeader, type ReadFileJob, type ReadFileResult } from './read-file.js';
import { RejectsFile } from './rejects-file.js';
import { RowCollector, RowUnpacker } from './row-batch.js';
import type { SourceName } from './sources.js';
import { WalFlusher } from './wal-flusher.js';
import { errorFromWire, type ImportWorkerData, type WorkerMessage } from './worker-protocol.js';

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

const MAX_PROBLEMS_KEPT = 1000;
/** Files from this size on are read by the import worker. */
export const WORKER_MIN_BYTES = 4 * 1024 * 1024;
/**
 * Young-generation heap of the import worker (V8's default is larger). Measured on the 1M-row
 * import: 2 MB promoted so much short-lived garbage that the old generation grew (peak RSS
 * 131 MB, and the most GC time); 8 MB gave 111 MB and the least CPU; 16 MB 118 MB.
 */
const WORKER_YOUNG_HEAP_MB = 8;
/** Rows unpacked and written at a time. */
const UNPACK_ROWS = 128;
/** The compiled worker; absent when running from the TypeScript sources (tests), which read inline. */
const WORKER_URL = import.meta.url.endsWith('.js') ? new URL('./import-worker.js', import.meta.url) : undefined;
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

interface PendingLog {
  importId: number;
  start: ImportLogStart;
}

/** The main thread's side of reading a file: what it does with each thing the reader finds. */
interface FileConsumer {
  header(header: FileHeader): void;
  rows(batch: RowBatch): void;
  reject(problems: Problem[], fields: string[]): void;
  progress(rowsRead: number): void;
}

async function importOne(req: ImportRequest, file: string, state: SharedState, rejects: RejectsFile | undefined): Promise<FileReport> {
  const path = resolve(req.cwd, file);
  const label = file;
  const job: ReadFileJob = {
    path, label, entity: req.entity, source: req.source, overrides: req.overrides, dateFormat: req.dateFormat,
    decimalMark: req.decimalMark, delimiter: req.delimiter, encoding: req.encoding, currency: req.currency,
    baseCurrency: req.config.baseCurrency, stages: req.config.stages, fiscalYearStartMonth: req.config.fiscalYearStartMonth, asOf: req.asOf,
  };
  const report: FileReport = {
    file: label, source: 'generic', sourceDetected: false, recognisedColumns: 0, unmappedColumns: [],
    encoding: '', delimiter: '', dateOrder: '', rowsRead: 0, inserted: 0, updated: 0,
    unchanged: 0, duplicates: 0, rejected: 0, skipped: {}, titleRows: 0, unresolvedRefs: [],
  };
  let writer: EntityWriter | undefined;
  /** The file's import_log row, written once the file is done; known from its header on. */
  let log: PendingLog | undefined;

  const reject = (problems: Problem[], fields: string[]): void => {
    report.rejected++;
    state.rejectedRows++;
    state.problemCount += problems.length;
    for (const p of problems) if (state.problems.length < MAX_PROBLEMS_KEPT) state.problems.push(p);
    rejects?.add(problems, fields);
  };

  const consumer: FileConsumer = {
    header(h) {
      report.source = h.source;
      report.sourceDetected = h.sourceDetected;
      report.recognisedColumns = h.recognisedColumns;
      report.unmappedColumns = h.unmappedColumns;
      report.encoding = h.encoding;
      report.delimiter = h.delimiter;
      if (h.currencyNote !== undefined) report.currencyNote = h.currencyNote;
      const importId = nextImportId(req.db);
      log = { importId, start: {
        entity: req.entity, fileName: basename(path), filePath: path, sizeBytes: h.sizeBytes,
        sourceFormat: h.source, encoding: h.encoding, delimiter: h.delimiter,
        options: { source: req.source, map: req.overrides, dateFormat: req.dateFormat, currency: req.currency ?? null, allowPartial: req.allowPartial },
        asOf: req.asOf, startedAt: req.now().toISOString(), spmVersion: req.version,
      } };
      writer = new EntityWriter({ db: req.db, entity: req.entity, importId, asOf: req.asOf, file: label });
    },
    rows(batch) {
      if (!writer) throw new Error(`${label}: rows arrived before the header`);
      writer.addRows(batch);
    },
    reject,
    progress: (rowsRead) => req.onProgress?.(label, rowsRead),
  };

  const inWorker = WORKER_URL !== undefined && fileSize(path) >= WORKER_MIN_BYTES;
  const walPath = req.db.memory ? undefined : `${req.db.name}-wal`;
  const { result: read, stop } = inWorker ? await readInWorker(WORKER_URL, { job, walPath }, consumer) : { result: await readInline(job, consumer), stop: () => undefined };
  try {
    return finishFile(req, label, path, report, read, writer, log, reject);
  } finally {
    stop();
  }
}

function finishFile(
  req: ImportRequest, label: string, path: string, report: FileReport, read: ReadFileResult,
  writer: EntityWriter | undefined, log: PendingLog | undefined,
  reject: (problems: Problem[], fields: string[]) => void,
): FileReport {
  if (!writer || !log) throw new Error(`${label}: the file was read without a header`);
  report.rowsRead = read.rowsRead;
  report.skipped = read.skipped;
  report.titleRows = read.titleRows;
  report.dateOrder = read.dateOrder;
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
  report.unresolvedRefs = [...writer.unresolved.entries()].sort((a, b) => b[1] - a[1]);
  writeImportLog(req.db, log.importId, log.start, {
    rowsRead: report.rowsRead, inserted: report.inserted, updated: report.updated, unchanged: report.unchanged,
    duplicates: report.duplicates, rejected: report.rejected,
    skipped: Object.values(report.skipped).reduce((a, b) => a + b, 0),
    dateFormat: report.dateOrder, decimalMark: read.decimalMark, sha256: read.sha256, finishedAt: req.now().toISOString(),
  });
  return report;
}

const TABLE_KEY: Record<EntityName, string> = {
  reps: 'rep_id', deals: 'deal_id', splits: 'deal, rep and role', quotas: 'rep, measure and period',
  leads: 'lead_id', invoices: 'invoice_id', payments: 'payment_id', 'fx-rates': 'currency and date',
};

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // the reader reports an unreadable file
  }
}

async function readInline(job: ReadFileJob, consumer: FileConsumer): Promise<ReadFileResult> {
  const rows = new RowCollector(TABLES[job.entity].columns.length);
  return readImportFile(job, {
    header: (h) => consumer.header(h),
    row: (values, line) => rows.push(values, line),
    reject: (problems, fields) => consumer.reject(problems, fields),
    flush: (rowsRead) => {
      if (rows.count > 0) consumer.rows(rows.take());
      consumer.progress(rowsRead);
      return Promise.resolve();
    },
  });
}

/**
 * Reads the file in the import worker. Each message is handled as it arrives (rows written,
 * rejects recorded) and acknowledged, which lets the worker send more; the first error, on
 * either side, ends the worker and rejects.
 */
function readInWorker(url: URL, data: ImportWorkerData, consumer: FileConsumer): Promise<{ result: ReadFileResult; stop: () => void }> {
  return new Promise((resolvePromise, rejectPromise) => {
    const worker = new Worker(url, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_HEAP_MB } });
    const unpacker = new RowUnpacker(TABLES[data.job.entity].columns.length);
    let settled = false;
    const stop = (): void => void worker.terminate();
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      stop();
      rejectPromise(err);
    };
    worker.on('message', (m: WorkerMessage) => {
      if (settled) return;
      try {
        switch (m.type) {
          case 'header':
            consumer.header(m.header);
            return;
          case 'rows':
            if (m.rows) {
              // In parts: fewer values alive at a time keep this thread's young heap small.
              for (let r = 0; r < m.rows.count; r += UNPACK_ROWS) consumer.rows(unpacker.unpack(m.rows, r, Math.min(m.rows.count, r + UNPACK_ROWS)));
            }
            for (const r of m.rejects) consumer.reject(r.problems, r.fields);
            consumer.progress(m.rowsRead);
            worker.postMessage(0);
            return;
          case 'done': {
            // The worker's part is over: it ends now, so its memory is given back before the
            // index builds. One more sync of the WAL runs in the background meanwhile (on the
            // thread pool, so it goes on while this thread is busy in SQLite).
            settled = true;
            stop();
            const flusher = data.walPath === undefined ? undefined : new WalFlusher(data.walPath);
            flusher?.kick();
            resolvePromise({ result: m.result, stop: () => flusher?.close() });
            return;
          }
          case 'error':
            fail(errorFromWire(m.error));
        }
      } catch (err) {
        fail(err);
      }
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the import worker stopped unexpectedly (exit code ${code})`)));
  });
}
