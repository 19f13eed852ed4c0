/**
 * HTML view: one standalone document that loads nothing from the network (SPEC §8). A
 * Content-Security-Policy meta tag allows inline CSS only, so even a value that slipped through
 * escaping could not run a script or fetch anything. Every value is entity-encoded.
 */
import { displayCell, displayTotals, isNumericType } from './format-cell.js';
import { cellOf, type Column, type Report } from './report.js';

export interface HtmlOptions {
  /** ISO timestamp chosen by the caller, shown under the title. */
  generatedAt: string;
}

export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Entity-encodes `& < > " '`; safe in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#1f2328}
h1{font-size:1.4rem;margin:0 0 .25rem}
.meta{color:#59636e;margin:0 0 1rem;font-size:.85rem}
table{border-collapse:collapse;font-size:.9rem}
th,td{border:1px solid #d1d9e0;padding:.3rem .6rem;text-align:left;vertical-align:top}
thead th{background:#f6f8fa}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tfoot td{font-weight:bold;border-top:2px solid #59636e}
.totals dt{font-weight:bold}
.warnings{color:#9a6700}`;

function cellTag(tag: 'th' | 'td', column: Column, text: string): string {
  const attributes = `${tag === 'th' ? ' scope="col"' : ''}${isNumericType(column.type) ? ' class="num"' : ''}`;
  return `<${tag}${attributes}>${escapeHtml(text)}</${tag}>`;
}

function tableHtml(report: Report): string[] {
  const totals = displayTotals(report).row;
  const lines = [
    '<table>',
    `<thead><tr>${report.columns.map((column) => cellTag('th', column, column.label)).join('')}</tr></thead>`,
    '<tbody>',
    ...report.rows.map(
      (row) =>
        `<tr>${report.columns
          .map((column) => cellTag('td', column, displayCell(cellOf(row, column.key), column.type)))
          .join('')}</tr>`,
    ),
    '</tbody>',
  ];
  if (totals !== undefined) {
    const cells = report.columns.map((column, index) => cellTag('td', column, totals[index] ?? ''));
    lines.push(`<tfoot><tr>${cells.join('')}</tr></tfoot>`);
  }
  lines.push('</table>');
  return lines;
}

function listHtml(className: string, heading: string, items: readonly string[]): string[] {
  if (items.length === 0) return [];
  return [
    `<section class="${className}">`,
    `<h2>${escapeHtml(heading)}</h2>`,
    '<ul>',
    ...items.map((item) => `<li>${escapeHtml(item)}</li>`),
    '</ul>',
    '</section>',
  ];
}

export function renderHtml(report: Report, options: HtmlOptions): string {
  const title = report.title !== undefined && report.title !== '' ? report.title : `spm ${report.command}`;
  const extras = displayTotals(report).extras;
  const lines = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // A constant without `"`, written literally so the policy reads as-is in the file.
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>\n${STYLE}\n</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="meta">spm ${escapeHtml(report.command)} · generated ${escapeHtml(options.generatedAt)}</p>`,
    ...(report.columns.length > 0 ? tableHtml(report) : []),
  ];
  if (extras.length > 0) {
    lines.push('<dl class="totals">');
    for (const extra of extras) lines.push(`<dt>${escapeHtml(extra.label)}</dt><dd>${escapeHtml(extra.text)}</dd>`);
    lines.push('</dl>');
  }
  lines.push(...listHtml('notes', 'Notes', report.notes ?? []));
  lines.push(...listHtml('warnings', 'Warnings', report.warnings));
  lines.push('</body>', '</html>');
  return `${lines.join('\n')}\n`;
}
