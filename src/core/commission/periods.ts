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
import { type IsoDate, addDays, compareDates, overlapDays } from '../calendar.js';
import { divRound } from '../decimal.js';
import { type CalendarOptions, type Period, periodDays, periodOfDate } from '../period.js';
import type { MeasurementPeriod } from './plan-types.js';
import type { PlanSpan } from './assignments.js';

/** The measurement periods overlapping start..end, in order. */
export function periodsCovering(start: IsoDate, end: IsoDate, unit: MeasurementPeriod, calendar: CalendarOptions): Period[] {
  const out: Period[] = [];
  let cursor = start;
  while (compareDates(cursor, end) <= 0) {
    const whole = periodOfDate(cursor, unit, calendar);
    out.push(whole);
    cursor = addDays(whole.end, 1);
  }
  return out;
}

/** The measurement periods that end inside the run period. */
export function periodsEndingIn(run: Period, unit: MeasurementPeriod, calendar: CalendarOptions): Period[] {
  return periodsCovering(run.start, run.end, unit, calendar).filter((p) => compareDates(p.end, run.end) <= 0);
}

/** The (fiscal) year containing `date`. */
export function yearOf(date: IsoDate, calendar: CalendarOptions): Period {
  return periodOfDate(date, 'year', calendar);
}

/** Days of `period` the spans cover. */
export function assignedDays(spans: readonly PlanSpan[], period: Period): number {
  return spans.reduce((days, s) => days + overlapDays(s.from, s.to, period.start, period.end), 0);
}

/** `amount` × covered days ÷ period days, half-up; the amount itself when fully covered. */
export function prorate(amount: bigint, days: number, period: Period): bigint {
  const total = periodDays(period);
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
    if (days < periodDays(period)) prorated.push(`${period.label} (${days}/${periodDays(period)} days)`);
    amount += prorate(value, days, period);
  }
  return { amount, missing, prorated };
}
