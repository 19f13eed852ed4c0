/**
 * The registry of views over one Report. Commands compute a Report, pick a format with
 * resolveFormat, and hand both to render; the text goes to stdout or the `-o` file unchanged.
 */
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import type { OutputFormat, Report } from './report.js';
import { renderTable } from './table.js';

export interface RenderOptions {
  /** Colour for the table view (decide with isColorEnabled from color.ts). */
  color: boolean;
  /** UTF-8 byte order mark before CSV output (`--bom`). */
  bom?: boolean;
  /** ISO timestamp for JSON `generatedAt` and the HTML header; the renderers never read the clock. */
  generatedAt: string;
}

export function render(report: Report, format: OutputFormat, options: RenderOptions): string {
  switch (format) {
    case 'table':
      return renderTable(report, { color: options.color });
    case 'csv':
      return renderCsv(report, { bom: options.bom === true });
    case 'json':
      return renderJson(report, { generatedAt: options.generatedAt });
    case 'md':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report, { generatedAt: options.generatedAt });
  }
}

export type { Cell, Column, ColumnType, OutputFormat, Report, ResolveFormatOptions, Row } from './report.js';
export { OUTPUT_FORMATS, cellOf, formatFromPath, isOutputFormat, resolveFormat } from './report.js';
export { colorLevel, createPalette, isColorEnabled, type ColorSwitchOptions, type Palette } from './color.js';
