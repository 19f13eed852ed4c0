/** Read-only summaries of what the database holds (for `spm status`). */
import { ENTITIES, ENTITY_NAMES, type EntityName } from '../core/entities.js';
import type { Db } from './open.js';

export interface EntityStatusRow {
  entity: EntityName | 'deal-snapshots';
  count: number;
  firstDate: string | null;
  lastDate: string | null;
  currencies: string;
}

const HAS_CURRENCY = new Set(['reps', 'deals', 'quotas', 'invoices', 'payments', 'fx-rates']);

export function entityStatus(db: Db): EntityStatusRow[] {
  const rows: EntityStatusRow[] = ENTITY_NAMES.map((entity) => {
    const spec = ENTITIES[entity];
    const dateCol = entity === 'quotas' ? 'period_start' : spec.dateField;
    const range = dateCol
      ? (db.prepare(`SELECT COUNT(*) AS n, MIN(${dateCol}) AS lo, MAX(${entity === 'quotas' ? 'period_end' : dateCol}) AS hi FROM ${spec.table}`).get() as { n: number; lo: string | null; hi: string | null })
      : { ...(db.prepare(`SELECT COUNT(*) AS n FROM ${spec.table}`).get() as { n: number }), lo: null, hi: null };
    const currencies = HAS_CURRENCY.has(entity)
      ? (db.prepare(`SELECT DISTINCT currency FROM ${spec.table} WHERE currency IS NOT NULL ORDER BY currency`).pluck().all() as string[]).join(' ')
      : '';
    return { entity, count: range.n, firstDate: range.lo, lastDate: range.hi, currencies };
  });
  const snap = db.prepare('SELECT COUNT(*) AS n, MIN(as_of) AS lo, MAX(as_of) AS hi FROM deal_snapshots').get() as { n: number; lo: string | null; hi: string | null };
  rows.push({ entity: 'deal-snapshots', count: snap.n, firstDate: snap.lo, lastDate: snap.hi, currencies: '' });
  return rows;
}

export interface ImportLogRow {
  import_id: number;
  entity: string;
  file_name: string;
  source_format: string;
  as_of: string;
  rows_read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  finished_at: string | null;
  sha256: string;
}

export function recentImports(db: Db, limit: number): ImportLogRow[] {
  return db
    .prepare(`SELECT import_id, entity, file_name, source_format, as_of, rows_read, inserted, updated, unchanged, rejected, finished_at, sha256
              FROM import_log ORDER BY import_id DESC LIMIT ?`)
    .all(limit) as ImportLogRow[];
}
