/**
 * Writes normalised rows of one entity inside the caller's transaction. Rows are first
 * appended to a TEMP staging table (one cheap insert each); `finish()` then merges them into
 * the entity's table with set-based SQL: in-file duplicates (identical rows collapse, rows with
 * the same key but other values are conflicts), counts of inserted / updated / unchanged,
 * deal_snapshots for every deal that is new or changed as of the import's as-of date, and one
 * upsert by natural key. Rep references are resolved on the way in.
 */
import type Database from 'better-sqlite3';
import type { EntityName } from '../core/entities.js';
import type { Db } from './open.js';
import { loadRepResolver, type RepResolver } from './rep-resolver.js';
import { SNAPSHOT_COLUMNS, TABLES, type DbValue } from './tables.js';

export interface WriterOptions {
  db: Db;
  entity: EntityName;
  importId: number;
  asOf: string;
}

export interface Conflict {
  line: number;
  firstLine: number;
  values: DbValue[];
}

export interface WriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  conflicts: Conflict[];
}

const STAGE = 'temp.spm_stage';

export class EntityWriter {
  private readonly layout;
  private readonly stage: Database.Statement;
  private readonly first: Database.Statement;
  private readonly keyIdx: number[];
  private duplicates = 0;
  private readonly conflicts: Conflict[] = [];
  private readonly resolver: RepResolver | undefined;
  private readonly fromIdx: number;
  private readonly toIdx: number;
  /** Rep references that matched no rep, with how many rows carried each. */
  readonly unresolved = new Map<string, number>();

  constructor(private readonly opts: WriterOptions) {
    const layout = TABLES[opts.entity];
    this.layout = layout;
    const cols = layout.columns;
    opts.db.exec(`DROP TABLE IF EXISTS ${STAGE}; CREATE TABLE ${STAGE} (${cols.join(', ')}, source_file, source_line, UNIQUE (${layout.key.join(', ')}))`);
    this.stage = opts.db.prepare(`INSERT INTO ${STAGE} VALUES (${[...cols, '', ''].map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`);
    this.first = opts.db.prepare(`SELECT ${cols.join(', ')}, source_line FROM ${STAGE} WHERE ${layout.key.map((k) => `${k} = ?`).join(' AND ')}`).raw();
    this.keyIdx = layout.key.map((k) => cols.indexOf(k));
    this.fromIdx = layout.resolved ? cols.indexOf(layout.resolved.from) : -1;
    this.toIdx = layout.resolved ? cols.indexOf(layout.resolved.to) : -1;
    this.resolver = layout.resolved ? loadRepResolver(opts.db) : undefined;
  }

  add(values: DbValue[], file: string, line: number): void {
    if (this.resolver) {
      const ref = values[this.fromIdx];
      if (typeof ref === 'string') {
        const id = this.resolver.resolve(ref);
        values[this.toIdx] = id ?? null;
        if (id === undefined) this.unresolved.set(ref, (this.unresolved.get(ref) ?? 0) + 1);
      }
    }
    if (this.stage.run(...values, file, line).changes === 1) return;
    // Another row of this file has the same key: identical business values (custom fields aside,
    // as in line-item exports such as Xero's) collapse into one record; anything else is a conflict.
    const first = this.first.get(...this.keyIdx.map((i) => values[i])) as DbValue[];
    const n = this.layout.columns.length - 1;
    let same = true;
    for (let i = 0; i < n; i++) if (first[i] !== values[i]) same = false;
    if (same) this.duplicates++;
    else this.conflicts.push({ line, firstLine: Number(first[n + 1]), values });
  }

  /** Merges the staged rows into the table; conflicting rows (same key, other values) are left out. */
  finish(): WriteCounts {
    const { db, importId, asOf } = this.opts;
    const { table, columns, key } = this.layout;
    const keyEq = (a: string, b: string): string => key.map((k) => `${a}.${k} = ${b}.${k}`).join(' AND ');
    const differs = (cols: readonly string[]): string => cols.map((c) => `s.${c} IS NOT d.${c}`).join(' OR ');

    // Into an empty table every staged row is new: skip the comparison join, and build the
    // secondary indexes once after the load (a sorted build) instead of row by row.
    const empty = db.prepare(`SELECT NOT EXISTS (SELECT 1 FROM ${table})`).pluck().get() === 1;
    const indexes = empty
      ? (db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").pluck().all(table) as string[])
      : [];
    const total = db.prepare(`SELECT COUNT(*) FROM ${STAGE}`).pluck().get() as number;
    const counts = empty
      ? { inserted: total, updated: 0 }
      : (db
      .prepare(
        `SELECT COUNT(*) FILTER (WHERE d.${key[0]} IS NULL) AS inserted,
                COUNT(*) FILTER (WHERE d.${key[0]} IS NOT NULL AND (${differs(columns)})) AS updated
         FROM ${STAGE} s LEFT JOIN ${table} d ON ${keyEq('d', 's')}`,
      )
      .get() as { inserted: number; updated: number });
    for (const sql of indexes) db.exec(`DROP INDEX ${/^CREATE INDEX (\S+)/.exec(sql)?.[1] ?? ''}`);

    if (this.opts.entity === 'deals') {
      const snap = ['deal_id', 'as_of', 'import_id', ...SNAPSHOT_COLUMNS];
      db.prepare(
        `INSERT INTO deal_snapshots (${snap.join(', ')})
         SELECT s.deal_id, ?, ?, ${SNAPSHOT_COLUMNS.map((c) => `s.${c}`).join(', ')}
         FROM ${STAGE} s LEFT JOIN deals d ON d.deal_id = s.deal_id
         WHERE d.deal_id IS NULL OR ${differs(SNAPSHOT_COLUMNS)}
         ON CONFLICT (deal_id, as_of) DO UPDATE SET ${snap.slice(2).map((c) => `${c} = excluded.${c}`).join(', ')}`,
      ).run(asOf, importId);
    }

    const all = [...columns, 'source_file', 'source_line', 'import_id'];
    db.prepare(
      `INSERT INTO ${table} (${all.join(', ')})
       SELECT ${[...columns, 'source_file', 'source_line'].join(', ')}, ? FROM ${STAGE} WHERE true
       ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${all.filter((c) => !key.includes(c)).map((c) => `${c} = excluded.${c}`).join(', ')}`,
    ).run(importId);
    for (const sql of indexes) db.exec(sql);
    db.exec(`DROP TABLE ${STAGE}`);
    return { inserted: counts.inserted, updated: counts.updated, unchanged: total - counts.inserted - counts.updated, duplicates: this.duplicates, conflicts: this.conflicts };
  }
}
