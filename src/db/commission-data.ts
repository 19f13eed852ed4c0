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
import { dealsInRange, loadRepRows, mapForReading, scanBeatsIndexFor } from './report-data.js';

export function loadCommissionReps(db: Db): CommissionRepRow[] {
  return loadRepRows(db).map((r) => ({
    repId: r.rep_id, name: r.name, email: r.email, managerId: r.manager_id, team: r.team, region: r.region,
    role: r.role, hireDate: r.hire_date, endDate: r.end_date,
  }));
}

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
  /** Deals per JSON chunk (of the sequential scan, or of the index range). */
  chunkRows?: number;
}

/**
 * Won deals closed in the range, in processing order (close date, deal id); amounts as bigint.
 * The connection reads through a memory map meanwhile (mapForReading), and the rows travel as
 * JSON chunks: handing a large share of the table over row by row costs more than reading it.
 * Through the (status, close_date) index when the range holds few enough deals (scanBeatsIndex),
 * else in one sequential scan.
 */
export function loadWonDeals(db: Db, range: DateRange, options: LoadWonDealsOptions = {}): CommissionDealRow[] {
  const fields = options.dealFields ?? true;
  const chunkRows = options.chunkRows ?? CHUNK_ROWS;
  const mapped = db.pragma('mmap_size', { simple: true });
  mapForReading(db);
  try {
    const selected = dealsInRange(db, "('won')", range);
    if (scanBeatsIndexFor(db, selected)) return inProcessingOrder(scanChunks(db, range, chunkRows, fields));
    return idsInOrder(indexChunks(db, range, chunkRows, fields, selected));
  } finally {
    if (!db.memory) db.pragma(`mmap_size = ${typeof mapped === 'number' || typeof mapped === 'bigint' ? mapped : 0}`);
  }
}

/** Won deals read per chunk (bounds the JSON text of one chunk to some tens of MB). */
const CHUNK_ROWS = 250_000;

const MIN_ROWID = -(2n ** 63n);
const MAX_ROWID = 2n ** 63n - 1n;

/**
 * One deal as the JSON chunks have it: deal id, owner, amount (a number when exact as a
 * double, else its digits), currency, close date, then — with the deal fields — type, product
 * and the custom fields' text; on the index path in several chunks, the rowid (text) last.
 */
type DealJson = [string, string | null, number | string | null, string, string, (string | null)?, (string | null)?, (string | null)?, (string | null)?];

/** The JSON array of one deal (see DealJson): amounts beyond ±(2^53 − 1) travel as text, so every amount arrives exact. */
function dealJson(fields: boolean, extra?: string): string {
  return `json_array(deal_id, owner_rep_id,
         CASE WHEN amount_minor BETWEEN -9007199254740991 AND 9007199254740991 THEN amount_minor ELSE CAST(amount_minor AS TEXT) END,
         currency, close_date${fields ? ', type, product, custom' : ''}${extra === undefined ? '' : `, ${extra}`})`;
}

const COLUMNS = (fields: boolean): string => `deal_id, owner_rep_id, amount_minor, currency, close_date${fields ? ', type, product, custom' : ''}`;

/** Turns parsed DealJson rows into deal rows, sharing one string per owner, currency and date. */
class DealReader {
  private readonly known = new Map<string, string>();
  private lastDate = '';
  private lastCurrency = '';

  constructor(private readonly fields: boolean) {}

  private one(text: string): string {
    const seen = this.known.get(text);
    if (seen !== undefined) return seen;
    this.known.set(text, text);
    return text;
  }

  private oneOrNull(text: string | null | undefined): string | null {
    return text === null || text === undefined ? null : this.one(text);
  }

  read(deals: readonly DealJson[], out: CommissionDealRow[]): void {
    const fields = this.fields;
    for (let i = 0; i < deals.length; i++) {
      const d = deals[i] as DealJson;
      const amount = d[2];
      // Deals mostly come in date order (or in runs of one date): the date before is the likely one.
      const date = d[4] === this.lastDate ? this.lastDate : (this.lastDate = this.one(d[4]));
      const currency = d[3] === this.lastCurrency ? this.lastCurrency : (this.lastCurrency = this.one(d[3]));
      out.push({
        dealId: d[0],
        ownerRepId: this.oneOrNull(d[1]),
        amountMinor: amount === null ? null : BigInt(amount),
        currency,
        closeDate: date,
        type: fields ? this.oneOrNull(d[5]) : null,
        product: fields ? this.oneOrNull(d[6]) : null,
        custom: fields ? parseCustom(d[7] ?? null) : null,
      });
    }
  }
}

