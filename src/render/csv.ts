/**
 * CSV view (SPEC §2): a header row of column keys, one line per row, plain numbers, ISO dates,
 * `\n` line endings, RFC 4180 quoting only where needed. Totals and notes are not written: CSV
 * holds records only, so a spreadsheet or script can sum the rows itself.
 *
 * Written by hand rather than with csv-stringify: its `escape_formulas` misses a leading LF and
 * NUL and also prefixes negative amounts written as text (FIELD-NOTES "Output safety").
 */
import { plainCell } from './format-cell.js';
import { cellOf, type Report } from './report.js';

export interface CsvOptions {
  /** Start with a UTF-8 byte order mark so Excel reads the file as UTF-8. */
  bom?: boolean;
}

const BOM = '\uFEFF';

/** Characters that make a spreadsheet read a cell as a formula (or hide what follows). */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\n', '\0']);

/**
 * Prefixes `'` to text that a spreadsheet would run as a formula: `=1+1` → `'=1+1`.
 * Applied to text, id and date cells whatever their content — `-5` in a name column is text.
 */
export function neutraliseFormula(text: string): string {
  const first = text.charAt(0);
  return FORMULA_TRIGGERS.has(first) ? `'${text}` : text;
}

/** RFC 4180: quote a field only when it holds a comma, quote, CR or LF; double inner quotes. */
export function quoteCsvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function renderCsv(report: Report, options: CsvOptions = {}): string {
  const lines: string[] = [report.columns.map((column) => quoteCsvField(column.key)).join(',')];
  for (const row of report.rows) {
    const fields = report.columns.map((column) => {
      const { text, isNumber } = plainCell(cellOf(row, column.key), column.type);
      return quoteCsvField(isNumber ? text : neutraliseFormula(text));
    });
    lines.push(fields.join(','));
  }
  return (options.bom === true ? BOM : '') + lines.join('\n') + '\n';
}
