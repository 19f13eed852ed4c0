/**
 * The entity writer on its own: provenance literals (a file name with a quote), batches that
 * leave rows out (in-file duplicates, on both paths), and a constraint error inside a full
 * batch, which must still stop the write rather than drop the row. And rep references of rows
 * already stored, resolved again when reps change.
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EntityWriter, ROWS_PER_INSERT } from '../src/db/entity-writer.js';
import { openDb, type Db } from '../src/db/open.js';
import type { DbValue } from '../src/db/tables.js';
import { spm, tempDir } from './helpers/run-spm.js';

function freshDb(): Db {
  return openDb({ path: join(tempDir(), 'spm.db'), busyTimeoutMs: 1000 });
}

/** A deals row in TABLES order. */
function deal(id: string, amountMinor: number, stage = 'Prospecting', status: string | null = 'open'): DbValue[] {
  return [id, `Deal ${id}`, 'Acme', 'ana', null, amountMinor, 'USD', stage, status, null, null, '2026-03-01', null, null, null, null, null];
}

function write(db: Db, rows: DbValue[][], file: string): ReturnType<EntityWriter['finish']> {
  db.exec('BEGIN IMMEDIATE');
  try {
    const w = new EntityWriter({ db, entity: 'deals', importId: 7, asOf: '2026-01-05', file });
    // Rows arrive in batches of uneven size, as the import worker sends them.
    for (let i = 0; i < rows.length; i += 7) {
      const part = rows.slice(i, i + 7);
      w.addRows({ values: part.flatMap((r, j) => [...r, i + j + 2]), count: part.length });
    }
    const counts = w.finish();
    db.exec('COMMIT');
    return counts;
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}

describe('entity writer', () => {
  it("stores a file name with a quote verbatim, with the import's constants", () => {
    const db = freshDb();
    const file = "/data/O'Brien's deals.csv";
    const rows = Array.from({ length: 40 }, (_, i) => deal(`D${i}`, 100 * i));
    expect(write(db, rows, file)).toMatchObject({ inserted: 40, duplicates: 0, conflicts: [] });
    const stored = db.prepare('SELECT DISTINCT source_file, import_id, snapshot_as_of, snapshot_import_id FROM deals').all();
    expect(stored).toEqual([{ source_file: file, import_id: 7, snapshot_as_of: '2026-01-05', snapshot_import_id: 7 }]);
    expect(db.prepare("SELECT source_line FROM deals WHERE deal_id = 'D20'").pluck().get()).toBe(22);
  });

  it('classes a key seen twice in one full batch: same values a duplicate, other values a conflict', () => {
    const db = freshDb();
    const rows = Array.from({ length: ROWS_PER_INSERT }, (_, i) => deal(`D${i}`, 100));
    rows[5] = deal('D1', 100); // same record as line 3
    rows[9] = deal('D2', 999); // D2 with another amount: a conflict with line 4
    const counts = write(db, rows, 'deals.csv');
    expect(counts.inserted).toBe(ROWS_PER_INSERT - 2);
    expect(counts.duplicates).toBe(1);
    expect(counts.conflicts.map((c) => [c.line, c.firstLine])).toEqual([[11, 4]]);
    expect(db.prepare('SELECT COUNT(*) FROM deals').pluck().get()).toBe(ROWS_PER_INSERT - 2);
    expect(db.prepare("SELECT amount_minor FROM deals WHERE deal_id = 'D2'").pluck().get()).toBe(100);
  });

  it('keys repeated across batches and out of order: the first line stays, the rest classed in file order', () => {
    const db = freshDb();
    const rows = Array.from({ length: 3 * ROWS_PER_INSERT + 5 }, (_, i) => deal(`D${String(i).padStart(4, '0')}`, 100 + i));
    rows[150] = deal('D0100', 200); // same record as line 102
    rows[170] = deal('D0100', 999); // D0100 again, other amount: a conflict with line 102
    rows[180] = deal('D0003', 5); // a key earlier in key order, later in the file: a conflict with line 5
    rows[190] = deal('D0100', 200); // a third time, same as the first: a duplicate
    const counts = write(db, rows, 'deals.csv');
    expect(counts.duplicates).toBe(2);
    expect(counts.conflicts.map((c) => [c.line, c.firstLine, c.values[0], c.values[5]])).toEqual([[172, 102, 'D0100', 999], [182, 5, 'D0003', 5]]);
    expect(counts.inserted).toBe(rows.length - 4);
    expect(db.prepare('SELECT COUNT(*) FROM deals').pluck().get()).toBe(rows.length - 4);
    expect(db.prepare("SELECT amount_minor, source_line FROM deals WHERE deal_id IN ('D0100', 'D0003') ORDER BY deal_id").raw().all()).toEqual([[103, 5], [200, 102]]);
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'deals'").pluck().get()).toBe(3);
  });

  it('keeps the key index through a load whose ids come in order, and builds it afterwards otherwise', () => {
    const root = (db: Db): unknown => db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'deals_id'").pluck().get();
    const ids = Array.from({ length: 2000 }, (_, i) => `D${String(i).padStart(5, '0')}`);
    const sorted = freshDb();
    const before = root(sorted);
    expect(write(sorted, ids.map((id) => deal(id, 1)), 'sorted.csv')).toMatchObject({ inserted: 2000, duplicates: 0, conflicts: [] });
    expect(root(sorted)).toBe(before); // the same index, never dropped
    const shuffled = freshDb();
    const order = ids.map((id, i) => ids[(i * 7919) % ids.length] as string);
    expect(write(shuffled, order.map((id) => deal(id, 1)), 'shuffled.csv')).toMatchObject({ inserted: 2000, duplicates: 0, conflicts: [] });
    expect(root(shuffled)).not.toBe(before); // dropped for the load, built again at the end
    for (const db of [sorted, shuffled]) {
      expect(db.prepare('SELECT COUNT(*) FROM deals').pluck().get()).toBe(2000);
      expect(db.prepare("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'deals'").pluck().get()).toBe(3);
      expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    }
  });

  it('a row breaking a NOT NULL or CHECK constraint inside a full batch stops the write', () => {
    for (const bad of [deal('X', 1, 'Won', null), deal('X', 1, 'Won', 'closed')]) {
      const db = freshDb();
      const rows = Array.from({ length: ROWS_PER_INSERT }, (_, i) => deal(`D${i}`, 100));
      rows[6] = bad;
      expect(() => write(db, rows, 'deals.csv')).toThrow(/constraint failed/);
      expect(db.prepare('SELECT COUNT(*) FROM deals').pluck().get()).toBe(0);
    }
  });

  it('on a table with rows (the staged path), the same classification holds', () => {
    const db = freshDb();
    write(db, [deal('A', 1)], 'first.csv');
    const rows = Array.from({ length: ROWS_PER_INSERT }, (_, i) => deal(`S${i}`, 5));
    rows[3] = deal('S0', 5);
    const counts = write(db, rows, "it's.csv");
    expect(counts).toMatchObject({ inserted: ROWS_PER_INSERT - 1, updated: 0, unchanged: 0, duplicates: 1, conflicts: [] });
    expect(db.prepare("SELECT DISTINCT source_file FROM deals WHERE deal_id LIKE 'S%'").pluck().all()).toEqual(["it's.csv"]);
  });
});

describe('rep references re-resolved when reps change', () => {
  it('fills, changes and clears owner_rep_id on deals and rep_id on splits, in one pass per table', () => {
    const dir = tempDir();
    const db = join(dir, 'spm.db');
    const put = (name: string, lines: string[]): string => {
      writeFileSync(join(dir, name), lines.join('\n') + '\n');
      return name;
    };
    const deals = put('deals.csv', ['deal_id,owner,amount,stage,close_date', 'D1,Ana Lima,10.00,Closed Won,2026-01-05', 'D2,bo@example.com,20.00,Closed Won,2026-01-06', 'D3,Cy Park,30.00,Prospecting,2026-02-01', 'D4,,5.00,Prospecting,2026-02-01']);
    const splits = put('splits.csv', ['deal_id,rep_id,percent', 'D1,Ana Lima,60', 'D1,bo@example.com,40']);
    expect(spm(['--db', db, '-q', 'import', 'deals', deals], { cwd: dir }).code).toBe(0);
    expect(spm(['--db', db, '-q', 'import', 'splits', splits], { cwd: dir }).code).toBe(0);
    const owners = (): unknown => {
      const d = new Database(db, { readonly: true });
      try {
        return {
          deals: d.prepare('SELECT deal_id, owner_rep_id FROM deals ORDER BY deal_id').raw().all(),
          splits: d.prepare('SELECT rep_ref, rep_id FROM splits ORDER BY rep_ref').raw().all(),
        };
      } finally {
        d.close();
      }
    };
    expect(owners()).toEqual({ deals: [['D1', null], ['D2', null], ['D3', null], ['D4', null]], splits: [['Ana Lima', null], ['bo@example.com', null]] });

    const reps1 = put('reps1.csv', ['rep_id,name,email', 'R1,Ana Lima,ana@example.com', 'R2,Bo Chen,BO@example.com']);
    const r1 = spm(['--db', db, 'import', 'reps', reps1], { cwd: dir });
    expect(r1.code, r1.stderr).toBe(0);
    expect(r1.stderr).toContain('resolved rep references on 4 existing row(s)');
    expect(owners()).toEqual({ deals: [['D1', 'R1'], ['D2', 'R2'], ['D3', null], ['D4', null]], splits: [['Ana Lima', 'R1'], ['bo@example.com', 'R2']] });

    // A second "Ana Lima" makes the name ambiguous (never guessed); Cy Park arrives.
    const reps2 = put('reps2.csv', ['rep_id,name,email', 'R3,Ana Lima,ana.two@example.com', 'R4,Cy Park,cy@example.com']);
    const r2 = spm(['--db', db, 'import', 'reps', reps2], { cwd: dir });
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stderr).toContain('resolved rep references on 3 existing row(s)');
    expect(owners()).toEqual({ deals: [['D1', null], ['D2', 'R2'], ['D3', 'R4'], ['D4', null]], splits: [['Ana Lima', null], ['bo@example.com', 'R2']] });
  });
});
