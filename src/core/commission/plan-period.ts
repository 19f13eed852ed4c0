/**
 * One rep, one plan, one measurement period: the lines of every component, with true-ups for
 * year-to-date plans.
 *
 * Year-to-date scope: the window runs from the start of the (fiscal) year to the end of the
 * measurement period. It is evaluated twice — as of now, and as of the end of the previous
 * measurement period (what earlier runs paid). Deals of this period get their own lines from
 * the "now" evaluation; the change in what the earlier deals earn is ONE true-up line; the
 * change in the payout-cap reduction is one cap line. Summed over a year, the lines of all
 * periods equal the year-end evaluation exactly.
 */
import { type IsoDate, addDays, compareDates } from '../calendar.js';
import { toMinor } from '../money.js';
import type { CalendarOptions, Period } from '../period.js';
import { UsageError } from '../../errors.js';
import type { PlanSpan } from './assignments.js';
import { type DraftContext, type LineDraft, append, dealDraft, lineRate, majorText, makeDraft, positionText } from './drafts.js';
import { evaluateWindow, type WindowDealResult, type WindowResult } from './evaluate-window.js';
import { matchesFilter } from './filter.js';
import { periodsCovering, type WindowAmount, windowAmount, yearOf } from './periods.js';
import type { Component, Plan } from './plan-types.js';
import { type Rational, ZERO_R, addR, divR, fromBigInt, isZeroR, rationalToString, subR } from './rational.js';
import { spiffDrafts } from './spiffs.js';
import { needsQuota } from './tiers.js';
import type { CommissionWarning, ComponentDerivation, CreditLine, RepInfo } from './types.js';

export interface PlanPeriodContext {
  plan: Plan;
  planHash: string;
  rep: RepInfo;
  period: Period;
  /** The rep's spans on this plan. */
  spans: readonly PlanSpan[];
  /** The rep's credit lines in processing order. */
  credits: readonly CreditLine[];
  quotaOf: (measure: string, periodLabel: string) => bigint | undefined;
  calendar: CalendarOptions;
  /** Whether the lines keep the bands each deal crosses (only printed lines need them). */
  withSegments: boolean;
  /** Whether these drafts become lines (false: only totals are made, and a line's rate text is not needed). */
  withLines: boolean;
}

export interface PlanPeriodResult {
  drafts: LineDraft[];
  derivations: ComponentDerivation[];
  warnings: CommissionWarning[];
}

function inSpans(spans: readonly PlanSpan[], date: IsoDate, start: IsoDate, end: IsoDate): boolean {
  if (compareDates(date, start) < 0 || compareDates(date, end) > 0) return false;
  for (const s of spans) if (compareDates(s.from, date) <= 0 && compareDates(date, s.to) <= 0) return true;
  return false;
}

/**
 * The credits closed from `start` to `end` on days the spans cover (and passing `keep`), in
 * order. The rep's credits are handed over already cut to the window, so when one span covers
 * the whole window and nothing is filtered they are all of them.
 */
function creditsIn(ctx: PlanPeriodContext, start: IsoDate, end: IsoDate, keep?: (c: CreditLine) => boolean): readonly CreditLine[] {
  const whole = ctx.spans.some((s) => compareDates(s.from, start) <= 0 && compareDates(end, s.to) <= 0);
  const first = ctx.credits[0];
  const last = ctx.credits[ctx.credits.length - 1];
  const inside = first === undefined || last === undefined || (compareDates(first.closeDate, start) >= 0 && compareDates(last.closeDate, end) <= 0);
  if (whole && inside && keep === undefined) return ctx.credits;
  return ctx.credits.filter((c) => inSpans(ctx.spans, c.closeDate, start, end) && (keep === undefined || keep(c)));
}

const totalOf = (d: WindowDealResult): Rational => addR(addR(d.amount, d.attainmentCapDelta), d.perDealCapDelta);

/** Money text → minor units of a currency: one function per currency, so prepared schedules can be shared (evaluate-window.ts). */
const MINOR_UNITS = new Map<string, (money: string) => bigint>();

function minorUnitsIn(currency: string): (money: string) => bigint {
  let convert = MINOR_UNITS.get(currency);
  if (convert === undefined) {
    convert = (money) => toMinor(money, currency);
    MINOR_UNITS.set(currency, convert);
  }
  return convert;
}

/** Credit must already be in the plan currency: anything else is refused, never paid as if it were. */
function checkCurrency(deals: readonly CreditLine[], plan: Plan): void {
  for (const d of deals) {
    if (d.currency !== plan.currency) {
      throw new Error(`credit for deal ${d.dealId} of rep ${d.repId} is in ${d.currency} but plan ${plan.id} pays in ${plan.currency}: convert credit to the plan currency first`);
    }
  }
}

