/**
 * The entity writer on its own: provenance literals (a file name with a quote), batches that
 * leave rows out (in-file duplicates, on both paths), and a constraint error inside a full
 * batch, which must still stop the write rather than drop the row.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EntityWriter } from '../src/db/entity-writer.js';
import { openDb, type Db } from '../src/db/open.js';
import type { DbValue } from '../src/db/tables.js';
import { tempDir } from './helpers/run-spm.js';

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
    const rows = Array.from({ length: 16 }, (_, i) => deal(`D${i}`, 100));
    rows[5] = deal('D1', 100); // same record as line 3
    rows[9] = deal('D2', 999); // D2 with another amount: a conflict with line 4
    const counts = write(db, rows, 'deals.csv');
    expect(counts.inserted).toBe(14);
    expect(counts.duplicates).toBe(1);
    expect(counts.conflicts.map((c) => [c.line, c.firstLine])).toEqual([[11, 4]]);
    expect(db.prepare('SELECT COUNT(*) FROM deals').pluck().get()).toBe(14);
    expect(db.prepare("SELECT amount_minor FROM deals WHERE deal_id = 'D2'").pluck().get()).toBe(100);
  });

  it('a row breaking a NOT NULL or CHECK constraint inside a full batch stops the write', () => {
    for (const bad of [deal('X', 1, 'Won', null), deal('X', 1, 'Won', 'closed')]) {
      const db = freshDb();
      const rows = Array.from({ length: 16 }, (_, i) => deal(`D${i}`, 100));
      rows[6] = bad;
      expect(() => write(db, rows, 'deals.csv')).toThrow(/constraint failed/);
      expect(db.prepare('SELECT COUNT(*) FROM deals').pluck().get()).toBe(0);
    }
  });

  it('on a table with rows (the staged path), the same classification holds', () => {
    const db = freshDb();
    write(db, [deal('A', 1)], 'first.csv');
    const rows = Array.from({ length: 16 }, (_, i) => deal(`S${i}`, 5));
    rows[3] = deal('S0', 5);
    const counts = write(db, rows, "it's.csv");
    expect(counts).toMatchObject({ inserted: 15, updated: 0, unchanged: 0, duplicates: 1, conflicts: [] });
    expect(db.prepare("SELECT DISTINCT source_file FROM deals WHERE deal_id LIKE 'S%'").pluck().all()).toEqual(["it's.csv"]);
  });
});
