/**
 * The report queries pick an access path (index range or sequential scan, see scanBeatsIndex);
 * the rows must not depend on it. Deals are generated deterministically over 24 months, then
 * the summed rows are checked against a plain per-deal tally computed here, for a one-month
 * period (index path) and for the whole range (scan path), with and without split rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb, openMemoryDb } from '../src/db/open.js';
import { loadDealSums, mapForReading, scanBeatsIndex } from '../src/db/report-data.js';
import { loadWonDeals, loadWonSplits } from '../src/db/commission-data.js';

interface Deal {
  id: string;
  owner: string;
  amount: number | null;
  currency: string;
  status: 'won' | 'lost' | 'open';
  close: string;
  created: string;
  split: boolean;
}

function fixture(withSplits = true, db = openMemoryDb()): { db: ReturnType<typeof openMemoryDb>; deals: Deal[] } {
  const deals: Deal[] = [];
  const statuses = ['won', 'lost', 'open'] as const;
  for (let i = 0; i < 720; i++) {
    const month = (i % 24) + 1;
    const year = 2024 + Math.floor((month - 1) / 12);
    const mm = String(((month - 1) % 12) + 1).padStart(2, '0');
    const dd = String((i % 28) + 1).padStart(2, '0');
    deals.push({
      id: `D${String(i).padStart(4, '0')}`,
      owner: `R${i % 3}`,
      amount: i % 17 === 0 ? null : 1000 + i * 7,
      currency: i % 11 === 0 ? 'EUR' : 'USD',
      status: statuses[i % 3] ?? 'won',
      close: `${year}-${mm}-${dd}`,
      created: `${year}-${mm}-01`,
      split: withSplits && i % 5 === 0,
    });
  }
  const ins = db.prepare(
    `INSERT INTO deals (deal_id, owner_rep_id, amount_minor, currency, stage, status, close_date, created_date, source_file, source_line, import_id)
     VALUES (?, ?, ?, ?, 'S', ?, ?, ?, 'f.csv', 1, 1)`,
  );
  const split = db.prepare(
    `INSERT INTO splits (deal_id, rep_ref, rep_id, percent, role, is_overlay, source_file, source_line, import_id) VALUES (?, ?, ?, '50', '', 0, 's.csv', 1, 1)`,
  );
  for (const d of deals) {
    ins.run(d.id, d.owner, d.amount, d.currency, d.status, d.close, d.created);
    if (d.split) for (const r of ['R0', 'R1']) split.run(d.id, r, r);
  }
  return { db, deals };
}

/** Per-deal tally: base-currency deals without split rows (or not won) summed per owner and status; the rest one by one. */
function expected(deals: readonly Deal[], start: string, end: string, wonOnly: boolean): string[] {
  const sums = new Map<string, { n: number; amount: bigint }>();
  for (const d of deals) {
    if (d.close < start || d.close > end || (wonOnly && d.status !== 'won')) continue;
    const single = d.currency !== 'USD' || (d.status === 'won' && d.split);
    const cycle = wonOnly || d.status === 'open' ? null : Math.round((Date.parse(d.close) - Date.parse(d.created)) / 86_400_000);
    const key = `${d.owner}|${d.status}|${single ? d.id : '-'}|${cycle}`;
    const entry = sums.get(key) ?? { n: 0, amount: 0n };
    entry.n += 1;
    entry.amount += BigInt(d.amount ?? 0);
    sums.set(key, entry);
  }
  return [...sums].map(([k, v]) => `${k}|${v.n}|${v.amount}`).sort();
}

