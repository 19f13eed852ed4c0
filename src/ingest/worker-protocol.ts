/**
 * Messages between the main thread and the import worker, and how an error crosses the thread
 * boundary: structured clone keeps only an Error's message, so the worker sends what each error
 * class needs and the main thread rebuilds the same class, with the same message, hint, problems
 * and exit code.
 */
import { BusyError, EXIT, ProblemsError, SpmError, UsageError, type Problem } from '../errors.js';
import { IngestError, type IngestErrorCode } from './ingest-error.js';
import type { FileHeader, ReadFileJob, ReadFileResult } from './read-file.js';
import type { PackedRows } from './row-batch.js';

export type WireError =
  | { kind: 'ingest'; what: string; file: string; hint: string; code: IngestErrorCode; line?: number; column?: number; columnName?: string }
  | { kind: 'spm'; message: string; exitCode: number; hint?: string; problems: Problem[] }
  | { kind: 'other'; name: string; message: string; stack?: string };

export interface ImportWorkerData {
  job: ReadFileJob;
  /** The database's write-ahead log, to sync in the background; none for an in-memory database. */
  walPath?: string;
}

export type WorkerMessage =
  | { type: 'header'; header: FileHeader }
  | { type: 'rows'; rows?: PackedRows; rejects: { problems: Problem[]; fields: string[] }[]; rowsRead: number }
  | { type: 'done'; result: ReadFileResult }
  | { type: 'error'; error: WireError };

export function errorToWire(err: unknown): WireError {
  if (err instanceof IngestError) {
    return { kind: 'ingest', what: err.what, file: err.file, hint: err.hint, code: err.code, line: err.line, column: err.column, columnName: err.columnName };
  }
  if (err instanceof SpmError) return { kind: 'spm', message: err.message, exitCode: err.exitCode, hint: err.hint, problems: err.problems };
  if (err instanceof Error) return { kind: 'other', name: err.name, message: err.message, stack: err.stack };
  return { kind: 'other', name: 'Error', message: String(err) };
}

export function errorFromWire(w: WireError): Error {
  switch (w.kind) {
    case 'ingest':
      return new IngestError(w.what, { file: w.file, hint: w.hint, code: w.code, line: w.line, column: w.column, columnName: w.columnName });
    case 'spm':
      if (w.exitCode === EXIT.problems) return new ProblemsError(w.message, w.problems, w.hint);
      if (w.exitCode === EXIT.busy) return new BusyError(w.message);
      return new UsageError(w.message, w.hint, w.problems);
    case 'other': {
      const e = new Error(w.message);
      e.name = w.name;
      if (w.stack !== undefined) e.stack = w.stack;
      return e;
    }
  }
}
