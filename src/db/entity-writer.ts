/**
 * Writes normalised rows of one entity inside the caller's transaction, on one of two paths:
 *
 * - **into an empty table** (a first import, the big one): rows go straight into the table,
 *   several per INSERT statement; the secondary indexes are dropped first and rebuilt once at the
 *   end (a sorted build instead of a million random inserts). The natural-key index catches a key
 *   seen twice in the file, which is then classed as a duplicate (identical values) or a conflict;
 *   where that index is the table's own (deals_id) and the file is not sorted by key, it is
 *   dropped too, and the repeats are found and classed when it is built again.
 * - **into a table with rows**: rows are appended to a TEMP staging table; `finish()` merges them
 *   with set-based SQL: counts of inserted / updated / unchanged, the superseded snapshot of every
 *   changed deal into deal_history, and one upsert by natural key. Unchanged rows (and their
 *   provenance) are left untouched.
 *
 * Either way a deal's current snapshot is its deals row (snapshot_as_of, snapshot_import_id: the
 * import that last changed one of SNAPSHOT_COLUMNS); the deal_snapshots view adds the history.
 * Rep references are resolved on the way in.
 */
import type Database from 'better-sqlite3';
import type { EntityName } from '../core/entities.js';
import type { Db } from './open.js';
import { loadRepResolver, type RepResolver } from './rep-resolver.js';
import { SNAPSHOT_COLUMNS, TABLES, type DbValue, type TableLayout } from './tables.js';

export interface WriterOptions {
  db: Db;
  entity: EntityName;
  importId: number;
  asOf: string;
  /** The file the rows come from, as the user named it (stored as source_file). */
  file: string;
}

/**
 * `count` rows, each `TABLES[entity].columns.length` values in column order followed by the
 * row's line number in the file (stride: columns + 1). The writer owns the array once given it.
 */
export interface RowBatch {
  values: DbValue[];
  count: number;
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
/**
 * Rows per INSERT (both paths): binding costs less per row in a multi-row statement, and fewer
 * statements run (64 measured about 5% faster than 16 on the 1M-row import).
 */
export const ROWS_PER_INSERT = 64;
/**
 * Page cache (KiB) while loading an empty table: rows are appended, so few pages are hot, and
 * the index rebuild sorts as fast in smaller runs; the connection's own cache (16 MiB) would
 * only add to peak memory. The path restores it when it finishes.
 */
const LOAD_CACHE_KIB = 4_096;
/**
 * Helper threads SQLite's sorter may use while the indexes are rebuilt: the index sorts are the
 * slowest part of the rebuild, and the reading thread is idle by then (measured on the 1M-row
 * import: the two deals indexes in 1.7–2.1 s with 2 helpers, 2.5–3.2 s with none).
 */
const INDEX_SORT_THREADS = 2;
/**
 * Values added between two reads of the schema table during a load. Dropping the indexes changed
 * schema pages at the start of the transaction and building them changes those pages again at
 * the end; a page the cache wrote to the WAL in between would be overwritten there, and SQLite
 * then recomputes the checksum of every later WAL frame at COMMIT (rewriting the whole log). A
 * read moves those pages to the recently used end of the cache, so they stay in it: a 4 MiB
 * cache turns over every ~15,000 deals, and a read every ~2,000 keeps them well clear of that.
 */
const SCHEMA_TOUCH_VALUES = 36_000;
/** Rows whose key order decides whether a first import keeps the key index through the load. */
const KEY_ORDER_TRIAL_ROWS = 1_024;
/** Rep references whose resolution is remembered (a file names few owners; memory stays bounded). */
const RESOLVED_MEMO = 10_000;

export class EntityWriter {
  private readonly layout: TableLayout;
  private readonly width: number;
  private readonly resolver: RepResolver | undefined;
  private readonly resolved = new Map<string, string | null>();
  private readonly fromIdx: number;
  private readonly toIdx: number;
  private readonly path: DirectPath | StagedPath;
  /** Rep references that matched no rep, with how many rows carried each. */
  readonly unresolved = new Map<string, number>();

  constructor(private readonly opts: WriterOptions) {
    const layout = TABLES[opts.entity];
    this.layout = layout;
    this.width = layout.columns.length;
    this.fromIdx = layout.resolved ? layout.columns.indexOf(layout.resolved.from) : -1;
    this.toIdx = layout.resolved ? layout.columns.indexOf(layout.resolved.to) : -1;
    this.resolver = layout.resolved ? loadRepResolver(opts.db) : undefined;
    const empty = opts.db.prepare(`SELECT NOT EXISTS (SELECT 1 FROM ${layout.table})`).pluck().get() === 1;
    this.path = empty ? new DirectPath(opts, layout) : new StagedPath(opts, layout);
  }

