/**
 * Deal history across imports: a deal's current snapshot is its deals row, superseded versions
 * are rows of deal_history, and the deal_snapshots view shows one row per deal per as-of date on
 * which it was new or changed. Also: in-file duplicates on the direct (empty-table) path across
 * INSERT batches, and the upgrade of a schema-1 database, whose deal_snapshots table held all rows.
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../src/db/open.js';
import { ROWS_PER_INSERT } from '../src/db/entity-writer.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../src/db/schema.js';
import { fileHash, spm, tempDir } from './helpers/run-spm.js';

const HEADER = 'deal_id,name,owner,amount,currency,stage,close_date';

function query<T>(dbPath: string, sql: string): T[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe('deal snapshots across imports', () => {
  let dir: string;
  let dbPath: string;
  const run = (name: string, lines: string[], asOf: string): { code: number; stdout: string; stderr: string } => {
    writeFileSync(join(dir, name), [HEADER, ...lines].join('\n') + '\n');
    return spm(['--db', dbPath, '--format', 'csv', 'import', 'deals', name, '--as-of', asOf], { cwd: dir });
  };
  const snapshots = (): string[] =>
    query<{ r: string }>(dbPath, "SELECT deal_id || '@' || as_of || ' ' || stage || ' ' || amount_minor AS r FROM deal_snapshots ORDER BY deal_id, as_of").map((x) => x.r);
  const counts = (stdout: string): string => stdout.trim().split('\n')[1]?.split(',').slice(3, 7).join(',') ?? '';

  beforeAll(() => {
    dir = tempDir();
    dbPath = join(dir, 'spm.db');
  });

  it('a first import records every deal once, on its deals row', () => {
    const r = run('jan.csv', ['A,Alpha,ana,100.00,USD,Prospecting,2026-03-01', 'B,Beta,ana,200.00,USD,Prospecting,2026-03-01', 'C,Gamma,bo,300.00,USD,Closed Won,2026-01-03'], '2026-01-05');
    expect(r.code, r.stderr).toBe(0);
    expect(counts(r.stdout)).toBe('3,0,0,0'); // inserted, updated, unchanged, duplicates
    expect(snapshots()).toEqual(['A@2026-01-05 Prospecting 10000', 'B@2026-01-05 Prospecting 20000', 'C@2026-01-05 Closed Won 30000']);
    expect(query(dbPath, 'SELECT COUNT(*) AS n FROM deal_history')).toEqual([{ n: 0 }]);
  });

  it('a later import adds a snapshot only for deals whose tracked fields changed', () => {
    // A is won now; B only changed its name (not a tracked field); C is unchanged; D is new.
    const r = run('feb.csv', ['A,Alpha,ana,100.00,USD,Closed Won,2026-01-30', 'B,Beta renamed,ana,200.00,USD,Prospecting,2026-03-01', 'C,Gamma,bo,300.00,USD,Closed Won,2026-01-03', 'D,Delta,bo,50.00,USD,Prospecting,2026-04-01'], '2026-02-01');
    expect(r.code, r.stderr).toBe(0);
    expect(counts(r.stdout)).toBe('1,2,1,0');
    expect(snapshots()).toEqual([
      'A@2026-01-05 Prospecting 10000', 'A@2026-02-01 Closed Won 10000',
      'B@2026-01-05 Prospecting 20000', 'C@2026-01-05 Closed Won 30000', 'D@2026-02-01 Prospecting 5000',
    ]);
    expect(query(dbPath, "SELECT deal_id, as_of FROM deal_history")).toEqual([{ deal_id: 'A', as_of: '2026-01-05' }]);
    expect(query(dbPath, "SELECT name, snapshot_as_of FROM deals WHERE deal_id = 'B'")).toEqual([{ name: 'Beta renamed', snapshot_as_of: '2026-01-05' }]);
  });

  it('a re-import as of the same date replaces that date\'s snapshot', () => {
    const r = run('feb-fixed.csv', ['A,Alpha,ana,120.00,USD,Closed Won,2026-01-30', 'B,Beta renamed,ana,200.00,USD,Prospecting,2026-03-01', 'C,Gamma,bo,300.00,USD,Closed Won,2026-01-03', 'D,Delta,bo,50.00,USD,Prospecting,2026-04-01'], '2026-02-01');
    expect(r.code, r.stderr).toBe(0);
    expect(counts(r.stdout)).toBe('0,1,3,0');
    expect(snapshots()).toEqual([
      'A@2026-01-05 Prospecting 10000', 'A@2026-02-01 Closed Won 12000',
      'B@2026-01-05 Prospecting 20000', 'C@2026-01-05 Closed Won 30000', 'D@2026-02-01 Prospecting 5000',
    ]);
  });

  it('an older export imported late adds its date, and the database keeps the last import\'s values', () => {
    const r = run('mid-jan.csv', ['A,Alpha,ana,100.00,USD,Negotiation,2026-02-15'], '2026-01-20');
    expect(r.code, r.stderr).toBe(0);
    expect(snapshots().filter((s) => s.startsWith('A@'))).toEqual(['A@2026-01-05 Prospecting 10000', 'A@2026-01-20 Negotiation 10000', 'A@2026-02-01 Closed Won 12000']);
    expect(query(dbPath, "SELECT stage, snapshot_as_of FROM deals WHERE deal_id = 'A'")).toEqual([{ stage: 'Negotiation', snapshot_as_of: '2026-01-20' }]);
  });
});

describe('in-file duplicates on a first import (rows written in batches)', () => {
  const rows = (n: number): string[] => Array.from({ length: n }, (_, i) => `D${String(i).padStart(3, '0')},Deal ${i},ana,${i + 1}.00,USD,Prospecting,2026-03-01`);
  const N = 3 * ROWS_PER_INSERT + 10; // three full INSERT batches and a remainder

  it('an identical repeat of a row several batches earlier collapses into one deal', () => {
    const dir = tempDir();
    const lines = rows(N);
    lines.splice(2 * ROWS_PER_INSERT + 5, 0, lines[2] as string); // a row of the third batch repeats line 4
    writeFileSync(join(dir, 'd.csv'), [HEADER, ...lines].join('\n') + '\n');
    const r = spm(['--db', 'spm.db', '--format', 'csv', 'import', 'deals', 'd.csv'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')[1]).toMatch(new RegExp(`^d\\.csv,generic,${N + 1},${N},0,0,1,0,`));
    expect(query(join(dir, 'spm.db'), 'SELECT COUNT(*) AS n, SUM(amount_minor) AS s FROM deals')).toEqual([{ n: N, s: ((N * (N + 1)) / 2) * 100 }]);
  });

  it('the same key with other values, in the same batch or a later one, is refused with both line numbers', () => {
    const dir = tempDir();
    const lines = rows(N);
    lines.splice(3, 0, 'D001,Deal 1,ana,999.00,USD,Prospecting,2026-03-01'); // line 5 conflicts with line 3
    lines.splice(ROWS_PER_INSERT + 10, 0, 'D020,Deal 20,bo,21.00,USD,Prospecting,2026-03-01'); // a later batch: conflicts with line 23 (other owner)
    writeFileSync(join(dir, 'd.csv'), [HEADER, ...lines].join('\n') + '\n');
    writeFileSync(join(dir, 'reps.csv'), 'rep_id,name\nana,Ana\nbo,Bo\n');
    expect(spm(['--db', 'spm.db', 'import', 'reps', 'reps.csv'], { cwd: dir }).code).toBe(0);
    const before = fileHash(join(dir, 'spm.db'));
    const r = spm(['--db', 'spm.db', 'import', 'deals', 'd.csv'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/d\.csv:5: the same deal_id appears on line 3 with different values/);
    expect(r.stderr).toMatch(new RegExp(`d\\.csv:${ROWS_PER_INSERT + 12}: the same deal_id appears on line 23 with different values`));
    expect(fileHash(join(dir, 'spm.db'))).toBe(before);
  });
});

describe('upgrading a schema-1 database', () => {
  it('moves each deal\'s latest snapshot onto its row and keeps the rest as history; the view shows the same rows', () => {
    const dir = tempDir();
    const path = join(dir, 'old.db');
    const old = new Database(path);
    old.exec(MIGRATIONS[0] as string);
    old.pragma('user_version = 1');
    const deal = old.prepare("INSERT INTO deals (deal_id, owner, amount_minor, currency, stage, status, close_date, source_file, source_line, import_id) VALUES (?, 'ana', ?, 'USD', ?, ?, '2026-03-01', 'd.csv', 2, ?)");
    const snap = old.prepare("INSERT INTO deal_snapshots (deal_id, as_of, import_id, owner, amount_minor, currency, stage, status, close_date) VALUES (?, ?, ?, 'ana', ?, 'USD', ?, ?, '2026-03-01')");
    deal.run('A', 12000, 'Closed Won', 'won', 2);
    snap.run('A', '2026-01-05', 1, 10000, 'Prospecting', 'open');
    snap.run('A', '2026-02-01', 2, 12000, 'Closed Won', 'won');
    deal.run('B', 20000, 'Prospecting', 'open', 1);
    snap.run('B', '2026-01-05', 1, 20000, 'Prospecting', 'open');
    const before = old.prepare('SELECT * FROM deal_snapshots ORDER BY deal_id, as_of').all();
    old.close();

    const db = openDb({ path, busyTimeoutMs: 1000 });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.prepare('SELECT * FROM deal_snapshots ORDER BY deal_id, as_of').all()).toEqual(before);
      expect(db.prepare('SELECT deal_id, snapshot_as_of, snapshot_import_id FROM deals ORDER BY deal_id').all()).toEqual([
        { deal_id: 'A', snapshot_as_of: '2026-02-01', snapshot_import_id: 2 },
        { deal_id: 'B', snapshot_as_of: '2026-01-05', snapshot_import_id: 1 },
      ]);
      expect(db.prepare('SELECT deal_id, as_of FROM deal_history').all()).toEqual([{ deal_id: 'A', as_of: '2026-01-05' }]);
    } finally {
      db.close();
    }
  });
});

describe('upgrading a schema-2 database', () => {
  it('makes deal_id a unique index of its own, keeping every row, its rowid and the snapshots view', () => {
    const dir = tempDir();
    const path = join(dir, 'v2.db');
    const old = new Database(path);
    old.exec(MIGRATIONS[0] as string);
    old.exec(MIGRATIONS[1] as string);
    old.pragma('user_version = 2');
    const deal = old.prepare(
      "INSERT INTO deals (rowid, deal_id, owner, owner_rep_id, amount_minor, currency, stage, status, close_date, custom, source_file, source_line, import_id, snapshot_as_of, snapshot_import_id) VALUES (?, ?, 'ana', 'R1', ?, 'USD', 'Closed Won', 'won', '2026-03-01', ?, 'd.csv', ?, 1, '2026-03-31', 1)",
    );
    deal.run(7, '0042', 12000, '{"Region":"EMEA"}', 2);
    deal.run(9, 'B', 20000, null, 3);
    old.prepare("INSERT INTO deal_history (deal_id, as_of, import_id, owner, amount_minor, currency, stage, status, close_date) VALUES ('B', '2026-01-05', 0, 'ana', 1, 'USD', 'Prospecting', 'open', '2026-03-01')").run();
    const rows = old.prepare('SELECT rowid, * FROM deals ORDER BY rowid').all();
    const snapshots = old.prepare('SELECT * FROM deal_snapshots ORDER BY deal_id, as_of').all();
    old.close();

    const db = openDb({ path, busyTimeoutMs: 1000 });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.prepare('SELECT rowid, * FROM deals ORDER BY rowid').all()).toEqual(rows);
      expect(db.prepare('SELECT * FROM deal_snapshots ORDER BY deal_id, as_of').all()).toEqual(snapshots);
      expect(db.prepare("SELECT name FROM pragma_table_info('deals') WHERE pk > 0").all()).toEqual([]);
      expect(db.prepare("SELECT name, \"unique\" FROM pragma_index_list('deals') ORDER BY name").all()).toEqual([
        { name: 'deals_close', unique: 0 },
        { name: 'deals_id', unique: 1 },
        { name: 'deals_owner', unique: 0 },
      ]);
      expect(() => db.prepare("INSERT INTO deals (deal_id, currency, stage, status, source_file, source_line, import_id) VALUES ('B', 'USD', 'S', 'open', 'x.csv', 2, 2)").run()).toThrow(/UNIQUE constraint failed: deals.deal_id/);
    } finally {
      db.close();
    }
  });
});
