/**
 * Which plan a rep is on, day by day. An assignment names a rep, a team or a role; on any date
 * the most specific one wins (rep over team over role). Two assignments of equal specificity on
 * the same day with different plans are ambiguous and refused (`spm plan validate` reports
 * them as overlapping). A rep who changes plan mid-period gets one span per plan, and the period
 * is split by those dates.
 */
import { type IsoDate, addDays, compareDates, maxDate, minDate } from '../calendar.js';
import { UsageError } from '../../errors.js';
import type { Assignment } from './plan-types.js';
import type { RepInfo } from './types.js';

export interface PlanSpan {
  planId: string;
  from: IsoDate;
  /** Inclusive. */
  to: IsoDate;
}

function specificity(a: Assignment, rep: RepInfo): number {
  if (a.rep !== undefined) return a.rep === rep.repId ? 3 : 0;
  if (a.team !== undefined) return rep.team !== undefined && a.team === rep.team ? 2 : 0;
  if (a.role !== undefined) return rep.role !== undefined && a.role === rep.role ? 1 : 0;
  return 0;
}

const FAR_FUTURE = '9999-12-31';

/** The rep's plan spans clipped to from..to, in date order, adjacent spans of one plan merged. */
export function planSpans(rep: RepInfo, assignments: readonly Assignment[], from: IsoDate, to: IsoDate): PlanSpan[] {
  const relevant = assignments.filter(
    (a) => specificity(a, rep) > 0 && compareDates(a.from, to) <= 0 && compareDates(a.to ?? FAR_FUTURE, from) >= 0,
  );
  if (relevant.length === 0) return [];
  const cuts = new Set<IsoDate>([from]);
  for (const a of relevant) {
    cuts.add(maxDate(a.from, from));
    const end = a.to ?? FAR_FUTURE;
    if (compareDates(end, to) < 0) cuts.add(addDays(end, 1));
  }
  const starts = [...cuts].sort(compareDates);
  const spans: PlanSpan[] = [];
  starts.forEach((start, k) => {
    const next = starts[k + 1];
    const end = next === undefined ? to : addDays(next, -1);
    const planId = planOn(rep, relevant, start);
    if (planId === undefined) return;
    const last = spans[spans.length - 1];
    if (last !== undefined && last.planId === planId && addDays(last.to, 1) === start) last.to = end;
    else spans.push({ planId, from: start, to: minDate(end, to) });
  });
  return spans;
}

function planOn(rep: RepInfo, assignments: readonly Assignment[], date: IsoDate): string | undefined {
  let best = 0;
  let plans = new Set<string>();
  for (const a of assignments) {
    if (compareDates(a.from, date) > 0 || compareDates(a.to ?? FAR_FUTURE, date) < 0) continue;
    const s = specificity(a, rep);
    if (s > best) {
      best = s;
      plans = new Set([a.plan]);
    } else if (s === best && s > 0) plans.add(a.plan);
  }
  if (plans.size > 1) {
    throw new UsageError(
      `rep ${rep.repId} has ${plans.size} plan assignments on ${date} (${[...plans].join(', ')}) and none is more specific`,
      'run `spm plan validate`: end one assignment before the other starts',
    );
  }
  return plans.values().next().value;
}

/** The span containing `date`, if any. */
export function spanOn(spans: readonly PlanSpan[], date: IsoDate): PlanSpan | undefined {
  for (const s of spans) if (compareDates(s.from, date) <= 0 && compareDates(date, s.to) <= 0) return s;
  return undefined;
}