  /** Adds a batch of rows (see {@link RowBatch}). */
  addRows(batch: RowBatch): void {
    const stride = this.width + 1;
    const { values, count } = batch;
    if (values.length !== count * stride) throw new Error(`internal: ${this.layout.table} batch of ${count} rows has ${values.length} values, expected ${count * stride}`);
    if (this.resolver) for (let at = 0; at < values.length; at += stride) this.resolve(values, at);
    this.path.addRows(values);
  }

  /** Fills the resolved rep column of the row at `at` from its rep reference. */
  private resolve(values: DbValue[], at: number): void {
    const ref = values[at + this.fromIdx];
    if (typeof ref !== 'string') return;
    let id = this.resolved.get(ref);
    if (id === undefined) {
      id = this.resolver?.resolve(ref) ?? null;
      if (this.resolved.size < RESOLVED_MEMO) this.resolved.set(ref, id);
    }
    values[at + this.toIdx] = id;
    if (id === null) this.unresolved.set(ref, (this.unresolved.get(ref) ?? 0) + 1);
  }

  /** Completes the write; conflicting rows (same key, other values) are left out of the table. */
  finish(): WriteCounts {
    return this.path.finish();
  }
}

/**
 * Same key twice in one file: identical business values (custom fields, the last column, aside,
 * as in line-item exports such as Xero's) collapse into one record; anything else is a conflict.
 */
function sameRecord(first: DbValue[], values: DbValue[], width: number): boolean {
  for (let i = 0; i < width - 1; i++) if (first[i] !== values[i]) return false;
  return true;
}

/** A value as an SQL literal (text quoted, quotes doubled). */
function sqlLiteral(value: string | number): string {
  return typeof value === 'number' ? String(value) : `'${value.replaceAll("'", "''")}'`;
}

/**
 * Appends rows to one table, ROWS_PER_INSERT per statement, skipping a key the table already
 * holds; such a row is then classed against the row that holds the key: a duplicate or a conflict.
 *
 * The batch statement is `INSERT OR IGNORE`, which needs no statement journal (a multi-row
 * `ON CONFLICT DO NOTHING` insert keeps one, at a cost on every statement). OR IGNORE would also
 * pass over a row that breaks a NOT NULL or CHECK constraint, so every row a batch leaves out is
 * inserted again on its own with `ON CONFLICT DO NOTHING`: that skips a key already there and
 * raises any other constraint error, as the batch would have without OR IGNORE.
 * Columns with one value per file (`constants`, and source_file) are SQL literals, not
 * parameters: a statement with only positional parameters binds faster.
 */
class KeyedInserter {
  private readonly insertMany: Database.Statement;
  private readonly insertOne: Database.Statement;
  private readonly lookup: Database.Statement;
  private readonly width: number;
  private readonly stride: number;
  private readonly keyIdx: number[];
  /** Rows waiting for a full statement, flat as in a RowBatch. */
  private pending: DbValue[] = [];
  added = 0;
  duplicates = 0;
  readonly conflicts: Conflict[] = [];

  /** `constants`: columns with one value for the whole file, source_file among them. */
  constructor(db: Db, private readonly target: string, layout: TableLayout, constants: Record<string, string | number>) {
    const { columns, key } = layout;
    this.width = columns.length;
    this.stride = this.width + 1; // + source_line
    this.keyIdx = key.map((k) => columns.indexOf(k));
    const names = [...columns, 'source_line', ...Object.keys(constants)];
    const tuple = `(${[...columns.map(() => '?'), '?', ...Object.values(constants).map(sqlLiteral)].join(', ')})`;
    const head = `INTO ${target} (${names.join(', ')}) VALUES`;
    this.insertMany = db.prepare(`INSERT OR IGNORE ${head} ${Array(ROWS_PER_INSERT).fill(tuple).join(', ')}`);
    this.insertOne = db.prepare(`INSERT ${head} ${tuple} ON CONFLICT DO NOTHING`);
    this.lookup = db.prepare(`SELECT ${columns.join(', ')}, source_line FROM ${target} WHERE ${key.map((k) => `${k} = ?`).join(' AND ')}`).raw();
  }

