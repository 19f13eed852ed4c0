/**
 * Measurement periods and the quota/target of a window.
 *
 * A run for period P calculates every measurement period of a plan that ENDS inside P: a
 * monthly run of a quarterly plan pays the quarter in the run of its last month, and a quarterly
 * run of a monthly plan calculates its three months. Quarters and years follow the fiscal
 * calendar (fiscalYearStartMonth), as `periodOfDate` does.
 *
 * When a rep is on a plan for only part of a measurement period (plan change, assignment start
 * or end), that period's quota and target incentive are prorated by the days on the plan,
 * rounded half-up to the minor unit (the one rounding outside the lines, documented here).
 */
import { type IsoDate, addDays, compareDates, toDayNumber } from '../calendar.js';
import { divRound } from '../decimal.js';
import { type CalendarOptions, type Period, periodOfDate } from '../period.js';
import type { MeasurementPeriod } from './plan-types.js';
import type { PlanSpan } from './assignments.js';

/**
 * A run asks the same few dates and periods again for every rep and measurement period: they
 * are worked out once per run (per process, a bounded number kept).
 */
const KEPT = 10_000;
const DAY_NUMBERS = new Map<IsoDate, number>();
const COVERING = new Map<string, Period[]>();
const YEARS = new Map<string, Period>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= KEPT) cache.clear();
  cache.set(key, value);
  return value;
}

/** toDayNumber, remembered. */
function dayNumber(date: IsoDate): number {
  const known = DAY_NUMBERS.get(date);
  return known ?? remember(DAY_NUMBERS, date, toDayNumber(date));
}

/** Days in start..end inclusive; 0 when end is before start (as daysInclusive). */
function daysFrom(start: IsoDate, end: IsoDate): number {
  return Math.max(0, dayNumber(end) - dayNumber(start) + 1);
}

/** Days of the period (as periodDays). */
function daysOf(period: Period): number {
  return daysFrom(period.start, period.end);
}

/** The measurement periods overlapping start..end, in order. */
export function periodsCovering(start: IsoDate, end: IsoDate, unit: MeasurementPeriod, calendar: CalendarOptions): Period[] {
  const key = `${calendar.fiscalYearStartMonth} ${unit} ${start} ${end}`;
  const known = COVERING.get(key);
  if (known !== undefined) return [...known];
  const out: Period[] = [];
  let cursor = start;
  while (compareDates(cursor, end) <= 0) {
    const whole = periodOfDate(cursor, unit, calendar);
    out.push(whole);
    cursor = addDays(whole.end, 1);
  }
  return [...remember(COVERING, key, out)];
}

/** The measurement periods that end inside the run period. */
export function periodsEndingIn(run: Period, unit: MeasurementPeriod, calendar: CalendarOptions): Period[] {
  return periodsCovering(run.start, run.end, unit, calendar).filter((p) => compareDates(p.end, run.end) <= 0);
}

/** The (fiscal) year containing `date`. */
export function yearOf(date: IsoDate, calendar: CalendarOptions): Period {
  const key = `${calendar.fiscalYearStartMonth} ${date}`;
  return YEARS.get(key) ?? remember(YEARS, key, periodOfDate(date, 'year', calendar));
}

/** Days of `period` the spans cover. */
export function assignedDays(spans: readonly PlanSpan[], period: Period): number {
  let days = 0;
  for (const s of spans) {
    // overlapDays: the days from the later start to the earlier end.
    const from = compareDates(s.from, period.start) >= 0 ? s.from : period.start;
    const to = compareDates(s.to, period.end) <= 0 ? s.to : period.end;
    days += daysFrom(from, to);
  }
  return days;
}

/** `amount` × covered days ÷ period days, half-up; the amount itself when fully covered. */
export function prorate(amount: bigint, days: number, period: Period): bigint {
  const total = daysOf(period);
  if (days >= total) return amount;
  return divRound(amount * BigInt(days), BigInt(total), 'half-up');
}

export interface WindowAmount {
  amount: bigint;
  /** Periods with a missing value, by label. */
  missing: string[];
  prorated: string[];
}

/**
 * Sum over `periods` of the (prorated) value of each period the spans touch; `valueOf` returns
 * undefined when a period has no value (reported in `missing`).
 */
export function windowAmount(
  periods: readonly Period[],
  spans: readonly PlanSpan[],
  valueOf: (period: Period) => bigint | undefined,
): WindowAmount {
  let amount = 0n;
  const missing: string[] = [];
  const prorated: string[] = [];
  for (const period of periods) {
    const days = assignedDays(spans, period);
    if (days === 0) continue;
    const value = valueOf(period);
    if (value === undefined) {
      missing.push(period.label);
      continue;
    }
    if (days < daysOf(period)) prorated.push(`${period.label} (${days}/${daysOf(period)} days)`);
    amount += prorate(value, days, period);
  }
  return { amount, missing, prorated };
}
