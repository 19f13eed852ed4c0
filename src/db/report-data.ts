/**
 * What the attainment and metrics reports read: one query per table, all parameters bound,
 * nothing from the data spliced into SQL. Rows come back in the shapes core/ expects.
 */
import type { RepInfo, QuotaRecord } from '../core/attainment.js';
import type { CreditSplit, DealSumRow } from '../core/credit.js';
import type { FxRateRow } from '../core/fx.js';
import type { LeadSumRow } from '../core/metrics.js';
import type { DateRange } from '../core/quota.js';
import type { Db } from './open.js';

/** A reps row as stored (shared with the commission report's loader). */
export interface RepSql {
  rep_id: string;
  name: string | null;
  email: string | null;
  manager_id: string | null;
  team: string | null;
  region: string | null;
  role: string | null;
  hire_date: string | null;
  end_date: string | null;
}

export function loadRepRows(db: Db): RepSql[] {
  return db
    .prepare('SELECT rep_id, name, email, manager_id, team, region, role, hire_date, end_date FROM reps ORDER BY rep_id')
    .all() as RepSql[];
}

export function loadReps(db: Db): RepInfo[] {
  return loadRepRows(db).map((r) => ({
    repId: r.rep_id, name: r.name, email: r.email, managerId: r.manager_id, team: r.team,
    region: r.region, hireDate: r.hire_date, endDate: r.end_date,
  }));
}

/** owner_rep_id, status, stage, probability, currency, deal_id, cycle_days, close_date, n, amount_minor. */
type DealSumSql = [
  string | null, 'open' | 'won' | 'lost', string | null, string | null, string, string | null, bigint | null, string, bigint, bigint | null,
];

/**
 * Deals whose close date (actual, or expected for open deals) is in the period, as DealSumRows:
 * deals in the base currency are summed per owner, status, open stage and probability and
 * sales-cycle length, except won deals with split rows; every other deal comes one by one.
 * One pass over the deals: through the (status, close_date) index when the period holds few of
 * them, else one sequential scan of the table (see scanBeatsIndex; the rows are the same either
 * way). Integers come back as bigint (exact sums).
 * `wonOnly` reads only won deals and skips the cycle (attainment needs nothing else).
 */
export function loadDealSums(db: Db, period: DateRange, baseCurrency: string, wonOnly = false): DealSumRow[] {
  mapForReading(db);
  const statuses = wonOnly ? "('won')" : "('won', 'lost', 'open')";
  const params = { base: baseCurrency, start: period.start, end: period.end };
  const access = scanBeatsIndex(db, statuses, params) ? 'NOT INDEXED' : '';
  // Without any split row the test is left out: it would be false for every deal, at a cost per deal.
  const summed = anySplits(db) ? `currency = @base AND (status <> 'won' OR deal_id NOT IN (SELECT deal_id FROM splits))` : 'currency = @base';
  const dealId = `CASE WHEN ${summed} THEN NULL ELSE deal_id END`;
  // close_date is a plain column, not MIN(): a deal alone in its group gives its own date, and
  // a summed row (base currency, so no rate and no date is ever looked up) one of its deals'.
  // Won only: status is constant and stage, probability and cycle are NULL. A summed group holds
  // only base-currency deals, so grouping by owner and (for a deal alone) its rowid forms the
  // same groups as owner, currency and deal id with a shorter sort key; ORDER BY then puts the
  // (far fewer) result rows in that order.
  const sql = wonOnly
    ? `SELECT owner_rep_id, 'won' AS status, NULL AS stage, NULL AS probability, currency, ${dealId} AS deal_id,
         NULL AS cycle_days, close_date, COUNT(*) AS n, SUM(amount_minor) AS amount_minor
       FROM deals d ${access}
       WHERE status = 'won' AND close_date BETWEEN @start AND @end
       GROUP BY owner_rep_id, CASE WHEN ${summed} THEN NULL ELSE d.rowid END
       ORDER BY owner_rep_id, currency, 6`
    : `SELECT owner_rep_id, status,
         CASE WHEN status = 'open' THEN stage END AS stage,
         CASE WHEN status = 'open' THEN probability END AS probability,
         currency, ${dealId} AS deal_id,
         CASE WHEN status <> 'open' AND created_date <= close_date THEN CAST(julianday(close_date) - julianday(created_date) AS INTEGER) END AS cycle_days,
         close_date, COUNT(*) AS n, SUM(amount_minor) AS amount_minor
       FROM deals d ${access}
       WHERE status IN ${statuses} AND close_date BETWEEN @start AND @end
       GROUP BY owner_rep_id, status, 3, 4, currency, 6, 7`;
  // Arrays, not objects: a third cheaper per row when the period holds many groups.
  const rows = db.prepare(sql).safeIntegers(true).raw(true).all(params) as DealSumSql[];
  return rows.map(([ownerRepId, status, stage, probability, currency, dealId, cycleDays, closeDate, n, amountMinor]) => ({
    ownerRepId, status, stage, probability, currency, dealId, closeDate, cycleDays: cycleDays === null ? null : Number(cycleDays),
    count: Number(n), amountMinor: amountMinor ?? 0n,
  }));
}

