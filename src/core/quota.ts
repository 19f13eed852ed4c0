/**
 * The quota of one rep (or one team) for any reporting period, derived from quota rows of any
 * granularity (a month, a quarter, a year, a date range).
 *
 * Rules, applied per calendar month of the reporting period and summed exactly as fractions;
 * each result is rounded ONCE, half-up, to minor units of the base currency:
 * 1. Coverage. A quota row covers the days from its start to its end, both included. The
 *    reporting period takes from each row only the days they share.
 * 2. Spreading a row over its days. Without a seasonal distribution a row is spread pro rata by
 *    days: a day is worth amount / days-in-row (a 2026 year quota gives 2026-Q1 90/365 of it).
 *    With `distribution` (12 weights, January…December, like ERPNext's monthly distribution)
 *    each calendar month m of the row gets weight w(m) × (days of m in the row / days in m),
 *    the row's amount is shared in proportion to those weights, and a month's share is spread
 *    over its days evenly. All-zero weights for a row's months fall back to pro rata by days.
 * 3. Overlapping rows of the same rep and measure do not add up: on each day the shortest row
 *    covering it wins (a Q2 row replaces the Q2 part of a year row); equal lengths → the row
 *    that starts later. `overlapping` reports that this happened.
 * 4. Currency. A row in another currency is multiplied by an exact factor to the base currency
 *    (`toBase`: the FX rate × 10^(base exponent − row exponent)); the caller chooses the rate.
 * 5. `quotaMinor` is the sum of rules 1–4: the quota of the period as if the rep were employed
 *    and fully ramped throughout.
 * 6. Proration (`proratedMinor` only, reps only). hire_date is the first day employed and
 *    end_date the last (both optional). `days`: each day counts only when employed, so a rep
 *    hired on day 46 of a 90-day quarter with a flat quarterly quota gets 45/90 of it. `months`:
 *    a calendar month counts fully when the rep is employed on every day of it and not at all
 *    otherwise (whole calendar months employed).
 * 7. Ramp (`proratedMinor` only, reps with a hire date). Tenure month k of a calendar month is
 *    1 for the hire month, 2 for the next, …; the month's quota is scaled by ramp[k−1] percent,
 *    and by 100% once k is past the schedule. Months before the hire are already excluded by 6.
 */
import { dateParts, daysInMonth, fromDayNumber, toDayNumber, type IsoDate } from './calendar.js';
import { currencyExponent } from './currency.js';
import { type Decimal, divRound, parseDecimal, pow10 } from './decimal.js';

export interface DateRange {
  start: IsoDate;
  /** Inclusive. */
  end: IsoDate;
}

/** One quota row ready for derivation: its dates, amount and exact factor to the base currency. */
export interface QuotaSource extends DateRange {
  amountMinor: bigint;
  /** Multiplier from the row's minor units to base minor units; omitted = 1 (same currency). */
  toBase?: Decimal;
}

export interface QuotaSettings {
  proration: 'days' | 'months';
  /** Percent of quota by tenure month: [25, 50, 75, 100]. */
  ramp: readonly number[];
  /** 12 non-negative weights, January…December. */
  distribution?: readonly number[];
}

export interface Employment {
  hireDate: IsoDate | null;
  endDate: IsoDate | null;
}

export interface QuotaResult {
  /** Rules 1–5: before proration and ramp. */
  quotaMinor: bigint;
  /** Rules 1–7. Equal to quotaMinor when no employment is given (team quotas). */
  proratedMinor: bigint;
  /** True when two rows covered the same day (rule 3). */
  overlapping: boolean;
}

