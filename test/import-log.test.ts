/**
 * The import log: one row per imported file, written in the import's transaction once the file
 * is done. Runs the built bin/spm and reads the database back.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { spm, tempDir } from './helpers/run-spm.js';

const HEADER = 'deal_id,owner,amount,currency,stage,close_date';

function rows<T>(dbPath: string, sql: string): T[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe('import log', () => {
  let dir: string;
  let dbPath: string;
  const write = (name: string, lines: string[]): string => {
    writeFileSync(join(dir, name), [HEADER, ...lines].join('\n') + '\n');
    return name;
  };

  beforeAll(() => {
    dir = tempDir();
    dbPath = join(dir, 'spm.db');
    write('a.csv', ['A-1,Ana,100.00,USD,Closed Won,2026-01-10', 'A-2,Ana,200.00,USD,Closed Lost,2026-01-11']);
    write('b.csv', ['B-1,Bo,1.00,USD,Prospecting,2026-02-01', 'B-2,Bo,2.00,USD,Prospecting,2026-02-02', 'B-3,Bo,3.00,USD,Closed Won,2026-02-03']);
    write('bad.csv', ['C-1,Cy,12,3x,USD,Closed Won,2026-03-01']);
    write('c.csv', ['C-1,Cy,5.00,USD,Closed Won,2026-03-01']);
  });

  it('gives each file of one command its own row, in order, and its records that id', () => {
    const r = spm(['--db', dbPath, '-q', 'import', 'deals', 'a.csv', 'b.csv', '--as-of', '2026-03-31'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const log = rows<Record<string, unknown>>(dbPath, 'SELECT import_id, entity, file_name, sha256, size_bytes, rows_read, inserted, as_of, started_at <= finished_at AS ordered FROM import_log ORDER BY import_id');
    const sha = (f: string): string => createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
    expect(log).toEqual([
      { import_id: 1, entity: 'deals', file_name: 'a.csv', sha256: sha('a.csv'), size_bytes: statSync(join(dir, 'a.csv')).size, rows_read: 2, inserted: 2, as_of: '2026-03-31', ordered: 1 },
      { import_id: 2, entity: 'deals', file_name: 'b.csv', sha256: sha('b.csv'), size_bytes: statSync(join(dir, 'b.csv')).size, rows_read: 3, inserted: 3, as_of: '2026-03-31', ordered: 1 },
    ]);
    expect(rows(dbPath, 'SELECT deal_id, import_id, snapshot_import_id FROM deals ORDER BY deal_id')).toEqual([
      { deal_id: 'A-1', import_id: 1, snapshot_import_id: 1 },
      { deal_id: 'A-2', import_id: 1, snapshot_import_id: 1 },
      { deal_id: 'B-1', import_id: 2, snapshot_import_id: 2 },
      { deal_id: 'B-2', import_id: 2, snapshot_import_id: 2 },
      { deal_id: 'B-3', import_id: 2, snapshot_import_id: 2 },
    ]);
  });

  it('a refused import leaves no row; the next import takes the next id', () => {
    const bad = spm(['--db', dbPath, '-q', 'import', 'deals', 'bad.csv'], { cwd: dir });
    expect(bad.code).not.toBe(0);
    expect(rows(dbPath, 'SELECT count(*) AS n FROM import_log')).toEqual([{ n: 2 }]);
    const r = spm(['--db', dbPath, '-q', 'import', 'deals', 'c.csv', '--as-of', '2026-04-01'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(rows(dbPath, "SELECT import_id, file_name, rows_read, inserted FROM import_log WHERE import_id > 2")).toEqual([
      { import_id: 3, file_name: 'c.csv', rows_read: 1, inserted: 1 },
    ]);
    expect(rows(dbPath, "SELECT import_id FROM deals WHERE deal_id = 'C-1'")).toEqual([{ import_id: 3 }]);
  });
});
