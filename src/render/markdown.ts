/**
 * Markdown view: a GitHub-flavoured table (numbers right-aligned with `---:`), a bold Total row,
 * `## title` above and notes as a list below. Cell text is escaped so a value can neither break
 * the table nor turn into markup or HTML.
 */
import { displayCell, displayTotals, isNumericType } from './format-cell.js';
import { cellOf, type Report } from './report.js';

/**
 * Escapes text for one Markdown table cell: `|` and the punctuation that starts markup or HTML
 * get a backslash, line breaks become `<br>`, other control characters become U+FFFD.
 */
export function escapeMarkdownCell(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~&]/g, (character) => `\\${character}`)
    .replace(/\r\n|[\r\n]/g, '<br>')
    .replace(/\t/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '\uFFFD');
}

/** As escapeMarkdownCell, and a leading `#`, `+`, `-` or `=` cannot start a heading or list. */
function escapeMarkdownLine(text: string): string {
  return escapeMarkdownCell(text).replace(/^[#+\-=]/, (character) => `\\${character}`);
}

function tableLine(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function bold(text: string): string {
  return text === '' ? '' : `**${text}**`;
}

export function renderMarkdown(report: Report): string {
  const blocks: string[] = [];
  if (report.title !== undefined && report.title !== '') {
    blocks.push(`## ${escapeMarkdownLine(report.title)}`);
  }
  const totals = displayTotals(report);
  if (report.columns.length > 0) {
    const lines = [
      tableLine(report.columns.map((column) => escapeMarkdownCell(column.label))),
      tableLine(report.columns.map((column) => (isNumericType(column.type) ? '---:' : '---'))),
      ...report.rows.map((row) =>
        tableLine(
          report.columns.map((column) => escapeMarkdownCell(displayCell(cellOf(row, column.key), column.type))),
        ),
      ),
    ];
    if (totals.row !== undefined) {
      lines.push(tableLine(totals.row.map((text) => bold(escapeMarkdownCell(text)))));
    }
    blocks.push(lines.join('\n'));
  }
  if (totals.extras.length > 0) {
    blocks.push(
      totals.extras
        .map((extra) => `- **${escapeMarkdownCell(extra.label)}:** ${escapeMarkdownCell(extra.text)}`)
        .join('\n'),
    );
  }
  const notes = report.notes ?? [];
  if (notes.length > 0) {
    blocks.push(notes.map((note) => `- ${escapeMarkdownLine(note)}`).join('\n'));
  }
  return `${blocks.join('\n\n')}\n`;
}