/** A non-negative fraction n/d with d > 0. */
interface Ratio {
  n: bigint;
  d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

function reduce(n: bigint, d: bigint): Ratio {
  const g = gcd(n, d);
  return { n: n / g, d: d / g };
}

const add = (a: Ratio, b: Ratio): Ratio => reduce(a.n * b.d + b.n * a.d, a.d * b.d);
const mul = (a: Ratio, b: Ratio): Ratio => reduce(a.n * b.n, a.d * b.d);
const ZERO: Ratio = { n: 0n, d: 1n };
const ONE: Ratio = { n: 1n, d: 1n };
const int = (n: number | bigint): Ratio => ({ n: BigInt(n), d: 1n });
const ofDecimal = (x: Decimal): Ratio => reduce(x.coef, pow10(x.scale));

/** A configured number (ramp percent, distribution weight) as an exact fraction of its decimal text. */
function ofConfigNumber(x: number): Ratio {
  if (!Number.isFinite(x) || x < 0) return ZERO;
  return ofDecimal(parseDecimal(Number.isInteger(x) ? String(x) : x.toFixed(12)));
}

/** Exact factor from minor units of `from` to minor units of `base` at `rate` (base per unit). */
export function quotaToBaseFactor(rate: Decimal, from: string, base: string): Decimal {
  const shift = currencyExponent(base) - currencyExponent(from);
  return shift >= 0
    ? { coef: rate.coef * pow10(shift), scale: rate.scale }
    : { coef: rate.coef, scale: rate.scale - shift };
}

interface Prepared {
  first: number;
  last: number;
  length: number;
  amount: Ratio;
  /** Σ over the row's months of w(m) × days-in-row(m) / days-in(m); undefined → by days. */
  weightTotal: Ratio | undefined;
}

function monthWeight(dayNumber: number, distribution: readonly number[]): { weight: Ratio; days: number } {
  const { year, month } = dateParts(fromDayNumber(dayNumber));
  return { weight: ofConfigNumber(distribution[month - 1] ?? 0), days: daysInMonth(year, month) };
}

function firstOfNextMonth(dayNumber: number): number {
  const { year, month, day } = dateParts(fromDayNumber(dayNumber));
  return dayNumber + daysInMonth(year, month) - day + 1;
}

function prepare(source: QuotaSource, distribution: readonly number[] | undefined): Prepared {
  const first = toDayNumber(source.start);
  const last = toDayNumber(source.end);
  const amount = mul(int(source.amountMinor), source.toBase === undefined ? ONE : ofDecimal(source.toBase));
  let weightTotal: Ratio | undefined;
  if (distribution !== undefined) {
    let total = ZERO;
    for (let day = first; day <= last; day = firstOfNextMonth(day)) {
      const covered = Math.min(last, firstOfNextMonth(day) - 1) - day + 1;
      const { weight, days } = monthWeight(day, distribution);
      total = add(total, mul(weight, reduce(BigInt(covered), BigInt(days))));
    }
    weightTotal = total.n === 0n ? undefined : total;
  }
  return { first, last, length: last - first + 1, amount, weightTotal };
}

/** The share of a row's amount that falls on `segDays` days starting at day `segFirst`. */
function shareOf(row: Prepared, segFirst: number, segDays: number, distribution: readonly number[] | undefined): Ratio {
  if (distribution === undefined || row.weightTotal === undefined) return reduce(BigInt(segDays), BigInt(row.length));
  const { weight, days } = monthWeight(segFirst, distribution);
  const monthShare = mul(weight, reduce(BigInt(segDays), BigInt(days)));
  return mul(monthShare, { n: row.weightTotal.d, d: row.weightTotal.n });
}

function employmentFactor(segFirst: number, segDays: number, settings: QuotaSettings, employment: Employment): Ratio {
  const hired = employment.hireDate === null ? -Infinity : toDayNumber(employment.hireDate);
  const left = employment.endDate === null ? Infinity : toDayNumber(employment.endDate);
  if (settings.proration === 'months') {
    const monthFirst = segFirst - dateParts(fromDayNumber(segFirst)).day + 1;
    const monthLast = firstOfNextMonth(segFirst) - 1;
    return hired <= monthFirst && left >= monthLast ? ONE : ZERO;
  }
  const employed = Math.min(left, segFirst + segDays - 1) - Math.max(hired, segFirst) + 1;
  return employed <= 0 ? ZERO : reduce(BigInt(employed), BigInt(segDays));
}

function rampFactor(segFirst: number, ramp: readonly number[], hireDate: IsoDate | null): Ratio {
  if (hireDate === null || ramp.length === 0) return ONE;
  const hire = dateParts(hireDate);
  const seg = dateParts(fromDayNumber(segFirst));
  const tenureMonth = seg.year * 12 + seg.month - (hire.year * 12 + hire.month) + 1;
  if (tenureMonth < 1 || tenureMonth > ramp.length) return ONE;
  return mul(ofConfigNumber(ramp[tenureMonth - 1] ?? 100), { n: 1n, d: 100n });
}

/**
 * The quota for `period` from `sources` (one rep's or team's rows of one measure), or undefined
 * when no row shares a day with the period. `employment` enables proration and ramp (rules 6–7).
 */
export function quotaForPeriod(
  sources: readonly QuotaSource[],
  period: DateRange,
  settings: QuotaSettings,
  employment?: Employment,
): QuotaResult | undefined {
  const pFirst = toDayNumber(period.start);
  const pLast = toDayNumber(period.end);
  const rows = sources.map((s) => prepare(s, settings.distribution)).filter((r) => r.first <= pLast && r.last >= pFirst);
  if (rows.length === 0) return undefined;

  const cuts = new Set<number>([pFirst, pLast + 1]);
  for (const r of rows) {
    if (r.first > pFirst) cuts.add(r.first);
    if (r.last < pLast) cuts.add(r.last + 1);
  }
  for (let day = firstOfNextMonth(pFirst); day <= pLast; day = firstOfNextMonth(day)) cuts.add(day);
  const bounds = [...cuts].sort((a, b) => a - b);

  let quota = ZERO;
  let prorated = ZERO;
  let overlapping = false;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const segFirst = bounds[i] ?? 0;
    const segDays = (bounds[i + 1] ?? 0) - segFirst;
    const covering = rows.filter((r) => r.first <= segFirst && r.last >= segFirst + segDays - 1);
    if (covering.length === 0) continue;
    if (covering.length > 1) overlapping = true;
    const winner = covering.reduce((best, r) =>
      r.length < best.length || (r.length === best.length && r.first > best.first) ? r : best,
    );
    const part = mul(winner.amount, shareOf(winner, segFirst, segDays, settings.distribution));
    quota = add(quota, part);
    if (employment === undefined) continue;
    const employed = employmentFactor(segFirst, segDays, settings, employment);
    prorated = add(prorated, mul(part, mul(employed, rampFactor(segFirst, settings.ramp, employment.hireDate))));
  }
  const quotaMinor = divRound(quota.n, quota.d, 'half-up');
  const proratedMinor = employment === undefined ? quotaMinor : divRound(prorated.n, prorated.d, 'half-up');
  return { quotaMinor, proratedMinor, overlapping };
}