function anySplits(db: Db): boolean {
  return db.prepare('SELECT 1 FROM splits LIMIT 1').pluck().get() !== undefined;
}

/** Largest memory map asked for (SQLite caps it at 2 GiB; a larger file is read past the map as usual). */
const MMAP_BYTES = 2 ** 31;

/**
 * Lets this connection read the database file through a memory map: pages are used where the
 * operating system caches them instead of being copied into SQLite's own cache, which makes a
 * pass over a large table markedly cheaper (and a random row fetch most of all). Reads only:
 * SQLite still writes through its pager. No effect on an in-memory database.
 */
export function mapForReading(db: Db): void {
  if (!db.memory) db.pragma(`mmap_size = ${MMAP_BYTES}`);
}

function isMapped(db: Db): boolean {
  return !db.memory && Number(db.pragma('mmap_size', { simple: true }) ?? 0) > 0;
}

/**
 * Whether reading the whole deals table in order is cheaper than fetching the period's deals one
 * by one through the (status, close_date) index: a random row fetch costs about as much as
 * reading a dozen rows in sequence, or half a dozen when the connection reads through a memory
 * map (mapForReading; measured on the 1M-deal bench database, where the two paths meet at about
 * 8% and 16% of the rows). Both counts are cheap (a covering index range, the rowid high-water
 * mark); only the access path depends on the answer, never the rows.
 */
export function scanBeatsIndex(db: Db, statuses: string, params: { start: string; end: string }): boolean {
  return scanBeatsIndexFor(db, dealsInRange(db, statuses, params));
}

/** How many deals of these statuses closed in the range (a covering index range). */
export function dealsInRange(db: Db, statuses: string, params: { start: string; end: string }): number {
  const selected = db
    .prepare(`SELECT COUNT(*) FROM deals WHERE status IN ${statuses} AND close_date BETWEEN @start AND @end`)
    .pluck()
    .get({ start: params.start, end: params.end });
  return typeof selected === 'number' ? selected : 0;
}

/** scanBeatsIndex for a number of selected deals already counted (dealsInRange). */
export function scanBeatsIndexFor(db: Db, selected: number): boolean {
  const rows = db.prepare('SELECT MAX(rowid) FROM deals').pluck().get();
  return typeof rows === 'number' && selected * (isMapped(db) ? 6 : 12) > rows;
}

interface SplitSql {
  deal_id: string;
  rep_id: string | null;
  percent: string;
  is_overlay: number;
}

/** Split rows of the given deals (one query: the ids travel as one JSON array parameter). */
export function loadSplitsOf(db: Db, dealIds: readonly string[]): CreditSplit[] {
  if (dealIds.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT s.deal_id, s.rep_id, s.percent, s.is_overlay FROM json_each(?) AS ids JOIN splits s ON s.deal_id = ids.value
       ORDER BY s.deal_id, s.rep_ref, s.role`,
    )
    .all(JSON.stringify(dealIds)) as SplitSql[];
  return rows.map((r) => ({ dealId: r.deal_id, repId: r.rep_id, percent: r.percent, isOverlay: r.is_overlay === 1 }));
}

export interface QuotaData {
  /** Quota rows of every measure that share a day with the period. */
  rows: (QuotaRecord & { measure: string })[];
  /** Every measure in the quotas table. */
  measures: string[];
}

interface QuotaSql {
  rep_id: string;
  measure: string;
  period_start: string;
  period_end: string;
  amount_minor: number;
  currency: string;
}

export function loadQuotas(db: Db, period: DateRange): QuotaData {
  const rows = db
    .prepare(
      `SELECT rep_id, measure, period_start, period_end, amount_minor, currency FROM quotas
       WHERE period_start <= ? AND period_end >= ? ORDER BY rep_id, period_start`,
    )
    .all(period.end, period.start) as QuotaSql[];
  const measures = db.prepare('SELECT DISTINCT measure FROM quotas ORDER BY measure').pluck().all() as string[];
  return {
    rows: rows.map((r) => ({
      repId: r.rep_id, measure: r.measure, periodStart: r.period_start, periodEnd: r.period_end,
      amountMinor: r.amount_minor, currency: r.currency,
    })),
    measures,
  };
}

interface LeadSql {
  owner_rep_id: string | null;
  n: number;
  converted: number;
}

/** Leads created in the period per owner; converted = flagged, or unflagged with a conversion date. */
export function loadLeadSums(db: Db, period: DateRange): LeadSumRow[] {
  const rows = db
    .prepare(
      `SELECT owner_rep_id, COUNT(*) AS n,
         SUM(CASE WHEN converted = 1 OR (converted IS NULL AND converted_date IS NOT NULL) THEN 1 ELSE 0 END) AS converted
       FROM leads WHERE created_date BETWEEN ? AND ? GROUP BY owner_rep_id`,
    )
    .all(period.start, period.end) as LeadSql[];
  return rows.map((r) => ({ ownerRepId: r.owner_rep_id, leads: r.n, converted: r.converted }));
}

export function loadFxRates(db: Db): FxRateRow[] {
  return db.prepare('SELECT currency, date, rate FROM fx_rates ORDER BY currency, date').all() as FxRateRow[];
}
