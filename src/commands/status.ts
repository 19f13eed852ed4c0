/** `spm status`: counts, date ranges and currencies per entity, and the recent imports. */
import type { CommandContext } from '../cli/context.js';
import { openDb } from '../db/open.js';
import { entityStatus, recentImports } from '../db/status-query.js';
import type { Report } from '../render/index.js';

export function runStatus(ctx: CommandContext, opts: { imports: boolean }): void {
  const db = openDb({ path: ctx.dbPath, busyTimeoutMs: ctx.config.busyTimeoutMs, create: false });
  try {
    ctx.emit(opts.imports ? importsReport(ctx, db) : statusReport(ctx, db));
  } finally {
    db.close();
  }
}

function statusReport(ctx: CommandContext, db: Parameters<typeof entityStatus>[0]): Report {
  const recent = recentImports(db, 5);
  return {
    command: 'status',
    title: `spm database ${ctx.dbPath}`,
    params: { db: ctx.dbPath },
    columns: [
      { key: 'entity', label: 'Entity', type: 'text' },
      { key: 'count', label: 'Count', type: 'int' },
      { key: 'first_date', label: 'First date', type: 'date' },
      { key: 'last_date', label: 'Last date', type: 'date' },
      { key: 'currencies', label: 'Currencies', type: 'text' },
    ],
    rows: entityStatus(db).map((r) => ({ entity: r.entity, count: r.count, first_date: r.firstDate, last_date: r.lastDate, currencies: r.currencies })),
    notes: recent.length === 0
      ? ['No imports yet: run `spm import <entity> <file>` or `spm demo`.']
      : recent.map((i) => `import #${i.import_id} ${i.entity} ${i.file_name} (${i.source_format}, as of ${i.as_of}): ${i.rows_read} rows, ${i.inserted} new, ${i.updated} updated, ${i.unchanged} unchanged`),
    warnings: [],
  };
}

function importsReport(ctx: CommandContext, db: Parameters<typeof entityStatus>[0]): Report {
  return {
    command: 'status --imports',
    title: `Import log of ${ctx.dbPath}`,
    params: { db: ctx.dbPath },
    columns: [
      { key: 'import_id', label: 'Import', type: 'int' },
      { key: 'entity', label: 'Entity', type: 'text' },
      { key: 'file_name', label: 'File', type: 'text' },
      { key: 'source_format', label: 'Source', type: 'text' },
      { key: 'as_of', label: 'As of', type: 'date' },
      { key: 'rows_read', label: 'Rows', type: 'int' },
      { key: 'inserted', label: 'Inserted', type: 'int' },
      { key: 'updated', label: 'Updated', type: 'int' },
      { key: 'unchanged', label: 'Unchanged', type: 'int' },
      { key: 'rejected', label: 'Rejected', type: 'int' },
      { key: 'finished_at', label: 'Finished', type: 'text' },
      { key: 'sha256', label: 'SHA-256', type: 'text' },
    ],
    rows: recentImports(db, 1000).map((r) => ({ ...r })),
    warnings: [],
  };
}