  /** Adds rows laid out as in a RowBatch's values. */
  addRows(values: DbValue[]): void {
    const chunk = ROWS_PER_INSERT * this.stride;
    let at = 0;
    if (this.pending.length > 0) {
      const take = Math.min(values.length, chunk - this.pending.length);
      for (let i = 0; i < take; i++) this.pending.push(values[i] as DbValue);
      at = take;
      if (this.pending.length === chunk) this.flush();
    }
    for (; at + chunk <= values.length; at += chunk) this.insertChunk(values.slice(at, at + chunk), ROWS_PER_INSERT);
    for (; at < values.length; at++) this.pending.push(values[at] as DbValue);
  }

  /** Writes the rows still waiting for a full statement. */
  flush(): void {
    const rows = this.pending.length / this.stride;
    if (rows > 0) this.insertChunk(this.pending, rows);
    this.pending = [];
  }

  private insertOneRow(values: DbValue[], r: number): number {
    return this.insertOne.run(...values.slice(r * this.stride, (r + 1) * this.stride)).changes;
  }

  private insertChunk(values: DbValue[], rows: number): void {
    let changes = 0;
    if (rows === ROWS_PER_INSERT) changes = this.insertMany.run(...values).changes;
    else for (let r = 0; r < rows; r++) changes += this.insertOneRow(values, r);
    this.added += rows;
    // A key this file already wrote: the row that holds it came from another line.
    if (changes < rows) {
      for (let r = 0; r < rows; r++) {
        const row = values.slice(r * this.stride, (r + 1) * this.stride);
        const line = Number(row[this.width]);
        const key = this.keyIdx.map((i) => row[i]);
        let first = this.lookup.get(...key) as DbValue[] | undefined;
        if (first === undefined && rows === ROWS_PER_INSERT) {
          this.insertOneRow(values, r); // throws the constraint error OR IGNORE passed over
          first = this.lookup.get(...key) as DbValue[] | undefined;
        }
        if (first === undefined) throw new Error(`internal: row of line ${line} was not written to ${this.target}`);
        const firstLine = Number(first[this.width]);
        if (firstLine === line) continue;
        const business = row.slice(0, this.width);
        if (sameRecord(first, business, this.width)) this.duplicates++;
        else this.conflicts.push({ line, firstLine, values: business });
      }
    }
  }
}

class DirectPath {
  readonly rows: KeyedInserter;
  /** Secondary indexes dropped for the load, rebuilt by finish(). */
  private readonly dropped: string[] = [];
  /** The table's own index on its natural key, kept through the load while keys arrive in order. */
  private keyIndex: { name: string; sql: string } | undefined;
  /** That index once dropped for the load: finish() builds it first. */
  private droppedKey: string | undefined;
  private readonly keyAt: number;
  private lastKey: string | undefined;
  private trialRows = KEY_ORDER_TRIAL_ROWS;
  private readonly cacheSize: number;
  private readonly touchSchema: Database.Statement;
  private sinceTouch = 0;

  constructor(private readonly opts: WriterOptions, private readonly layout: TableLayout) {
    const { db } = opts;
    const { table } = layout;
    this.cacheSize = Number(db.pragma('cache_size', { simple: true }));
    db.pragma(`cache_size = ${-LOAD_CACHE_KIB}`);
    // Explicit indexes (autoindexes have no sql), with their columns in order.
    const indexes = db
      .prepare(
        `SELECT s.name, s.sql, l."unique" AS isUnique, (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(s.name) ORDER BY seqno)) AS cols
         FROM sqlite_schema s JOIN pragma_index_list(s.tbl_name) l ON l.name = s.name
         WHERE s.type = 'index' AND s.tbl_name = ? AND s.sql IS NOT NULL`,
      )
      .all(table) as { name: string; sql: string; isUnique: number; cols: string }[];
    this.keyAt = layout.key.length === 1 ? layout.columns.indexOf(layout.key[0] as string) : -1;
    for (const { name, sql, isUnique, cols } of indexes) {
      if (isUnique !== 1) {
        db.exec(`DROP INDEX "${name}"`);
        this.dropped.push(sql);
      } else if (this.keyAt >= 0 && cols === layout.key[0]) {
        this.keyIndex = { name, sql };
      } // any other unique index stays, and enforces its constraint as rows go in
    }
    const constants: Record<string, string | number> = { source_file: opts.file, import_id: opts.importId };
    if (table === 'deals') Object.assign(constants, { snapshot_as_of: opts.asOf, snapshot_import_id: opts.importId });
    this.rows = new KeyedInserter(db, table, layout, constants);
    this.touchSchema = db.prepare('SELECT count(*) FROM sqlite_schema');
  }