export function calculatePlanPeriod(ctx: PlanPeriodContext): PlanPeriodResult {
  const result: PlanPeriodResult = { drafts: [], derivations: [], warnings: [] };
  const mpDeals = creditsIn(ctx, ctx.period.start, ctx.period.end);
  checkCurrency(mpDeals, ctx.plan);
  for (const component of ctx.plan.components) calculateComponent(ctx, component, result, mpDeals);
  for (const spiff of ctx.plan.spiffs) {
    const out = spiffDrafts({
      plan: ctx.plan,
      planHash: ctx.planHash,
      spiff,
      repId: ctx.rep.repId,
      period: ctx.period,
      deals: mpDeals,
      attainmentOf: (componentId) => periodAttainment(ctx, componentId, mpDeals),
    });
    append(result.drafts, out.drafts);
    append(result.warnings, out.warnings);
  }
  return result;
}

/** Period-to-date attainment of a component (SPIFF conditions), or a reason it has none. */
function periodAttainment(ctx: PlanPeriodContext, componentId: string, mpDeals: readonly CreditLine[]): Rational | string {
  const component = ctx.plan.components.find((c) => c.id === componentId);
  if (component === undefined) return `no component "${componentId}"`;
  const quota = windowAmount([ctx.period], ctx.spans, (p) => ctx.quotaOf(component.measure, p.label));
  if (quota.missing.length > 0 || quota.amount <= 0n) return `no ${component.measure} quota for ${ctx.period.label}`;
  const credit = mpDeals.filter((d) => matchesFilter(component.filter, d)).reduce((s, d) => s + d.credited, 0n);
  return divR(fromBigInt(credit), fromBigInt(quota.amount));
}

