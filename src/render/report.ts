/**
 * The one value every command computes: typed columns, rows of cells, optional totals and notes.
 * Renderers (table, CSV, JSON, Markdown, HTML) turn a Report into text and never compute.
 */
import { extname } from 'node:path';

export type ColumnType = 'text' | 'id' | 'date' | 'int' | 'money' | 'ratio' | 'decimal' | 'bool';

export interface Column {
  /** snake_case; the CSV header and the JSON key. Never renamed once published (SPEC §9). */
  key: string;
  /** Header shown in table, Markdown and HTML views. */
  label: string;
  type: ColumnType;
}

/**
 * One value. By column type:
 * - money: exact decimal string in major units, e.g. "1234.50" (never a float);
 * - decimal: exact decimal string, e.g. a rate "0.075";
 * - ratio: number, a fraction (0.85 = 85%);
 * - int: number; date: 'YYYY-MM-DD'; bool: boolean; text/id: string.
 * null means "no value" and renders empty (JSON null).
 */
export type Cell = string | number | boolean | null;

export type Row = Record<string, Cell>;

export interface Report {
  /** e.g. "report attainment". */
  command: string;
  /** Shown above the table in table, Markdown and HTML output. */
  title?: string;
  params: Record<string, unknown>;
  columns: Column[];
  rows: Row[];
  /**
   * Rendered as a final bold "Total" row in table/Markdown/HTML; JSON "totals"; never in CSV.
   * Keys that are not row columns (e.g. pareto's `gini`) are listed under the table instead.
   */
  totals?: Row;
  /** Types and labels for totals keys that are not row columns. */
  totalsColumns?: Column[];
  /** Human notes shown under the table (table/Markdown/HTML); JSON "notes". */
  notes?: string[];
  warnings: string[];
}

export const OUTPUT_FORMATS = ['table', 'csv', 'json', 'md', 'html'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function isOutputFormat(value: string): value is OutputFormat {
  return OUTPUT_FORMATS.some((format) => format === value);
}

const EXTENSION_FORMATS: ReadonlyMap<string, OutputFormat> = new Map([
  ['.csv', 'csv'],
  ['.json', 'json'],
  ['.md', 'md'],
  ['.markdown', 'md'],
  ['.html', 'html'],
  ['.htm', 'html'],
  ['.txt', 'table'],
]);

/** The format implied by an output file's extension (case-insensitive), if any. */
export function formatFromPath(path: string): OutputFormat | undefined {
  return EXTENSION_FORMATS.get(extname(path).toLowerCase());
}

export interface ResolveFormatOptions {
  /** The `--format` flag as typed, if given. */
  format?: string;
  /** The `-o, --output` path, if given. */
  output?: string;
  /** Whether stdout is a terminal. */
  isTTY: boolean;
}

/**
 * SPEC §2: an explicit `--format` wins; else the `-o` file's extension; else `table` on a terminal
 * and `csv` when piped. An `-o` file with an unrecognised extension is not a terminal, so it gets
 * `csv`. An unknown `--format` throws an Error listing the accepted values (the CLI maps it to
 * exit code 2).
 */
export function resolveFormat(options: ResolveFormatOptions): OutputFormat {
  if (options.format !== undefined) {
    const wanted = options.format.trim().toLowerCase();
    if (isOutputFormat(wanted)) return wanted;
    throw new Error(
      `Unknown output format "${options.format}". Use --format with one of: ${OUTPUT_FORMATS.join(', ')}.`,
    );
  }
  if (options.output !== undefined && options.output !== '') {
    return formatFromPath(options.output) ?? 'csv';
  }
  return options.isTTY ? 'table' : 'csv';
}

/**
 * The cell stored under `key`, read as an own property only: a key such as `__proto__` or
 * `toString` never reaches Object.prototype. Missing keys and non-cell values read as null.
 */
export function cellOf(row: Row, key: string): Cell {
  if (!Object.hasOwn(row, key)) return null;
  const value: unknown = row[key];
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  return null;
}