/**
 * The index path: SQLite reads the range's won deals through the (status, close_date) index, in
 * its order (close date, then rowid), which needs no sorting; idsInOrder then orders each close
 * date's deals by id. When the range holds more deals than one chunk, chunks follow that order,
 * each starting after the close date and rowid of the last deal of the one before (carried as a
 * last member of every deal's array).
 */
function indexChunks(db: Db, range: DateRange, chunkRows: number, fields: boolean, selected: number): CommissionDealRow[] {
  const out: CommissionDealRow[] = [];
  const reader = new DealReader(fields);
  if (selected <= chunkRows) {
    const json = db
      .prepare(
        `SELECT json_group_array(${dealJson(fields)})
         FROM (SELECT ${COLUMNS(fields)} FROM deals WHERE status = 'won' AND close_date BETWEEN ? AND ? ORDER BY close_date, rowid)`,
      )
      .pluck()
      .get(range.start, range.end) as string;
    reader.read(JSON.parse(json) as DealJson[], out);
    return out;
  }
  const select = (after: string): Database.Statement =>
    db.prepare(
      `SELECT json_group_array(${dealJson(fields, 'CAST(r AS TEXT)')}), COUNT(*)
       FROM (SELECT rowid AS r, ${COLUMNS(fields)} FROM deals
             WHERE status = 'won' AND close_date BETWEEN ? AND ?${after} ORDER BY close_date, rowid LIMIT ?)`,
    ).safeIntegers(true).raw(true);
  const first = select('');
  const next = select(' AND (close_date, rowid) > (?, ?)');
  const rowidAt = fields ? 8 : 5;
  let last: DealJson | undefined;
  for (;;) {
    const [json, count] = (last === undefined ? first.get(range.start, range.end, chunkRows) : next.get(range.start, range.end, last[4], BigInt(last[rowidAt] as string), chunkRows)) as [string, bigint];
    const deals = JSON.parse(json) as DealJson[];
    reader.read(deals, out);
    last = deals[deals.length - 1];
    if (last === undefined || count < BigInt(chunkRows)) return out;
  }
}

/**
 * The sequential-scan path: when a large share of the table is read, SQLite packs each chunk of
 * rows into one JSON array of deal arrays (json_group_array), parsed in one go. Chunks follow
 * the rowid (the table order): each starts after the last rowid of the one before. The rows are
 * then put in processing order here.
 */
function scanChunks(db: Db, range: DateRange, chunkRows: number, fields: boolean): CommissionDealRow[] {
  const chunk = db.prepare(
    `SELECT json_group_array(${dealJson(fields)}), MAX(r), COUNT(*)
     FROM (SELECT rowid AS r, ${COLUMNS(fields)} FROM deals NOT INDEXED
           WHERE rowid >= ? AND status = 'won' AND close_date BETWEEN ? AND ? ORDER BY rowid LIMIT ?)`,
  ).safeIntegers(true).raw(true);
  const out: CommissionDealRow[] = [];
  const reader = new DealReader(fields);
  let from = MIN_ROWID;
  for (;;) {
    const [json, last, count] = chunk.get(from, range.start, range.end, chunkRows) as [string, bigint | null, bigint];
    reader.read(JSON.parse(json) as DealJson[], out);
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
 * Deals already in close date order (the index path) put in processing order: each close date's
 * deals sorted by id, as SQLite's ORDER BY close_date, deal_id does (see inProcessingOrder).
 * In place; the deals of one date are one run, sharing one date string (DealReader).
 */
function idsInOrder(deals: CommissionDealRow[]): CommissionDealRow[] {
  let plain = true;
  for (let i = 0; i < deals.length && plain; i++) if (BEYOND_ORDER.test((deals[i] as CommissionDealRow).dealId)) plain = false;
  const byId = plain ? (a: CommissionDealRow, b: CommissionDealRow): number => (a.dealId < b.dealId ? -1 : a.dealId > b.dealId ? 1 : 0) : (a: CommissionDealRow, b: CommissionDealRow): number => compareBinary(a.dealId, b.dealId);
  for (let i = 0; i < deals.length; ) {
    const date = (deals[i] as CommissionDealRow).closeDate;
    let j = i + 1;
    while (j < deals.length && (deals[j] as CommissionDealRow).closeDate === date) j++;
    if (j - i > 1) {
      const run = deals.slice(i, j).sort(byId);
      for (let k = 0; k < run.length; k++) deals[i + k] = run[k] as CommissionDealRow;
    }
    i = j;
  }
  return deals;
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
