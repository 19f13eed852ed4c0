/**
 * Large files are read, parsed and normalised by the import worker (a worker thread) while the
 * main thread writes; small files are read on the main thread. Both must store the same rows.
 * These tests run the built bin/spm on files above the worker threshold and check the rows
 * against hand-computed totals and against the same data imported in small (inline) files.
 */
import Database from 'better-sqlite3';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WORKER_MIN_BYTES } from '../src/ingest/run-import.js';
import { fileHash, spm, tempDir } from './helpers/run-spm.js';

const HEADER = 'deal_id,name,owner,amount,currency,stage,close_date';
const ROWS = 48_000;
const STAGES = ['Closed Won', 'Closed Lost', 'Prospecting', 'Negotiation'];
const OWNERS = ['Ana Lima', 'Bo Chen', 'Cy Park', 'Dee Okafor'];

interface Gen {
  lines: string[];
  totalMinor: number;
  won: number;
}

/** Deterministic rows; amounts as a CRM writes them ("12,345.67"), some names not ASCII. */
function generate(n: number, dates: (i: number) => string = (i) => `2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`): Gen {
  const lines: string[] = [];
  let totalMinor = 0;
  let won = 0;
  for (let i = 0; i < n; i++) {
    const minor = ((i * 7919) % 9_000_000) + 100;
    totalMinor += minor;
    const stage = STAGES[i % STAGES.length] as string;
    if (stage === 'Closed Won') won++;
    const amount = `"${Math.floor(minor / 100).toLocaleString('en-US')}.${String(minor % 100).padStart(2, '0')}"`;
    const name = i % 5 === 0 ? `Café Müller ${i} – ünïcödé deal` : `Northwind expansion order ${i}`;
    lines.push(`OPP-${String(i).padStart(7, '0')},${name},${OWNERS[i % OWNERS.length]},${amount},USD,${stage},${dates(i)}`);
  }
  return { lines, totalMinor, won };
}

function q<T>(dbPath: string, sql: string): T {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).get() as T;
  } finally {
    db.close();
  }
}

const BUSINESS = 'deal_id, name, account, owner, owner_rep_id, amount_minor, currency, stage, status, probability, forecast_category, close_date, created_date, type, product, lead_source, custom';

