/** The import_log table: one row per imported file, written in the same transaction as its data. */
import type { Db } from './open.js';

export interface ImportLogStart {
  entity: string;
  fileName: string;
  filePath: string;
  sha256: string;
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

export function startImportLog(db: Db, s: ImportLogStart): number {
  const info = db
    .prepare(
      `INSERT INTO import_log (entity, file_name, file_path, sha256, size_bytes, source_format, encoding, delimiter, options, as_of, started_at, spm_version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(s.entity, s.fileName, s.filePath, s.sha256, s.sizeBytes, s.sourceFormat, s.encoding, s.delimiter, JSON.stringify(s.options), s.asOf, s.startedAt, s.spmVersion);
  return Number(info.lastInsertRowid);
}

export function finishImportLog(db: Db, importId: number, c: ImportLogCounts): void {
  db.prepare(
    `UPDATE import_log SET rows_read = ?, inserted = ?, updated = ?, unchanged = ?, duplicates = ?, rejected = ?, skipped = ?,
       date_format = ?, decimal_mark = ?, sha256 = ?, finished_at = ? WHERE import_id = ?`,
  ).run(c.rowsRead, c.inserted, c.updated, c.unchanged, c.duplicates, c.rejected, c.skipped, c.dateFormat, c.decimalMark, c.sha256, c.finishedAt, importId);
}
