/**
 * What the commission report reads beyond report-data.ts: reps with their role, won deals one by
 * one with the fields plan filters test (type, product, custom fields), and the split rows of
 * those deals. One query per table, parameters bound, nothing from the data spliced into SQL.
 */
import type { CommissionDealRow, CommissionRepRow } from '../core/commission-input.js';
import type { CreditSplit } from '../core/credit.js';
import type { DateRange } from '../core/quota.js';
import type Database from 'better-sqlite3';
import type { Db } from './open.js';
import { loadRepRows, scanBeatsIndex } from './report-data.js';

export function loadCommissionReps(db: Db): CommissionRepRow[] {
  return loadRepRows(db).map((r) => ({
    repId: r.rep_id, name: r.name, email: r.email, managerId: r.manager_id, team: r.team, region: r.region,
    role: r.role, hireDate: r.hire_date, endDate: r.end_date,
  }));
}

/** deal_id, owner_rep_id, amount_minor, currency, close_date, type, product, custom. */
type DealSql = [string, string | null, bigint | null, string, string, string | null, string | null, string | null];

/** Custom fields as stored by the importer (a JSON object of header → text); anything else reads as none. */
export function parseCustom(text: string | null): Record<string, string> | null {
  if (text === null || text === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') out[key] = value;
  return out;
}

export interface LoadWonDealsOptions {
  /**
   * Default true. false leaves type, product and custom fields null: only deal filters read
   * them (see plansFilterDeals), and a large run reads markedly less without them.
   */
  dealFields?: boolean;
  /** Deals per chunk of the sequential scan. */
  chunkRows?: number;
}

/** Won deals closed in the range, in processing order (close date, deal id); amounts as bigint. */
export function loadWonDeals(db: Db, range: DateRange, options: LoadWonDealsOptions = {}): CommissionDealRow[] {
  const fields = options.dealFields ?? true;
  if (scanBeatsIndex(db, "('won')", range)) return scanWonDeals(db, range, options.chunkRows ?? SCAN_CHUNK_ROWS, fields);
  const rows = db
    .prepare(
      `SELECT deal_id, owner_rep_id, amount_minor, currency, close_date, ${fields ? 'type, product, custom' : 'NULL, NULL, NULL'} FROM deals
       WHERE status = 'won' AND close_date BETWEEN ? AND ? ORDER BY close_date, deal_id`,
    )
    .safeIntegers(true)
    .raw(true) // arrays, not objects: a third cheaper per row on large ranges
    .all(range.start, range.end) as DealSql[];
  return rows.map(([dealId, ownerRepId, amountMinor, currency, closeDate, type, product, custom]) => ({
    dealId, ownerRepId, amountMinor, currency, closeDate, type, product, custom: parseCustom(custom),
  }));
}

/** Won deals read per chunk of the sequential scan (bounds the JSON text of one chunk to some tens of MB). */
const SCAN_CHUNK_ROWS = 250_000;

/** Bytes of the database file the scan maps into memory (SQLite maps at most the file). */
const SCAN_MMAP_BYTES = 2 ** 30;

const MIN_ROWID = -(2n ** 63n);
const MAX_ROWID = 2n ** 63n - 1n;

/**
 * One deal as the JSON of scanWonDeals has it: deal id, owner, amount (a number when exact as a
 * double, else its digits), currency, close date, then — with the deal fields — type, product
 * and the custom fields' text.
 */
type DealJson = [string, string | null, number | string | null, string, string, (string | null)?, (string | null)?, (string | null)?];

/**
 * The sequential-scan path: when a large share of the table is read, handing the rows over one
 * by one costs more than the scan itself, so SQLite packs each chunk of rows into one JSON array
 * of deal arrays (json_group_array), parsed in one go. Chunks follow the rowid (the table
 * order): each starts after the last rowid of the one before. Amounts beyond ±(2^53 − 1) travel
 * as text, so every amount arrives exact. The rows are then put in processing order here.
 */
function scanWonDeals(db: Db, range: DateRange, chunkRows: number, fields: boolean): CommissionDealRow[] {
  const chunk = db.prepare(
    `SELECT json_group_array(json_array(deal_id, owner_rep_id,
         CASE WHEN amount_minor BETWEEN -9007199254740991 AND 9007199254740991 THEN amount_minor ELSE CAST(amount_minor AS TEXT) END,
         currency, close_date${fields ? ', type, product, custom' : ''})), MAX(r), COUNT(*)
     FROM (SELECT rowid AS r, deal_id, owner_rep_id, amount_minor, currency, close_date${fields ? ', type, product, custom' : ''} FROM deals NOT INDEXED
           WHERE rowid >= ? AND status = 'won' AND close_date BETWEEN ? AND ? ORDER BY rowid LIMIT ?)`,
  ).safeIntegers(true).raw(true);
  // The scan reads every page of the table: mapped into memory, they are read without a system call each.
  const mapped = db.pragma('mmap_size', { simple: true });
  db.pragma(`mmap_size = ${SCAN_MMAP_BYTES}`);
  try {
    return inProcessingOrder(scanChunks(chunk, range, chunkRows, fields));
  } finally {
    db.pragma(`mmap_size = ${typeof mapped === 'number' || typeof mapped === 'bigint' ? mapped : 0}`);
  }
}

function scanChunks(chunk: Database.Statement, range: DateRange, chunkRows: number, fields: boolean): CommissionDealRow[] {
  const out: CommissionDealRow[] = [];
  // Owners, currencies, dates and picklist values repeat: one string each instead of one per deal.
  const known = new Map<string, string>();
  const one = (text: string): string => {
    const seen = known.get(text);
    if (seen !== undefined) return seen;
    known.set(text, text);
    return text;
  };
  const oneOrNull = (text: string | null | undefined): string | null => (text === null || text === undefined ? null : one(text));
  let from = MIN_ROWID;
  for (;;) {
    const [json, last, count] = chunk.get(from, range.start, range.end, chunkRows) as [string, bigint | null, bigint];
    const deals = JSON.parse(json) as DealJson[];
    for (let i = 0; i < deals.length; i++) {
      const d = deals[i] as DealJson;
      const amount = d[2];
      out.push({
        dealId: d[0],
        ownerRepId: oneOrNull(d[1]),
        amountMinor: amount === null ? null : BigInt(amount),
        currency: one(d[3]),
        closeDate: one(d[4]),
        type: fields ? oneOrNull(d[5]) : null,
        product: fields ? oneOrNull(d[6]) : null,
        custom: fields ? parseCustom(d[7] ?? null) : null,
      });
    }
    if (last === null || last === MAX_ROWID || count < BigInt(chunkRows)) break;
    from = last + 1n;
  }
  return out;
}

/** Any code unit from U+D800 up: only such text can order differently as UTF-16 than as code points. */
const BEYOND_ORDER = /[\uD800-\uFFFF]/;

/**
 * Deals sorted by close date, then deal id, as SQLite's ORDER BY does (BINARY collation): by
 * date first (a few hundred distinct dates), then by id within a date — by plain string
 * comparison when no id has a code unit from U+D800 up, where it orders exactly as code points do.
 */
function inProcessingOrder(deals: readonly CommissionDealRow[]): CommissionDealRow[] {
  const byDate = new Map<string, CommissionDealRow[]>();
  let plain = true;
  for (let i = 0; i < deals.length; i++) {
    const deal = deals[i] as CommissionDealRow;
    const list = byDate.get(deal.closeDate);
    if (list === undefined) byDate.set(deal.closeDate, [deal]);
    else list.push(deal);
    if (plain && BEYOND_ORDER.test(deal.dealId)) plain = false;
  }
  const byId = plain ? (a: CommissionDealRow, b: CommissionDealRow): number => (a.dealId < b.dealId ? -1 : a.dealId > b.dealId ? 1 : 0) : (a: CommissionDealRow, b: CommissionDealRow): number => compareBinary(a.dealId, b.dealId);
  const out: CommissionDealRow[] = [];
  for (const date of [...byDate.keys()].sort(compareBinary)) {
    const list = byDate.get(date) ?? [];
    if (list.length > 1) list.sort(byId);
    for (let i = 0; i < list.length; i++) out.push(list[i] as CommissionDealRow);
  }
  return out;
}

/**
 * SQLite's BINARY collation (UTF-8 bytes, i.e. code points) on JS strings: UTF-16 code units
 * order the same except a surrogate (a code point above U+FFFF) against U+E000..U+FFFF.
 */
export function compareBinary(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      const xs = x <= 0xdfff;
      const ys = y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1;
    }
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

interface SplitSql {
  deal_id: string;
  rep_id: string | null;
  percent: string;
  is_overlay: bigint;
}

/**
 * Split rows of the won deals closed in the range (the same filter as loadWonDeals, joined).
 * The split rows drive the join (CROSS JOIN keeps them outer): there are far fewer of them than
 * deals, so no deal of the range is looked up in the splits index one by one.
 */
export function loadWonSplits(db: Db, range: DateRange): CreditSplit[] {
  const rows = db
    .prepare(
      `SELECT s.deal_id, s.rep_id, s.percent, s.is_overlay FROM splits s CROSS JOIN deals d ON d.deal_id = s.deal_id
       WHERE d.status = 'won' AND d.close_date BETWEEN ? AND ? ORDER BY s.deal_id, s.rep_ref, s.role`,
    )
    .safeIntegers(true)
    .all(range.start, range.end) as SplitSql[];
  return rows.map((r) => ({ dealId: r.deal_id, repId: r.rep_id, percent: r.percent, isOverlay: r.is_overlay === 1n }));
}

/** Every quota measure in the quotas table (plans may only name these, or "bookings"). */
export function loadQuotaMeasures(db: Db): string[] {
  return db.prepare('SELECT DISTINCT measure FROM quotas ORDER BY measure').pluck().all() as string[];
}
