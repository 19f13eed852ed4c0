/**
 * loadWonDeals reads a large share of the table as JSON chunks of a sequential scan and sorts
 * the rows itself; a small share through the index, in close date order, each date's deals then
 * sorted by id. Both must give the same rows, exact, in SQLite's ORDER BY close_date, deal_id
 * order (BINARY collation, i.e. code points — which JS string comparison is not, for characters
 * above U+FFFF).
 */
import { describe, expect, it } from 'vitest';
import { openMemoryDb } from '../src/db/open.js';
import { compareBinary, loadWonDeals } from '../src/db/commission-data.js';
import { scanBeatsIndex } from '../src/db/report-data.js';

const IDS = ['D-10', 'D-9', 'D\u{1F600}', 'D\uFF21', 'D\uE000', 'd-1', 'D', 'Dé', 'D\u0000x', 'D"q\\', 'D-\u{10FFFF}', 'Ω'];
const AMOUNTS: (bigint | null)[] = [100n, null, 9_007_199_254_740_993n, -9_223_372_036_854_775_808n, 9_223_372_036_854_775_807n, -9_007_199_254_740_991n, 9_007_199_254_740_991n, 0n, -1n];

function fixture(): ReturnType<typeof openMemoryDb> {
  const db = openMemoryDb();
  const ins = db.prepare(
    `INSERT INTO deals (deal_id, owner_rep_id, amount_minor, currency, stage, status, close_date, type, product, custom, source_file, source_line, import_id)
     VALUES (?, ?, ?, ?, 'S', ?, ?, ?, ?, ?, 'f.csv', 1, 1)`,
  );
  let n = 0;
  for (const day of ['2026-03-02', '2026-03-01', '2026-02-28']) {
    for (const id of IDS) {
      const amount = AMOUNTS[n % AMOUNTS.length] ?? null;
      const custom = n % 4 === 0 ? JSON.stringify({ Segment: `SMB ${n}`, 'Odd "key"': 'x\ny' }) : n % 4 === 1 ? 'not json' : null;
      ins.safeIntegers(true).run(`${id}/${day}`, n % 5 === 0 ? null : `R${n % 3}`, amount, n % 2 === 0 ? 'USD' : 'EUR', n % 7 === 6 ? 'lost' : 'won', day, n % 3 === 0 ? null : 'New Business', n % 2 === 0 ? null : 'Analytics', custom);
      n++;
    }
  }
  return db;
}