/** `checked`: credits whose currency calculatePlanPeriod has checked already. */
function calculateComponent(ctx: PlanPeriodContext, component: Component, out: PlanPeriodResult, checked: readonly CreditLine[]): void {
  const { plan, period } = ctx;
  if (component.creditBasis !== 'booking') {
    throw new UsageError(
      `plan ${plan.id}, component ${component.id}: credit basis "${component.creditBasis}" is not calculated yet (only "booking" is)`,
      'set creditBasis to "booking" for now; invoice and payment credit arrive with payouts',
    );
  }
  const ytd = plan.tierScope === 'year-to-date';
  const year = yearOf(period.start, ctx.calendar);
  const windowStart = ytd ? year.start : period.start;
  const filter = component.filter;
  const deals = creditsIn(ctx, windowStart, period.end, filter === undefined ? undefined : (c) => matchesFilter(filter, c));
  if (deals !== checked) checkCurrency(deals, plan);
  const inPeriod = (d: CreditLine): boolean => compareDates(d.closeDate, period.start) >= 0;
  const schedule = component.rateSchedule;
  const isCurve = component.payoutCurve !== undefined;
  const wantsQuota = isCurve || (schedule !== undefined && needsQuota(schedule));
  const periodsTo = (end: IsoDate): Period[] => (ytd ? periodsCovering(year.start, end, plan.measurementPeriod, ctx.calendar) : [period]);
  const quotas = new Map<IsoDate, WindowAmount>();
  const quotaTo = (end: IsoDate): WindowAmount => {
    const known = quotas.get(end);
    if (known !== undefined) return known;
    const amount = windowAmount(periodsTo(end), ctx.spans, (p) => ctx.quotaOf(component.measure, p.label));
    quotas.set(end, amount);
    return amount;
  };
  const tiTo = (end: IsoDate) =>
    windowAmount(periodsTo(end), ctx.spans, () => (component.payoutCurve === undefined ? 0n : toMinor(component.payoutCurve.targetIncentive, plan.currency)));
  const quota = wantsQuota ? quotaTo(period.end) : undefined;
  const credited = deals.reduce((s, d) => s + d.credited, 0n);
  const derivation: ComponentDerivation = {
    repId: ctx.rep.repId,
    planId: plan.id,
    period: period.label,
    component: component.id,
    kind: isCurve ? 'payout-curve' : 'rate-schedule',
    scope: plan.tierScope,
    windowStart,
    windowEnd: period.end,
    currency: plan.currency,
    deals: deals.length,
    credited,
    notes: quota === undefined ? [] : quota.prorated.map((p) => `quota prorated for days on the plan: ${p}`),
  };
  out.derivations.push(derivation);
  if (quota !== undefined && (quota.missing.length > 0 || quota.amount <= 0n)) {
    const why = quota.missing.length > 0 ? `no ${component.measure} quota for ${quota.missing.join(', ')}` : `${component.measure} quota is zero`;
    derivation.notes.push(`not calculated: ${why}`);
    const dealIds = deals.filter(inPeriod).map((d) => d.dealId);
    out.warnings.push({
      code: 'commission.no-quota',
      repId: ctx.rep.repId,
      dealIds,
      message: `rep ${ctx.rep.repId}: plan ${plan.id} component ${component.id} not paid for ${period.label}: ${why} (${dealIds.length} deal(s): ${dealIds.join(', ') || 'none'})`,
      hint: `import the ${component.measure} quota for this rep and period`,
    });
    return;
  }
  const toMinorUnits = minorUnitsIn(plan.currency);
  const evaluate = (windowDeals: readonly CreditLine[], end: IsoDate, windowCredit?: bigint): WindowResult =>
    evaluateWindow({
      component,
      deals: windowDeals,
      ...(windowCredit === undefined ? {} : { credited: windowCredit }),
      scope: plan.tierScope,
      ...(wantsQuota ? { quota: quotaTo(end).amount } : {}),
      ...(isCurve ? { targetIncentive: tiTo(end).amount } : {}),
      toMinorUnits,
      withSegments: ctx.withSegments,
    });
  const now = evaluate(deals, period.end, credited);
  if (quota !== undefined) {
    derivation.quota = quota.amount;
    derivation.attainment = rationalToString(divR(fromBigInt(credited), fromBigInt(quota.amount)));
  }
  if (!now.gateMet) derivation.notes.push(`threshold ${schedule?.threshold?.attainment ?? ''} not reached: nothing is paid yet`);
  const asAttainment = isCurve || (schedule !== undefined && schedule.kind !== 'flat' && schedule.tierBasis === 'attainment');
  // How the bands show positions: only lines that keep their bands need it.
  const show = ctx.withSegments ? positionText(plan.currency, quota?.amount, asAttainment) : undefined;
  const dc: DraftContext = { period, repId: ctx.rep.repId, plan, planHash: ctx.planHash, component: component.id };
  // Hot loop over every deal: fields are written out (no object spread) to keep runs fast.
  for (let i = 0; i < now.deals.length; i++) {
    const d = now.deals[i] as WindowDealResult;
    const { dealId, closeDate, credited: dealCredit } = d.credit;
    if (compareDates(closeDate, period.start) < 0) continue;
    const rate = ctx.withLines ? lineRate(d.rate, d.amount, dealCredit) : '';
    const bands = show === undefined ? undefined : { segments: d.segments, show };
    out.drafts.push(dealDraft(dc, dealId, closeDate, dealCredit, rate, bands, d.amount));
    if (!isZeroR(d.attainmentCapDelta)) {
      const note = `attainment cap ${schedule?.caps?.attainment ?? ''}: credit beyond it earns nothing`;
      out.drafts.push(makeDraft(dc, { dealId, closeDate, date: closeDate, kind: 'cap', credited: dealCredit, rate: '', bands: undefined, exact: d.attainmentCapDelta, note }));
    }
    if (!isZeroR(d.perDealCapDelta)) {
      const note = `per-deal cap ${schedule?.caps?.perDeal ?? ''} ${plan.currency}`;
      out.drafts.push(makeDraft(dc, { dealId, closeDate, date: closeDate, kind: 'cap', credited: dealCredit, rate: '', bands: undefined, exact: d.perDealCapDelta, note }));
    }
  }
  let trueUp = ZERO_R;
  let capBefore = ZERO_R;
  if (ytd && compareDates(period.start, year.start) > 0) {
    const prevEnd = addDays(period.start, -1);
    const earlier = deals.filter((d) => !inPeriod(d));
    if (earlier.length > 0) {
      const prev = evaluate(earlier, prevEnd);
      capBefore = prev.payoutCapDelta;
      now.deals.forEach((d, i) => {
        const before = prev.deals[i];
        if (before !== undefined) trueUp = addR(trueUp, subR(totalOf(d), totalOf(before)));
      });
      const earlierCredit = earlier.reduce((s, d) => s + d.credited, 0n);
      derivation.notes.push(`year-to-date: ${earlier.length} deal(s) of earlier periods re-evaluated; true-up ${majorText(trueUp, plan.currency)} ${plan.currency}`);
      if (!isZeroR(trueUp)) {
        const note = `earlier periods of ${year.label} re-evaluated at the year-to-date attainment`;
        out.drafts.push(makeDraft(dc, { dealId: '', date: period.end, kind: 'true-up', credited: earlierCredit, rate: '', exact: trueUp, note }));
      }
    }
  }
  const capChange = now.payoutCapDelta === capBefore ? ZERO_R : subR(now.payoutCapDelta, capBefore);
  if (!isZeroR(capChange)) {
    const per = ytd ? 'year' : 'measurement period';
    const note = `payout cap ${schedule?.caps?.payout ?? ''} ${plan.currency} per ${per}`;
    out.drafts.push(makeDraft(dc, { dealId: '', date: period.end, kind: 'cap', credited, rate: '', exact: capChange, note }));
  }
}
