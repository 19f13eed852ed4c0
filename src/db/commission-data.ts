/**
 * What the commission report reads beyond report-data.ts: reps with their role, won deals one by
 * one with the fields plan filters test (type, product, custom fields), and the split rows of
 * those deals. One query per table, parameters bound, nothing from the data spliced into SQL.
 */
import type { CommissionDealRow, CommissionRepRow } from '../core/commission-input.js';
import type { CreditSplit } from '../core/credit.js';
import type { DateRange } from '../core/quota.js';
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

/** Won deals closed in the range, in processing order (close date, deal id); amounts as bigint. */
export function loadWonDeals(db: Db, range: DateRange): CommissionDealRow[] {
  const access = scanBeatsIndex(db, "('won')", range) ? 'NOT INDEXED' : '';
  const rows = db
    .prepare(
      `SELECT deal_id, owner_rep_id, amount_minor, currency, close_date, type, product, custom FROM deals ${access}
       WHERE status = 'won' AND close_date BETWEEN ? AND ? ORDER BY close_date, deal_id`,
    )
    .safeIntegers(true)
    .raw(true) // arrays, not objects: a third cheaper per row on large ranges
    .all(range.start, range.end) as DealSql[];
  return rows.map(([dealId, ownerRepId, amountMinor, currency, closeDate, type, product, custom]) => ({
    dealId, ownerRepId, amountMinor, currency, closeDate, type, product, custom: parseCustom(custom),
  }));
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