describe('import worker (files above the worker threshold)', () => {
  let dir: string;
  let gen: Gen;

  beforeAll(() => {
    dir = tempDir();
    gen = generate(ROWS);
    writeFileSync(join(dir, 'big.csv'), [HEADER, ...gen.lines].join('\n') + '\n');
    writeFileSync(join(dir, 'reps.csv'), ['rep_id,name', 'R1,Ana Lima', 'R2,Bo Chen', 'R3,Cy Park'].join('\n') + '\n');
  });

  it('stores every row with exact amounts, resolved owners and line numbers', () => {
    expect(statSync(join(dir, 'big.csv')).size).toBeGreaterThanOrEqual(WORKER_MIN_BYTES);
    const db = join(dir, 'big.db');
    expect(spm(['--db', db, '-q', 'import', 'reps', 'reps.csv'], { cwd: dir }).code).toBe(0);
    const r = spm(['--db', db, '--format', 'csv', 'import', 'deals', 'big.csv', '--as-of', '2026-01-01'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`big.csv,generic,${ROWS},${ROWS},0,0,0,0,0`);
    expect(q(db, 'SELECT COUNT(*) AS n, SUM(amount_minor) AS total FROM deals')).toEqual({ n: ROWS, total: gen.totalMinor });
    expect(q(db, "SELECT COUNT(*) AS n FROM deals WHERE status = 'won'")).toEqual({ n: gen.won });
    // Dee Okafor is no rep: a quarter of the deals stay unresolved, and the output says so.
    expect(q(db, 'SELECT COUNT(*) AS n FROM deals WHERE owner_rep_id IS NULL')).toEqual({ n: ROWS / 4 });
    expect(q(db, "SELECT owner_rep_id AS rep FROM deals WHERE owner = 'Cy Park' LIMIT 1")).toEqual({ rep: 'R3' });
    expect(q(db, "SELECT name, amount_minor, source_line, source_file FROM deals WHERE deal_id = 'OPP-0012346'")).toEqual({
      name: 'Northwind expansion order 12346', amount_minor: ((12346 * 7919) % 9_000_000) + 100, source_line: 12348, source_file: 'big.csv',
    });
    expect(q(db, "SELECT name FROM deals WHERE deal_id = 'OPP-0047995'")).toEqual({ name: 'Café Müller 47995 – ünïcödé deal' });
    expect(q(db, "SELECT COUNT(*) AS n FROM deal_snapshots WHERE as_of = '2026-01-01'")).toEqual({ n: ROWS });
  });

  it('stores the same rows as the same data read on the main thread in small files', () => {
    const big = join(dir, 'one.db');
    const small = join(dir, 'parts.db');
    expect(spm(['--db', big, '-q', 'import', 'deals', 'big.csv', '--as-of', '2026-01-01'], { cwd: dir }).code).toBe(0);
    const parts: string[] = [];
    for (let i = 0; i < ROWS; i += 12_000) {
      const name = `part-${i}.csv`;
      writeFileSync(join(dir, name), [HEADER, ...gen.lines.slice(i, i + 12_000)].join('\n') + '\n');
      expect(statSync(join(dir, name)).size).toBeLessThan(WORKER_MIN_BYTES);
      parts.push(name);
    }
    const r = spm(['--db', small, '-q', 'import', 'deals', ...parts, '--as-of', '2026-01-01'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const digest = (db: string): unknown => q(db, `SELECT COUNT(*) AS n, SUM(length(r)) AS len, group_concat(h, '') AS h FROM (SELECT ${BUSINESS}, '' AS h, json_array(${BUSINESS}) AS r FROM deals ORDER BY deal_id)`);
    expect(digest(big)).toEqual(digest(small));
    const rows = (db: string): unknown => {
      const d = new Database(db, { readonly: true });
      try {
        return d.prepare(`SELECT ${BUSINESS} FROM deals ORDER BY deal_id`).raw().all();
      } finally {
        d.close();
      }
    };
    expect(rows(big)).toEqual(rows(small));
  });

  it('a bad amount near the end is refused with its line and column, and nothing is written', () => {
    const db = join(dir, 'bad.db');
    expect(spm(['--db', db, '-q', 'import', 'reps', 'reps.csv'], { cwd: dir }).code).toBe(0);
    const lines = [...gen.lines];
    lines[ROWS - 10] = 'OPP-9999999,Bad amount,Ana Lima,"12,3x",USD,Closed Won,2025-03-01';
    writeFileSync(join(dir, 'bad.csv'), [HEADER, ...lines].join('\n') + '\n');
    const before = fileHash(db);
    const r = spm(['--db', db, 'import', 'deals', 'bad.csv'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`bad\\.csv:${ROWS - 8}:4: "12,3x" is not an amount`));
    expect(fileHash(db)).toBe(before);
  });

  it('a key seen twice far apart: the same record is a duplicate, another record a refused conflict', () => {
    const lines = [...gen.lines];
    lines[ROWS - 1] = lines[3] as string; // the same record again, 48,000 lines later
    writeFileSync(join(dir, 'dup.csv'), [HEADER, ...lines].join('\n') + '\n');
    const db = join(dir, 'dup.db');
    const ok = spm(['--db', db, '--format', 'csv', 'import', 'deals', 'dup.csv'], { cwd: dir });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`dup.csv,generic,${ROWS},${ROWS - 1},0,0,1,0,0`);

    lines[ROWS - 1] = 'OPP-0000003,Northwind expansion order 3,Dee Okafor,1.00,USD,Negotiation,2025-04-04';
    expect(lines[3]).toMatch(/^OPP-0000003,Northwind expansion order 3,Dee Okafor,"[\d,.]+",USD,Negotiation,2025-04-04$/);
    writeFileSync(join(dir, 'conflict.csv'), [HEADER, ...lines].join('\n') + '\n');
    const db2 = join(dir, 'conflict.db');
    const r = spm(['--db', db2, 'import', 'deals', 'conflict.csv'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`conflict\\.csv:${ROWS + 1}: the same deal_id appears on line 5 with different values`));
  });

  it('day/month order decided late in the file: the rows held back until then are read that way', () => {
    // Every date fits both orders (day ≤ 12) until the last row, whose 25/12 is only day-first.
    const dmy = generate(ROWS, (i) => (i === ROWS - 1 ? '25/12/2025' : `${(i % 12) + 1}/${((i >> 4) % 12) + 1}/2025`));
    writeFileSync(join(dir, 'dmy.csv'), [HEADER, ...dmy.lines].join('\n') + '\n');
    expect(statSync(join(dir, 'dmy.csv')).size).toBeGreaterThanOrEqual(WORKER_MIN_BYTES);
    const db = join(dir, 'dmy.db');
    const r = spm(['--db', db, '--format', 'csv', 'import', 'deals', 'dmy.csv'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(q(db, 'SELECT COUNT(*) AS n, SUM(amount_minor) AS total FROM deals')).toEqual({ n: ROWS, total: dmy.totalMinor });
    // Row i = 17: day 6, month ((17 >> 4) % 12) + 1 = 2.
    expect(q(db, "SELECT close_date FROM deals WHERE deal_id = 'OPP-0000017'")).toEqual({ close_date: '2025-02-06' });
    expect(q(db, "SELECT close_date FROM deals WHERE deal_id = 'OPP-0047999'")).toEqual({ close_date: '2025-12-25' });
  });
});
