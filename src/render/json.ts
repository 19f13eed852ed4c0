/**
 * JSON view (SPEC §2): one document with schemaVersion, command, generatedAt, params, rows,
 * totals, notes and warnings. Row keys are the column keys, in column order. Money and decimal
 * cells become JSON numbers in major units when the number reads back as exactly the same decimal;
 * otherwise the exact string is kept and a warning says so.
 */
import { exactNumber, formatRatioFraction, isDecimalString } from './format-cell.js';
import { cellOf, type Cell, type Column, type Report, type Row } from './report.js';

export interface JsonOptions {
  /** ISO timestamp chosen by the caller; the renderer never reads the clock. */
  generatedAt: string;
}

export const JSON_SCHEMA_VERSION = 1;

/** A JSON object that can hold any key, `__proto__` included, as a plain own property. */
type JsonRecord = Record<string, Cell>;

function emptyRecord(): JsonRecord {
  const record: JsonRecord = Object.create(null); // null prototype: every key is an own data property
  return record;
}

/** Converts one cell by its column type; `warn` receives a reason when the value stays a string. */
function jsonCell(cell: Cell, column: Column, warn: (reason: string) => void): Cell {
  if (cell === null) return null;
  if (typeof cell === 'number' && !Number.isFinite(cell)) return null;
  switch (column.type) {
    case 'money':
    case 'decimal': {
      if (typeof cell === 'number') return cell;
      if (typeof cell !== 'string') return cell;
      const value = exactNumber(cell);
      if (value !== undefined) return value;
      warn(
        isDecimalString(cell)
          ? `${cell} has too many digits for an exact JSON number; written as a string`
          : `"${cell}" is not a number; written as a string`,
      );
      return cell;
    }
    case 'ratio':
      return typeof cell === 'number' ? Number(formatRatioFraction(cell)) : cell;
    case 'int':
    case 'bool':
      return cell;
    case 'text':
    case 'id':
    case 'date':
      return typeof cell === 'string' ? cell : String(cell);
  }
}

function jsonRow(row: Row, columns: readonly Column[], warn: (key: string, reason: string) => void): JsonRecord {
  const out = emptyRecord();
  for (const column of columns) {
    out[column.key] = jsonCell(cellOf(row, column.key), column, (reason) => warn(column.key, reason));
  }
  return out;
}

/** Totals: typed keys (row columns, then totalsColumns) first, then any other keys as given. */
function jsonTotals(report: Report, warn: (key: string, reason: string) => void): JsonRecord | null {
  const totals = report.totals;
  if (totals === undefined) return null;
  const typed = [...report.columns, ...(report.totalsColumns ?? [])];
  const known = new Set<string>();
  const out = emptyRecord();
  for (const column of typed) {
    if (known.has(column.key)) continue;
    known.add(column.key);
    if (!Object.hasOwn(totals, column.key)) continue;
    out[column.key] = jsonCell(cellOf(totals, column.key), column, (reason) => warn(column.key, reason));
  }
  for (const key of Object.keys(totals)) {
    if (!known.has(key)) out[key] = cellOf(totals, key);
  }
  return out;
}

/** Params may hold values JSON cannot write (bigint); write those as strings. */
function replaceParam(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

export function renderJson(report: Report, options: JsonOptions): string {
  const extraWarnings: string[] = [];
  const rows = report.rows.map((row, index) =>
    jsonRow(row, report.columns, (key, reason) => extraWarnings.push(`row ${index + 1}, ${key}: ${reason}`)),
  );
  const totals = jsonTotals(report, (key, reason) => extraWarnings.push(`totals, ${key}: ${reason}`));
  const document = {
    schemaVersion: JSON_SCHEMA_VERSION,
    command: report.command,
    generatedAt: options.generatedAt,
    params: report.params,
    rows,
    totals,
    notes: report.notes ?? [],
    warnings: [...report.warnings, ...extraWarnings],
  };
  return `${JSON.stringify(document, replaceParam, 2)}\n`;
}