  /**
   * Adds rows. The first KEY_ORDER_TRIAL_ROWS decide what happens to a key index of the table's
   * own (deals_id): keys in ascending order (an export sorted by id) only ever append to it, so
   * it stays and catches a repeated key as rows go in; keys in any other order would each cost a
   * random insert, so it is dropped then, before much is written, and built once by finish().
   */
  addRows(values: DbValue[]): void {
    if (this.keyIndex !== undefined && this.trialRows > 0) this.watchKeyOrder(values);
    this.rows.addRows(values);
    this.sinceTouch += values.length;
    if (this.sinceTouch >= SCHEMA_TOUCH_VALUES) {
      this.touchSchema.get();
      this.sinceTouch = 0;
    }
  }

  private watchKeyOrder(values: DbValue[]): void {
    const stride = this.layout.columns.length + 1;
    for (let at = this.keyAt; at < values.length && this.trialRows > 0; at += stride, this.trialRows--) {
      const key = values[at];
      if (typeof key !== 'string' || (this.lastKey !== undefined && key <= this.lastKey)) {
        const index = this.keyIndex;
        if (index === undefined) return;
        this.rows.flush();
        this.opts.db.exec(`DROP INDEX "${index.name}"`);
        this.droppedKey = index.sql;
        this.keyIndex = undefined;
        return;
      }
      this.lastKey = key;
    }
  }

  finish(): WriteCounts {
    const { db } = this.opts;
    this.rows.flush();
    const threads = Number(db.pragma('threads', { simple: true }));
    db.pragma(`threads = ${INDEX_SORT_THREADS}`);
    let repeated: Repeated = { duplicates: 0, conflicts: [] };
    try {
      // The natural key first: rows that repeat a key leave before the other indexes are built.
      if (this.droppedKey !== undefined) repeated = this.buildKeyIndex(this.droppedKey);
      for (const sql of this.dropped) db.exec(sql);
    } finally {
      db.pragma(`threads = ${threads}`);
    }
    db.pragma(`cache_size = ${this.cacheSize}`);
    const { added } = this.rows;
    const duplicates = this.rows.duplicates + repeated.duplicates;
    const conflicts = [...this.rows.conflicts, ...repeated.conflicts].sort((a, b) => a.line - b.line);
    return { inserted: added - duplicates - conflicts.length, updated: 0, unchanged: 0, duplicates, conflicts };
  }

  /**
   * Builds the key index dropped for the load: nothing checked the key while rows went in, so a
   * key the file repeats makes the build fail; the repeats are then classed and removed, as the
   * index would have kept them out, and the index is built again.
   */
  private buildKeyIndex(sql: string): Repeated {
    try {
      this.opts.db.exec(sql);
      return { duplicates: 0, conflicts: [] };
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && err.code === 'SQLITE_CONSTRAINT_UNIQUE')) throw err;
    }
    const repeated = this.removeRepeatedKeys();
    this.opts.db.exec(sql);
    return repeated;
  }

  /** Keeps the first line of each key the file repeats; later lines are duplicates or conflicts. */
  private removeRepeatedKeys(): Repeated {
    const { db } = this.opts;
    const { table, columns, key } = this.layout;
    const keys = key.join(', ');
    const width = columns.length;
    const rows = db
      .prepare(
        `SELECT rowid, ${columns.join(', ')}, source_line FROM ${table}
         WHERE (${keys}) IN (SELECT ${keys} FROM ${table} GROUP BY ${keys} HAVING count(*) > 1)
         ORDER BY ${keys}, source_line`,
      )
      .raw()
      .all() as DbValue[][];
    const remove = db.prepare(`DELETE FROM ${table} WHERE rowid = ?`);
    const keyIdx = key.map((k) => 1 + columns.indexOf(k));
    const found: Repeated = { duplicates: 0, conflicts: [] };
    let first: DbValue[] | undefined;
    for (const row of rows) {
      const values = row.slice(1, 1 + width);
      if (first === undefined || keyIdx.some((i) => row[i] !== first?.[i])) {
        first = row;
        continue;
      }
      remove.run(row[0]);
      if (sameRecord(first.slice(1, 1 + width), values, width)) found.duplicates++;
      else found.conflicts.push({ line: Number(row[1 + width]), firstLine: Number(first[1 + width]), values });
    }
    return found;
  }
}

