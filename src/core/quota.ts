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
  while (y !== 0n) {
    const r = x % y;
    x = y;
    y = r;
  }
  return x === 0n ? 1n : x;
}

function reduce(n: bigint, d: bigint): Ratio {
  const g = gcd(n, d);
  return g === 1n ? { n, d } : { n: n / g, d: d / g };
}

const ZERO: Ratio = { n: 0n, d: 1n };
const ONE: Ratio = { n: 1n, d: 1n };
// Fractions need not be in lowest terms: only their value is ever used (divRound at the end).
// The fast paths skip work for ONE, zero and equal denominators; they never change a value.
const add = (a: Ratio, b: Ratio): Ratio => {
  if (b.n === 0n) return a;
  if (a.n === 0n) return b;
  // Equal denominators (days of one row) add without growing: reduce later, when they differ.
  return a.d === b.d ? { n: a.n + b.n, d: a.d } : reduce(a.n * b.d + b.n * a.d, a.d * b.d);
};
const mul = (a: Ratio, b: Ratio): Ratio => (b === ONE ? a : a === ONE ? b : reduce(a.n * b.n, a.d * b.d));
const int = (n: number | bigint): Ratio => ({ n: BigInt(n), d: 1n });
const ofDecimal = (x: Decimal): Ratio => reduce(x.coef, pow10(x.scale));

/** Configured numbers already turned into fractions (the same few ramp percents and weights recur). */
const configRatios = new Map<number, Ratio>();

/** A configured number (ramp percent, distribution weight) as an exact fraction of its decimal text. */
function ofConfigNumber(x: number): Ratio {
  if (!Number.isFinite(x) || x < 0) return ZERO;
  let r = configRatios.get(x);
  if (r === undefined) {
    r = ofDecimal(parseDecimal(Number.isInteger(x) ? String(x) : x.toFixed(12)));
    if (configRatios.size < 1024) configRatios.set(x, r);
  }
  return r;
}

/** Exact factor from minor units of `from` to minor units of `base` at `rate` (base per unit). */
export function quotaToBaseFactor(rate: Decimal, from: string, base: string): Decimal {
  const shift = currencyExponent(base) - currencyExponent(from);
  return shift >= 0
    ? { coef: rate.coef * pow10(shift), scale: rate.scale }
    : { coef: rate.coef, scale: rate.scale - shift };
}

/*
 * Calendar look-ups, remembered: a report derives the quota of every rep over the same period
 * from rows with the same few dates, so the same day numbers and months come up again and again.
 * The values are those of calendar.ts; only the repeated parsing is saved.
 */
const MEMO_LIMIT = 4096;
const dayNumbers = new Map<IsoDate, number>();

/** `map`'s value for `key`, made and kept (up to MEMO_LIMIT entries) the first time it is asked for. */
function remembered<K, V>(map: Map<K, V>, key: K, make: (key: K) => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make(key);
    if (map.size < MEMO_LIMIT) map.set(key, v);
  }
  return v;
}

function dayNumberOf(date: IsoDate): number {
  return remembered(dayNumbers, date, toDayNumber);
}

/** The calendar month a day falls in. */
interface MonthOf {
  year: number;
  month: number;
  /** Day of the month of the day asked about. */
  day: number;
  /** Days in the month. */
  days: number;
  /** Day number of the first day of the next month. */
  next: number;
}

const months = new Map<number, MonthOf>();

function monthOf(dayNumber: number): MonthOf {
  return remembered(months, dayNumber, (n) => {
    const { year, month, day } = dateParts(fromDayNumber(n));
    const days = daysInMonth(year, month);
    return { year, month, day, days, next: n + days - day + 1 };
  });
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
  const { month, days } = monthOf(dayNumber);
  return { weight: ofConfigNumber(distribution[month - 1] ?? 0), days };
}

function firstOfNextMonth(dayNumber: number): number {
  return monthOf(dayNumber).next;
}

function prepare(source: QuotaSource, distribution: readonly number[] | undefined): Prepared {
  const first = dayNumberOf(source.start);
  const last = dayNumberOf(source.end);
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
  if (distribution === undefined || row.weightTotal === undefined) return segDays === row.length ? ONE : { n: BigInt(segDays), d: BigInt(row.length) };
  const { weight, days } = monthWeight(segFirst, distribution);
  const monthShare = mul(weight, reduce(BigInt(segDays), BigInt(days)));
  return mul(monthShare, { n: row.weightTotal.d, d: row.weightTotal.n });
}

/** Employment as day numbers: the first and last day employed (unbounded when unknown). */
interface Employed {
  hired: number;
  left: number;
  /** Year × 12 + month of the hire (tenure months count from it); undefined without a hire date. */
  hireMonth: number | undefined;
}

