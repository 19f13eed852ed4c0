/** The import_log table: one row per imported file, written in the same transaction as its data. */
import type { Db } from './open.js';

export interface ImportLogStart {
  entity: string;
  fileName: string;
  filePath: string;
  sizeBytes: number;
  sourceFormat: string;
  encoding: string;
  delimiter: string;
  options: Record<string, unknown>;
  asOf: string;
  startedAt: string;
  spmVersion: string;
}

export interface ImportLogCounts {
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  rejected: number;
  skipped: number;
  dateFormat: string;
  decimalMark: string;
  sha256: string;
  finishedAt: string;
}

/**
 * The import_id the next file of this transaction gets. The row itself is written once the file
 * is done ({@link writeImportLog}), never written early and updated later: a page written at
 * the start of a long transaction is among the first spilled to the WAL, and changing it again
 * at the end makes SQLite recompute the checksum of every WAL frame after it at COMMIT, which
 * rewrites (and syncs again) the whole log. The caller holds the write lock (BEGIN IMMEDIATE),
 * so the id cannot be taken by another connection before the row is written.
 */
export function nextImportId(db: Db): number {
  return db.prepare('SELECT coalesce(max(import_id), 0) + 1 FROM import_log').pluck().get() as number;
}

/** Writes the import_log row of one file, at the end of its import. */
export function writeImportLog(db: Db, importId: number, s: ImportLogStart, c: ImportLogCounts): void {
  db.prepare(
    `INSERT INTO import_log (import_id, entity, file_name, file_path, sha256, size_bytes, source_format, encoding, delimiter, options, as_of, started_at, spm_version,
       rows_read, inserted, updated, unchanged, duplicates, rejected, skipped, date_format, decimal_mark, finished_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    importId, s.entity, s.fileName, s.filePath, c.sha256, s.sizeBytes, s.sourceFormat, s.encoding, s.delimiter, JSON.stringify(s.options), s.asOf, s.startedAt, s.spmVersion,
    c.rowsRead, c.inserted, c.updated, c.unchanged, c.duplicates, c.rejected, c.skipped, c.dateFormat, c.decimalMark, c.finishedAt,
  );
}
