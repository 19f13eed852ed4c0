/**
 * Writes normalised rows of one entity inside the caller's transaction: an upsert by natural
 * key that tells inserted, updated, unchanged and in-file duplicates apart, resolves rep
 * references, and records deal changes in deal_snapshots as of the import's as-of date.
 */
import type { EntityName } from '../core/entities.js';
import type { Db } from './open.js';
import { loadRepResolver, type RepResolver } from './rep-resolver.js';
import { SNAPSHOT_COLUMNS, TABLES, type DbValue } from './tables.js';
import type Database from 'better-sqlite3';

export type WriteOutcome =
  | { kind: 'inserted' | 'updated' | 'unchanged' | 'duplicate' }
  | { kind: 'conflict'; firstLine: number };

export interface WriterOptions {
  db: Db;
  entity: EntityName;
  importId: number;
  asOf: string;
}

export class EntityWriter {
  private readonly layout;
  private readonly lookup: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly update: Database.Statement;
  private readonly touch: Database.Statement;
  private readonly snapshot: Database.Statement | undefined;
  private readonly keyIdx: number[];
  private readonly resolver: RepResolver | undefined;
  private readonly fromIdx: number;
  private readonly toIdx: number;
  private readonly snapIdx: number[];
  /** Rep references that matched no rep, with how many rows carried each. */
  readonly unresolved = new Map<string, number>();

  constructor(private readonly opts: WriterOptions) {
    const layout = TABLES[opts.entity];
    this.layout = layout;
    const cols = layout.columns;
    const t = layout.table;
    const where = layout.key.map((k) => `${k} = ?`).join(' AND ');
    const db = opts.db;
    this.keyIdx = layout.key.map((k) => cols.indexOf(k));
    this.lookup = db.prepare(`SELECT ${cols.join(', ')}, import_id, source_line FROM ${t} WHERE ${where}`).raw();
    const all = [...cols, 'source_file', 'source_line', 'import_id'];
    this.insert = db.prepare(`INSERT INTO ${t} (${all.join(', ')}) VALUES (${all.map(() => '?').join(', ')})`);
    this.update = db.prepare(`UPDATE ${t} SET ${all.map((c) => `${c} = ?`).join(', ')} WHERE ${where}`);
    this.touch = db.prepare(`UPDATE ${t} SET source_file = ?, source_line = ?, import_id = ? WHERE ${where}`);
    this.fromIdx = layout.resolved ? cols.indexOf(layout.resolved.from) : -1;
    this.toIdx = layout.resolved ? cols.indexOf(layout.resolved.to) : -1;
    this.resolver = layout.resolved ? loadRepResolver(db) : undefined;
    this.snapIdx = SNAPSHOT_COLUMNS.map((c) => cols.indexOf(c));
    if (opts.entity === 'deals') {
      const snapCols = ['deal_id', 'as_of', 'import_id', ...SNAPSHOT_COLUMNS];
      this.snapshot = db.prepare(
        `INSERT INTO deal_snapshots (${snapCols.join(', ')}) VALUES (${snapCols.map(() => '?').join(', ')})
         ON CONFLICT (deal_id, as_of) DO UPDATE SET ${snapCols.slice(2).map((c) => `${c} = excluded.${c}`).join(', ')}`,
      );
    }
  }

  write(values: DbValue[], file: string, line: number): WriteOutcome {
    if (this.resolver && this.fromIdx >= 0) {
      const ref = values[this.fromIdx];
      if (typeof ref === 'string') {
        const id = this.resolver.resolve(ref);
        values[this.toIdx] = id ?? null;
        if (id === undefined) this.unresolved.set(ref, (this.unresolved.get(ref) ?? 0) + 1);
      }
    }
    const key = this.keyIdx.map((i) => values[i]);
    const existing = this.lookup.get(...key) as DbValue[] | undefined;
    const n = this.layout.columns.length;
    const { importId } = this.opts;
    if (existing === undefined) {
      this.insert.run(...values, file, line, importId);
      this.writeSnapshot(values);
      return { kind: 'inserted' };
    }
    if (existing[n] === importId) {
      // Another row of this file with the same key: identical business values (custom fields aside,
      // as in line-item exports such as Xero's) collapse into one record; anything else is a conflict.
      return sameValues(existing, values, n - 1) ? { kind: 'duplicate' } : { kind: 'conflict', firstLine: Number(existing[n + 1]) };
    }
    const same = sameValues(existing, values, n);
    if (same) {
      this.touch.run(file, line, importId, ...key);
      return { kind: 'unchanged' };
    }
    this.update.run(...values, file, line, importId, ...key);
    if (this.snapshot && this.snapIdx.some((i) => existing[i] !== values[i])) this.writeSnapshot(values);
    return { kind: 'updated' };
  }

  private writeSnapshot(values: DbValue[]): void {
    if (!this.snapshot) return;
    this.snapshot.run(values[0], this.opts.asOf, this.opts.importId, ...this.snapIdx.map((i) => values[i]));
  }
}

function sameValues(a: DbValue[], b: DbValue[], n: number): boolean {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}
