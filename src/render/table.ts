/**
 * Terminal table view: title above, a boxed table (numbers right-aligned, money grouped
 * "1,234.50", ratios "85.0%"), a separated bold Total row, notes below.
 *
 * Drawn with cli-table3: it measures wide characters (CJK, emoji) correctly and right-aligns per
 * column, and its per-cell `chars` let the table stay compact (no rule between data rows) while
 * still drawing a rule under the header and above the Total row. Its own colours are always
 * switched off; any colour comes from the Palette, so "colour off" really means no ANSI codes.
 */
import Table from 'cli-table3';
import { createPalette, type Palette } from './color.js';
import { displayCell, displayTotals, isNegativeCell, isNumericType } from './format-cell.js';
import { cellOf, type Column, type Report } from './report.js';

export interface TableOptions {
  color: boolean;
}

/** Box characters with no rule between data rows. */
const COMPACT_CHARS = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };
/** Box characters for a row that starts a section (first data row, Total row). */
const RULE_CHARS = { mid: '─', 'left-mid': '├', 'mid-mid': '┼', 'right-mid': '┤' };

/**
 * Makes text safe to print on a terminal: line breaks and tabs become spaces, and other control
 * characters (including ESC, so a CRM value cannot move the cursor or recolour the screen) and
 * bidirectional overrides become U+FFFD.
 */
export function terminalSafe(text: string): string {
  return text
    .replace(/\r\n|[\r\n\t]/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '\uFFFD');
}

function alignment(column: Column): 'left' | 'right' {
  return isNumericType(column.type) ? 'right' : 'left';
}

function drawTable(report: Report, palette: Palette): string {
  const table = new Table({
    head: report.columns.map((column) => palette.bold(terminalSafe(column.label))),
    colAligns: report.columns.map(alignment),
    chars: COMPACT_CHARS,
    style: { head: [], border: [] },
  });
  report.rows.forEach((row, rowIndex) => {
    table.push(
      report.columns.map((column) => {
        const cell = cellOf(row, column.key);
        const text = terminalSafe(displayCell(cell, column.type));
        const content = isNegativeCell(cell, column.type) ? palette.red(text) : text;
        return rowIndex === 0 ? { content, chars: RULE_CHARS } : content;
      }),
    );
  });
  const totals = displayTotals(report).row;
  if (totals !== undefined) {
    table.push(totals.map((text) => ({ content: palette.bold(terminalSafe(text)), chars: RULE_CHARS })));
  }
  return table.toString();
}

export function renderTable(report: Report, options: TableOptions): string {
  const palette = createPalette(options.color);
  const lines: string[] = [];
  if (report.title !== undefined && report.title !== '') lines.push(palette.bold(terminalSafe(report.title)));
  if (report.columns.length > 0) lines.push(drawTable(report, palette));
  for (const extra of displayTotals(report).extras) {
    lines.push(`${palette.bold(terminalSafe(extra.label))}: ${terminalSafe(extra.text)}`);
  }
  const notes = report.notes ?? [];
  if (notes.length > 0) {
    lines.push('');
    for (const note of notes) lines.push(palette.dim(terminalSafe(note)));
  }
  return `${lines.join('\n')}\n`;
}