describe('report queries give the same rows on either access path', () => {
  const { db, deals } = fixture();
  const cases = [
    { name: 'one month of 24 (index range)', start: '2024-03-01', end: '2024-03-31', scan: false },
    { name: 'the whole range (sequential scan)', start: '2024-01-01', end: '2025-12-31', scan: true },
  ];
  for (const c of cases) {
    it(`loadDealSums, ${c.name}`, () => {
      expect(scanBeatsIndex(db, "('won', 'lost', 'open')", c)).toBe(c.scan);
      for (const wonOnly of [false, true]) {
        const rows = loadDealSums(db, c, 'USD', wonOnly).map(
          (r) => `${r.ownerRepId}|${r.status}|${r.dealId ?? '-'}|${r.cycleDays}|${r.count}|${r.amountMinor}`,
        );
        expect(rows.sort()).toEqual(expected(deals, c.start, c.end, wonOnly));
      }
    });
    it(`loadDealSums without any split row, ${c.name}`, () => {
      const plain = fixture(false);
      for (const wonOnly of [false, true]) {
        const rows = loadDealSums(plain.db, c, 'USD', wonOnly).map(
          (r) => `${r.ownerRepId}|${r.status}|${r.dealId ?? '-'}|${r.cycleDays}|${r.count}|${r.amountMinor}`,
        );
        expect(rows.sort()).toEqual(expected(plain.deals, c.start, c.end, wonOnly));
      }
      // A deal alone in its row keeps its own close date.
      const closeOf = new Map(plain.deals.map((d) => [d.id, d.close]));
      for (const r of loadDealSums(plain.db, c, 'USD')) if (r.dealId !== null) expect(r.closeDate).toBe(closeOf.get(r.dealId));
    });
    it(`loadWonDeals and loadWonSplits, ${c.name}`, () => {
      const won = deals.filter((d) => d.status === 'won' && d.close >= c.start && d.close <= c.end);
      const order = [...won].sort((a, b) => (a.close === b.close ? (a.id < b.id ? -1 : 1) : a.close < b.close ? -1 : 1)).map((d) => d.id);
      expect(loadWonDeals(db, c).map((d) => d.dealId)).toEqual(order);
      const splitIds = won.filter((d) => d.split).map((d) => d.id).sort();
      expect(loadWonSplits(db, c).map((s) => `${s.dealId}/${s.repId}`)).toEqual(splitIds.flatMap((id) => [`${id}/R0`, `${id}/R1`]));
    });
  }
  it('won deal rows come by owner, currency and deal id, each summed row first, on either path', () => {
    // The order deals are credited in, so which deals warnings name first.
    const { db: many } = fixture();
    const ins = many.prepare(
      `INSERT INTO deals (deal_id, owner_rep_id, amount_minor, currency, stage, status, close_date, created_date, source_file, source_line, import_id)
       VALUES (?, ?, 100, ?, 'S', 'won', ?, '2024-01-01', 'f.csv', 1, 1)`,
    );
    const split = many.prepare(
      `INSERT INTO splits (deal_id, rep_ref, rep_id, percent, role, is_overlay, source_file, source_line, import_id) VALUES (?, 'R1', 'R1', '100', '', 0, 's.csv', 1, 1)`,
    );
    for (let i = 0; i < 60; i++) {
      const id = `W${String(59 - i).padStart(3, '0')}`; // inserted in descending id order
      const month = i % 24; // spread over the fixture's 24 months, so one month stays small
      const close = `${2024 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
      ins.run(id, i % 4 === 3 ? null : `R${Math.floor(i / 3) % 3}`, ['USD', 'EUR', 'GBP'][i % 3], close);
      if (i % 5 === 0) split.run(id);
    }
    for (const [period, scan] of [[{ start: '2024-01-01', end: '2024-01-31' }, false], [{ start: '2024-01-01', end: '2025-12-31' }, true]] as const) {
      expect(scanBeatsIndex(many, "('won')", period)).toBe(scan);
      const rows = loadDealSums(many, period, 'USD', true);
      // Sort keys: no owner first and a summed row (no deal id) first, as SQL sorts NULL.
      const keys = rows.map((r) => [r.ownerRepId === null ? '0' : `1${r.ownerRepId}`, r.currency, r.dealId === null ? '0' : `1${r.dealId}`].join('\u0000'));
      expect(keys).toEqual([...keys].sort());
      expect(rows.filter((r) => r.dealId === null).map((r) => r.ownerRepId)).toEqual(scan ? [null, 'R0', 'R1', 'R2'] : ['R0', 'R1', 'R2']);
      expect(rows.filter((r) => r.dealId !== null).length).toBeGreaterThan(scan ? 40 : 3);
      expect(new Set(rows.map((r) => r.currency))).toEqual(new Set(scan ? ['USD', 'EUR', 'GBP'] : ['USD', 'EUR']));
    }
  });
});

describe('the access path follows the cost of a random row fetch', () => {
  it('a memory-mapped file reads through the index up to about twice the share of rows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spm-access-'));
    try {
      const db = openDb({ path: join(dir, 'spm.db'), busyTimeoutMs: 1000 });
      const { deals } = fixture(true, db);
      // About 10% of the deals: over one in twelve, under one in six.
      const period = { start: '2024-03-01', end: '2024-05-10' };
      const share = deals.filter((d) => d.close >= period.start && d.close <= period.end).length / deals.length;
      expect(share).toBeGreaterThan(1 / 12);
      expect(share).toBeLessThan(1 / 6);
      const all = "('won', 'lost', 'open')";
      expect(scanBeatsIndex(db, all, period)).toBe(true);
      const before = loadDealSums(db, period, 'USD').map((r) => `${r.ownerRepId}|${r.status}|${r.dealId}|${r.count}|${r.amountMinor}`);
      mapForReading(db);
      expect(scanBeatsIndex(db, all, period)).toBe(false);
      expect(scanBeatsIndex(db, all, { start: '2024-01-01', end: '2024-12-31' })).toBe(true);
      // loadDealSums maps the file itself; either way the rows are the same.
      expect(loadDealSums(db, period, 'USD').map((r) => `${r.ownerRepId}|${r.status}|${r.dealId}|${r.count}|${r.amountMinor}`)).toEqual(before);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