interface Repeated {
  duplicates: number;
  conflicts: Conflict[];
}

class StagedPath {
  readonly rows: KeyedInserter;

  constructor(private readonly opts: WriterOptions, private readonly layout: TableLayout) {
    const cols = layout.columns;
    opts.db.exec(`DROP TABLE IF EXISTS ${STAGE}; CREATE TABLE ${STAGE} (${cols.join(', ')}, source_line, source_file, UNIQUE (${layout.key.join(', ')}))`);
    this.rows = new KeyedInserter(opts.db, STAGE, layout, { source_file: opts.file });
  }

  addRows(values: DbValue[]): void {
    this.rows.addRows(values);
  }

  finish(): WriteCounts {
    const { db, importId, asOf } = this.opts;
    const { table, columns, key } = this.layout;
    const keyEq = (a: string, b: string): string => key.map((k) => `${a}.${k} = ${b}.${k}`).join(' AND ');
    const differs = (a: string, b: string, cols: readonly string[]): string => cols.map((c) => `${a}.${c} IS NOT ${b}.${c}`).join(' OR ');

    this.rows.flush();
    const total = db.prepare(`SELECT COUNT(*) FROM ${STAGE}`).pluck().get() as number;
    // Unchanged records leave first, so the joins below only see new and changed ones (on a
    // daily re-import of a full export, that is most of the file).
    const unchanged = db
      .prepare(`DELETE FROM ${STAGE} AS s WHERE EXISTS (SELECT 1 FROM ${table} d WHERE ${keyEq('d', 's')} AND NOT (${differs('s', 'd', columns)}))`)
      .run().changes;
    const inserted = db.prepare(`SELECT COUNT(*) FROM ${STAGE} s WHERE NOT EXISTS (SELECT 1 FROM ${table} d WHERE ${keyEq('d', 's')})`).pluck().get() as number;
    const counts = { inserted, updated: total - unchanged - inserted, unchanged };

    const all = [...columns, 'source_file', 'source_line', 'import_id'];
    const set = all.filter((c) => !key.includes(c)).map((c) => `${c} = excluded.${c}`);
    let extra = '';
    let extraValues = '';
    if (table === 'deals') {
      const snap = SNAPSHOT_COLUMNS.join(', ');
      const changed = `FROM ${STAGE} s JOIN deals d ON d.deal_id = s.deal_id WHERE (${differs('s', 'd', SNAPSHOT_COLUMNS)})`;
      // The version a changed deal leaves behind becomes history, unless it was recorded as of
      // this same date (then this import replaces it, as a re-import of that day's export would).
      db.prepare(`DELETE FROM deal_history WHERE as_of = ? AND deal_id IN (SELECT s.deal_id ${changed})`).run(asOf);
      db.prepare(
        `INSERT INTO deal_history (deal_id, as_of, import_id, ${snap})
         SELECT d.deal_id, d.snapshot_as_of, d.snapshot_import_id, ${SNAPSHOT_COLUMNS.map((c) => `d.${c}`).join(', ')}
         ${changed} AND d.snapshot_as_of IS NOT ? AND d.snapshot_as_of IS NOT NULL
         ON CONFLICT (deal_id, as_of) DO UPDATE SET import_id = excluded.import_id, ${SNAPSHOT_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`,
      ).run(asOf);
      extra = ', snapshot_as_of, snapshot_import_id';
      extraValues = ', @asOf, @importId';
      const moved = `(${differs('deals', 'excluded', SNAPSHOT_COLUMNS)})`;
      set.push(
        `snapshot_as_of = CASE WHEN ${moved} THEN excluded.snapshot_as_of ELSE deals.snapshot_as_of END`,
        `snapshot_import_id = CASE WHEN ${moved} THEN excluded.snapshot_import_id ELSE deals.snapshot_import_id END`,
      );
    }
    db.prepare(
      `INSERT INTO ${table} (${all.join(', ')}${extra})
       SELECT ${[...columns, 'source_file', 'source_line'].join(', ')}, @importId${extraValues} FROM ${STAGE} WHERE true
       ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${set.join(', ')}`,
    ).run(table === 'deals' ? { importId, asOf } : { importId });
    db.exec(`DROP TABLE ${STAGE}`);
    return { ...counts, duplicates: this.rows.duplicates, conflicts: this.rows.conflicts };
  }
}
