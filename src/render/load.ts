/**
 * The renderer of one format, loaded on its own: a run writes one format, so it loads only that
 * view's module (the table view pulls in cli-table3 and chalk, which CSV and JSON never need).
 * The same views as `render` in index.ts, with the same options.
 */
import type { RenderOptions } from './index.js';
import type { OutputFormat, Report } from './report.js';

export type Renderer = (report: Report, options: RenderOptions) => string;

export async function loadRenderer(format: OutputFormat): Promise<Renderer> {
  switch (format) {
    case 'table': {
      const { renderTable } = await import('./table.js');
      return (report, options) => renderTable(report, { color: options.color });
    }
    case 'csv': {
      const { renderCsv } = await import('./csv.js');
      return (report, options) => renderCsv(report, { bom: options.bom === true });
    }
    case 'json': {
      const { renderJson } = await import('./json.js');
      return (report, options) => renderJson(report, { generatedAt: options.generatedAt });
    }
    case 'md': {
      const { renderMarkdown } = await import('./markdown.js');
      return (report) => renderMarkdown(report);
    }
    case 'html': {
      const { renderHtml } = await import('./html.js');
      return (report, options) => renderHtml(report, { generatedAt: options.generatedAt });
    }
  }
}
