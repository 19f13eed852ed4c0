/**
 * How one cell reads in each view. Two families:
 * - display (table, Markdown, HTML): thousands separators, ratios as percents, booleans yes/no;
 * - plain (CSV, JSON): dot decimal, no separators, ratios as fractions.
 * Escaping for a particular medium (terminal, Markdown, HTML, CSV quoting) is the renderer's job.
 */
import { cellOf, type Cell, type ColumnType, type Report } from './report.js';

/** An exact decimal as money and decimal cells carry it: optional minus, digits, optional fraction. */
const DECIMAL_PATTERN = /^-?\d+(?:\.\d+)?$/;

/** Decimal places kept when a ratio is written as a fraction (CSV and JSON). */
export const RATIO_DECIMALS = 6;

export function isDecimalString(value: string): boolean {
  return DECIMAL_PATTERN.test(value);
}

/** Columns whose values are numbers: right-aligned, never formula-neutralised. */
export function isNumericType(type: ColumnType): boolean {
  return type === 'int' || type === 'money' || type === 'ratio' || type === 'decimal';
}

/** "-1234567.50" → "-1,234,567.50"; the fraction digits are kept exactly as given. */
export function groupThousands(decimal: string): string {
  const negative = decimal.startsWith('-');
  const body = negative ? decimal.slice(1) : decimal;
  const point = body.indexOf('.');
  const integerPart = point === -1 ? body : body.slice(0, point);
  const fraction = point === -1 ? '' : body.slice(point);
  const grouped = integerPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '-' : '') + grouped + fraction;
}

/**
 * A ratio as a fraction with at most 6 decimals and no float noise: 0.85 → "0.85",
 * 0.1 + 0.2 → "0.3", 1/3 → "0.333333", -0.0000001 → "0". Non-finite → "".
 */
export function formatRatioFraction(ratio: number): string {
  if (!Number.isFinite(ratio)) return '';
  const fixed = ratio.toFixed(RATIO_DECIMALS);
  if (fixed.includes('e')) return String(ratio); // |ratio| ≥ 1e21: toFixed gives exponent form
  const trimmed = fixed.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  return trimmed === '-0' ? '0' : trimmed;
}

/** A ratio as a percent with one decimal: 0.85 → "85.0%", 1.234 → "123.4%". Non-finite → "". */
export function formatRatioPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) return '';
  const fixed = (ratio * 100).toFixed(1);
  return `${fixed === '-0.0' ? '0.0' : fixed}%`;
}

/**
 * The canonical spelling of an exact decimal string: no leading zeros in the integer part,
 * no trailing zeros in the fraction, no "-0". "0012.500" → "12.5", "-0.00" → "0".
 */
export function canonicalDecimal(decimal: string): string {
  const negative = decimal.startsWith('-');
  const body = negative ? decimal.slice(1) : decimal;
  const point = body.indexOf('.');
  const integerPart = (point === -1 ? body : body.slice(0, point)).replace(/^0+(?=\d)/, '');
  const fraction = point === -1 ? '' : body.slice(point + 1).replace(/0+$/, '');
  const unsigned = fraction === '' ? integerPart : `${integerPart}.${fraction}`;
  return negative && unsigned !== '0' ? `-${unsigned}` : unsigned;
}

/**
 * The JSON number for an exact decimal string, or undefined when the number would not read back
 * as the same decimal (too many significant digits, or exponent notation).
 */
export function exactNumber(decimal: string): number | undefined {
  if (!isDecimalString(decimal)) return undefined;
  const value = Number(decimal);
  return String(value) === canonicalDecimal(decimal) ? value : undefined;
}

function cellText(cell: string | number | boolean): string {
  return typeof cell === 'string' ? cell : String(cell);
}

/** The text shown in table, Markdown and HTML views (not yet escaped for the medium). */
export function displayCell(cell: Cell, type: ColumnType): string {
  if (cell === null) return '';
  if (typeof cell === 'number' && !Number.isFinite(cell)) return '';
  switch (type) {
    case 'money':
    case 'decimal':
    case 'int': {
      const text = cellText(cell);
      return isDecimalString(text) ? groupThousands(text) : text;
    }
    case 'ratio':
      return typeof cell === 'number' ? formatRatioPercent(cell) : cellText(cell);
    case 'bool':
      return typeof cell === 'boolean' ? (cell ? 'yes' : 'no') : cellText(cell);
    case 'text':
    case 'id':
    case 'date':
      return cellText(cell);
  }
}

/** Whether a numeric cell holds a value below zero (shown in red on a colour terminal). */
export function isNegativeCell(cell: Cell, type: ColumnType): boolean {
  if (!isNumericType(type)) return false;
  if (typeof cell === 'number') return cell < 0;
  return typeof cell === 'string' && isDecimalString(cell) && canonicalDecimal(cell).startsWith('-');
}

/**
 * The plain value of a cell for CSV, and whether it is a number. A numeric column's value counts
 * as a number only when it really is one (a finite number, or an exact decimal string); anything
 * else in a numeric column is treated as text, so it cannot slip past formula neutralisation.
 */
export function plainCell(cell: Cell, type: ColumnType): { text: string; isNumber: boolean } {
  if (cell === null) return { text: '', isNumber: false };
  if (typeof cell === 'number' && !Number.isFinite(cell)) return { text: '', isNumber: false };
  if (isNumericType(type)) {
    if (typeof cell === 'number') {
      return { text: type === 'ratio' ? formatRatioFraction(cell) : String(cell), isNumber: true };
    }
    if (typeof cell === 'string' && isDecimalString(cell)) return { text: cell, isNumber: true };
    return { text: cellText(cell), isNumber: false };
  }
  if (type === 'bool' && typeof cell === 'boolean') {
    return { text: cell ? 'true' : 'false', isNumber: false };
  }
  return { text: cellText(cell), isNumber: false };
}

/** Label in the first column of the totals row (unless totals give that column a value). */
export const TOTAL_LABEL = 'Total';

export interface DisplayTotals {
  /** One display text per column, or undefined when totals share no key with the columns. */
  row: string[] | undefined;
  /** Totals keys that are not row columns (e.g. pareto's `gini`), listed under the table. */
  extras: { label: string; text: string }[];
}

/** The totals of a report as display text, split into the Total row and the extra figures. */
export function displayTotals(report: Report): DisplayTotals {
  const totals = report.totals;
  if (totals === undefined) return { row: undefined, extras: [] };
  const columnKeys = new Set(report.columns.map((column) => column.key));
  const hasRow = report.columns.some((column) => Object.hasOwn(totals, column.key));
  const row = hasRow
    ? report.columns.map((column, index) => {
        const text = displayCell(cellOf(totals, column.key), column.type);
        return index === 0 && text === '' ? TOTAL_LABEL : text;
      })
    : undefined;
  const typed = new Map((report.totalsColumns ?? []).map((column) => [column.key, column]));
  const extras = Object.keys(totals)
    .filter((key) => !columnKeys.has(key))
    .map((key) => {
      const column = typed.get(key);
      return {
        label: column?.label ?? key,
        text: displayCell(cellOf(totals, key), column?.type ?? 'text'),
      };
    });
  return { row, extras };
}