function employedDays(employment: Employment): Employed {
  const left = employment.endDate === null ? Infinity : dayNumberOf(employment.endDate);
  if (employment.hireDate === null) return { hired: -Infinity, left, hireMonth: undefined };
  const hired = dayNumberOf(employment.hireDate);
  const hire = monthOf(hired);
  return { hired, left, hireMonth: hire.year * 12 + hire.month };
}

function employmentFactor(segFirst: number, segDays: number, settings: QuotaSettings, e: Employed): Ratio {
  if (settings.proration === 'months') {
    const m = monthOf(segFirst);
    const monthFirst = segFirst - m.day + 1;
    const monthLast = m.next - 1;
    return e.hired <= monthFirst && e.left >= monthLast ? ONE : ZERO;
  }
  const employed = Math.min(e.left, segFirst + segDays - 1) - Math.max(e.hired, segFirst) + 1;
  return employed <= 0 ? ZERO : employed === segDays ? ONE : reduce(BigInt(employed), BigInt(segDays));
}

function rampFactor(segFirst: number, ramp: readonly number[], e: Employed): Ratio {
  if (e.hireMonth === undefined || ramp.length === 0) return ONE;
  const seg = monthOf(segFirst);
  const tenureMonth = seg.year * 12 + seg.month - e.hireMonth + 1;
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
  const pFirst = dayNumberOf(period.start);
  const pLast = dayNumberOf(period.end);
  const rows = sources.map((s) => prepare(s, settings.distribution)).filter((r) => r.first <= pLast && r.last >= pFirst);
  if (rows.length === 0) return undefined;

  const cuts = new Set<number>([pFirst, pLast + 1]);
  for (const r of rows) {
    if (r.first > pFirst) cuts.add(r.first);
    if (r.last < pLast) cuts.add(r.last + 1);
  }
  for (let day = firstOfNextMonth(pFirst); day <= pLast; day = firstOfNextMonth(day)) cuts.add(day);
  const bounds = [...cuts].sort((a, b) => a - b);
  const employed = employment === undefined ? undefined : employedDays(employment);

  // Per row, the share of its amount that the period takes (rules 1–3) and the share once
  // prorated and ramped (6–7); the amounts are applied once per row at the end.
  const share = rows.map(() => ZERO);
  const proratedShare = rows.map(() => ZERO);
  let overlapping = false;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const segFirst = bounds[i] ?? 0;
    const segDays = (bounds[i + 1] ?? 0) - segFirst;
    const segLast = segFirst + segDays - 1;
    let w = -1;
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k] as Prepared;
      if (r.first > segFirst || r.last < segLast) continue;
      if (w < 0) w = k;
      else {
        overlapping = true;
        const best = rows[w] as Prepared;
        if (r.length < best.length || (r.length === best.length && r.first > best.first)) w = k;
      }
    }
    if (w < 0) continue;
    const part = shareOf(rows[w] as Prepared, segFirst, segDays, settings.distribution);
    share[w] = add(share[w] ?? ZERO, part);
    if (employed === undefined) continue;
    const factor = mul(employmentFactor(segFirst, segDays, settings, employed), rampFactor(segFirst, settings.ramp, employed));
    proratedShare[w] = add(proratedShare[w] ?? ZERO, mul(part, factor));
  }
  let quota = ZERO;
  let prorated = ZERO;
  rows.forEach((r, k) => {
    quota = add(quota, mul(r.amount, share[k] ?? ZERO));
    prorated = add(prorated, mul(r.amount, proratedShare[k] ?? ZERO));
  });
  const quotaMinor = divRound(quota.n, quota.d, 'half-up');
  const proratedMinor = employment === undefined ? quotaMinor : divRound(prorated.n, prorated.d, 'half-up');
  return { quotaMinor, proratedMinor, overlapping };
}

/** A text that tells quota rows and employment apart exactly (same text, same derivation). */
function derivationKey(sources: readonly QuotaSource[], employment: Employment | undefined): string {
  let key = employment === undefined ? 'team' : `${employment.hireDate ?? '-'} ${employment.endDate ?? '-'}`;
  for (const s of sources) key += `|${s.start} ${s.end} ${s.amountMinor} ${s.toBase === undefined ? '-' : `${s.toBase.coef}e-${s.toBase.scale}`}`;
  return key;
}

/**
 * quotaForPeriod over one period with one set of settings, remembering each result: reps with the
 * same quota rows and the same hire and end dates (a team on a common quota) share one
 * derivation. The rows' order is part of what is remembered, as it is of the rules (rule 3).
 */
export function quotaDeriver(period: DateRange, settings: QuotaSettings): (sources: readonly QuotaSource[], employment?: Employment) => QuotaResult | undefined {
  const memo = new Map<string, QuotaResult | undefined>();
  return (sources, employment) => {
    const key = derivationKey(sources, employment);
    if (memo.has(key)) return memo.get(key);
    const result = quotaForPeriod(sources, period, settings, employment);
    memo.set(key, result);
    return result;
  };
}