describe('loadWonDeals', () => {
  const db = fixture();
  const range = { start: '2026-01-01', end: '2026-12-31' };
  const fromSqlite = db
    .prepare(`SELECT deal_id, amount_minor FROM deals WHERE status = 'won' AND close_date BETWEEN ? AND ? ORDER BY close_date, deal_id`)
    .safeIntegers(true)
    .raw(true)
    .all(range.start, range.end) as [string, bigint | null][];

  it('the scan path gives SQLite order and exact amounts, whatever the chunk size', () => {
    expect(scanBeatsIndex(db, "('won')", range)).toBe(true);
    const whole = loadWonDeals(db, range);
    expect(whole.map((d) => [d.dealId, d.amountMinor])).toEqual(fromSqlite);
    for (const chunkRows of [1, 2, 5, 31, 1000]) expect(loadWonDeals(db, range, { chunkRows })).toEqual(whole);
  });

  it('chunks follow the rowid, whatever its range', () => {
    const db3 = openMemoryDb();
    const ins = db3.prepare(`INSERT INTO deals (rowid, deal_id, amount_minor, currency, stage, status, close_date, source_file, source_line, import_id) VALUES (?, ?, 1, 'USD', 'S', 'won', '2026-03-01', 'f.csv', 1, 1)`);
    const rowids = [-(2n ** 63n), -(2n ** 53n) - 5n, -1n, 0n, 1n, 2n ** 53n + 1n, 2n ** 63n - 2n, 2n ** 63n - 1n];
    rowids.forEach((r, i) => ins.safeIntegers(true).run(r, `D${i}`));
    for (const chunkRows of [1, 2, 3, 100]) expect(loadWonDeals(db3, range, { chunkRows }).map((d) => d.dealId)).toEqual(rowids.map((_, i) => `D${i}`));
  });

  it('the scan path gives the rows the index path gives', () => {
    const one = { start: '2026-02-28', end: '2026-02-28' };
    const db2 = fixture();
    // Enough other deals that one day is a small share: the index path.
    const ins = db2.prepare(`INSERT INTO deals (deal_id, amount_minor, currency, stage, status, close_date, source_file, source_line, import_id) VALUES (?, 1, 'USD', 'S', 'won', '2025-06-01', 'f.csv', 1, 1)`);
    for (let i = 0; i < 400; i++) ins.run(`X${i}`);
    expect(scanBeatsIndex(db2, "('won')", one)).toBe(false);
    expect(scanBeatsIndex(db, "('won')", one)).toBe(true);
    const viaIndex = loadWonDeals(db2, one);
    expect(viaIndex.length).toBeGreaterThan(5);
    expect(loadWonDeals(db, one)).toEqual(viaIndex);
    expect(viaIndex.find((d) => d.custom !== null)?.custom).toEqual(expect.objectContaining({ 'Odd "key"': 'x\ny' }));
    // Without the deal fields: the same deals, type, product and custom fields null, on both paths.
    const bare = viaIndex.map((d) => ({ ...d, type: null, product: null, custom: null }));
    expect(loadWonDeals(db2, one, { dealFields: false })).toEqual(bare);
    expect(loadWonDeals(db, one, { dealFields: false })).toEqual(bare);
  });

  it('the index path gives SQLite order and exact amounts, whatever the chunk size (chunks go on after the last close date and rowid)', () => {
    const db2 = fixture();
    const ins = db2.prepare(`INSERT INTO deals (deal_id, amount_minor, currency, stage, status, close_date, source_file, source_line, import_id) VALUES (?, 1, 'USD', 'S', 'won', '2025-06-01', 'f.csv', 1, 1)`);
    for (let i = 0; i < 400; i++) ins.run(`X${i}`);
    expect(scanBeatsIndex(db2, "('won')", range)).toBe(false);
    const whole = loadWonDeals(db2, range);
    expect(whole.map((d) => [d.dealId, d.amountMinor])).toEqual(fromSqlite);
    for (const chunkRows of [1, 2, 5, 11, 12, 13, 1000]) expect(loadWonDeals(db2, range, { chunkRows })).toEqual(whole);
    expect(loadWonDeals(db, range)).toEqual(whole);
  });

  it('with deal ids that are not valid UTF-8, the index path gives every deal once, in the order the scan path gives', () => {
    const withIds = (extra: number): ReturnType<typeof openMemoryDb> => {
      const bad = openMemoryDb();
      const ins = bad.prepare(
        `INSERT INTO deals (deal_id, amount_minor, currency, stage, status, close_date, source_file, source_line, import_id) VALUES (CAST(? AS TEXT), 1, 'USD', 'S', 'won', ?, 'f.csv', 1, 1)`,
      );
      for (const hex of ['44FF41', '44FF42', '44C0', '4431', 'FF', 'C3', '44C3A9']) for (const day of ['2026-03-01', '2026-03-02']) ins.run(Buffer.from(hex + Buffer.from(day).toString('hex'), 'hex'), day);
      for (let i = 0; i < extra; i++) ins.run(Buffer.from(`X${i}`), '2025-06-01');
      return bad;
    };
    const viaIndex = withIds(400);
    const viaScan = withIds(0);
    expect(scanBeatsIndex(viaIndex, "('won')", range)).toBe(false);
    expect(scanBeatsIndex(viaScan, "('won')", range)).toBe(true);
    const scanned = loadWonDeals(viaScan, range).map((d) => d.dealId);
    expect(scanned).toHaveLength(14);
    for (const chunkRows of [1, 2, 3, 100]) expect(loadWonDeals(viaIndex, range, { chunkRows }).map((d) => d.dealId)).toEqual(scanned);
  });

  it('compareBinary orders as SQLite BINARY does', () => {
    const texts = [...IDS, '', 'D\u{1F600}a', 'D\uFFFF', 'D\uD7FF'];
    const sqlite = db.prepare(`SELECT value FROM json_each(?) ORDER BY value COLLATE BINARY`).pluck().all(JSON.stringify(texts));
    expect([...texts].sort(compareBinary)).toEqual(sqlite);
    // Plain JS order differs (UTF-16 code units), which is why compareBinary exists.
    expect([...texts].sort()).not.toEqual(sqlite);
  });
});
