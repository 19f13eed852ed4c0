/**
 * The glue between the database rows and the commission engine (core/commission): won deals,
 * split rows, reps, quota rows and FX rates in; the engine's CalculateCommissionsOptions out.
 * Pure: no SQL, no files, no clock.
 *
 * Credit (per deal, in the currency of the plan its rep is on at the close date):
 * 1. The whole deal amount is converted once, with the FX rates effective at the CLOSE DATE,
 *    rounded half-up to minor units of the plan currency (a cross rate goes through the base
 *    currency exactly: amount × rate(deal) ÷ rate(plan), rounded once). Same currency: no rate.
 * 2. Split rows then share the converted amount exactly as the attainment report does
 *    (credit.ts: largest remainder, overlays on top), so with a plan in the base currency the
 *    commission credit equals the attainment credit to the cent.
 * 3. No rate → the deal is not credited to that rep, and a warning names it. A rep with no plan
 *    on the close date gets the credit in the base currency (unconverted without a rate) and the
 *    engine lists the deal as unpaid; a deal whose owner is no known rep is listed here. Nothing
 *    is silently paid zero.
 *
 * Quotas: for every rep, plan and measurement period the engine will look at (from the start of
 * the fiscal year for year-to-date plans), `quotaForPeriod` over the rep's quota rows of each
 * component's measure, prorated for hire and end dates and ramped (config `quota`), labelled
 * exactly as the engine's measurement periods. Quota rows in another currency are converted at
 * the rate effective on the measurement period's last day (cross rates carried to 18 decimals).
 */
import { type IsoDate, compareDates, isValidIsoDate } from './calendar.js';
import { makeRepLookup, type QuotaRecord, type RepInfo as RepRow } from './attainment.js';
import { type CreditDeal, type CreditSplit, creditDeal } from './credit.js';
import { currencyExponent } from './currency.js';
import { type Decimal, decimalToString, divDec, divRound, pow10 } from './decimal.js';
import { buildFxTable, type FxRateRow, type FxTable } from './fx.js';
import type { CalendarOptions, Period } from './period.js';
import { periodOfDate } from './period.js';
import { type DateRange, type Employment, type QuotaResult, type QuotaSettings, type QuotaSource, quotaForPeriod, quotaToBaseFactor } from './quota.js';
import { type PlanSpan, planSpans } from './commission/assignments.js';
import { assignedDays, periodsCovering, yearOf } from './commission/periods.js';
import type { Assignment, Plan } from './commission/plan-types.js';
import type { CalculateCommissionsOptions, CreditLine, QuotaInput, RepInfo } from './commission/types.js';

export interface CommissionRepRow extends RepRow {
  role: string | null;
}

/** A won deal as the commission report reads it. */
export interface CommissionDealRow {
  dealId: string;
  ownerRepId: string | null;
  /** Minor units of `currency`; null credits 0. */
  amountMinor: bigint | null;
  currency: string;
  closeDate: IsoDate;
  type: string | null;
  product: string | null;
  /** Custom fields (columns no canonical field uses), by header. */
  custom: Readonly<Record<string, string>> | null;
}

export interface CommissionQuotaRow extends QuotaRecord {
  measure: string;
}

export interface CommissionInputOptions {
  period: Period;
  calendar: CalendarOptions;
  baseCurrency: string;
  plans: readonly Plan[];
  assignments: readonly Assignment[];
  reps: readonly CommissionRepRow[];
  /** Won deals closed in `commissionWindow(...)` (more are harmless). */
  deals: readonly CommissionDealRow[];
  splits: readonly CreditSplit[];
  quotas: readonly CommissionQuotaRow[];
  fxRates: readonly FxRateRow[];
  quotaSettings: QuotaSettings;
  repIds?: readonly string[];
  withSegments?: boolean;
  totalsOnly?: boolean;
}

export interface CommissionInputResult {
  input: CalculateCommissionsOptions;
  /** Credit or quota left out, irregular splits: each names what and why. */
  warnings: string[];
  /** Plan ids each rep is on during the run period, in id order. */
  plansInRun: Map<string, string[]>;
}

const LISTED = 5;
const NO_SPLITS: readonly CreditSplit[] = [];

function listed(ids: readonly string[]): string {
  const more = ids.length > LISTED ? ` and ${ids.length - LISTED} more` : '';
  return ids.slice(0, LISTED).join(', ') + more;
}

/**
 * The close dates whose deals a run needs: from the start of the fiscal year (year-to-date plans)
 * or of the first measurement period touching the run, to the run's end.
 */
export function commissionWindow(period: Period, plans: readonly Plan[], calendar: CalendarOptions): DateRange {
  let start = period.start;
  for (const plan of plans) {
    const first = plan.tierScope === 'year-to-date' ? yearOf(period.start, calendar) : periodOfDate(period.start, plan.measurementPeriod, calendar);
    if (compareDates(first.start, start) < 0) start = first.start;
  }
  return { start, end: period.end };
}

/** minor units of `from` in minor units of `to` at the rates effective on `date`, half-up; undefined without a rate. */
export function convertAt(fx: FxTable, minor: bigint, from: string, to: string, date: IsoDate): bigint | undefined {
  if (from === to) return minor;
  const rf = fx.rateAt(from, date);
  const rt = fx.rateAt(to, date);
  if (rf === undefined || rt === undefined) return undefined;
  const num = minor * rf.coef * pow10(rt.scale) * pow10(currencyExponent(to));
  const den = pow10(rf.scale) * rt.coef * pow10(currencyExponent(from));
  return divRound(num, den, 'half-up');
}

function toEngineRep(rep: CommissionRepRow, lookup: (ref: string) => string | undefined): RepInfo {
  const out: RepInfo = { repId: rep.repId, name: rep.name ?? rep.repId };
  if (rep.role !== null) out.role = rep.role;
  if (rep.team !== null) out.team = rep.team;
  if (rep.managerId !== null) out.managerId = lookup(rep.managerId) ?? rep.managerId;
  if (rep.hireDate !== null) out.hireDate = rep.hireDate;
  if (rep.endDate !== null) out.endDate = rep.endDate;
  return out;
}

/** Percent (60) → share fraction text ("0.6"); undefined for a whole deal. */
function shareText(percent: Decimal): string | undefined {
  const share = decimalToString({ coef: percent.coef, scale: percent.scale + 2 });
  return share === '1' ? undefined : share;
}

interface CreditContext {
  fx: FxTable;
  currencyOn: (repId: string | null, date: IsoDate) => string | undefined;
  identity: (currency: string) => FxTable;
  splitsOf: (dealId: string) => readonly CreditSplit[];
  missingFx: Map<string, string[]>;
  unowned: string[];
  irregular: string[];
}

function pushCredit(out: CreditLine[], deal: CommissionDealRow, repId: string, credited: bigint, currency: string, share: string | undefined): void {
  const credit: CreditLine = { repId, dealId: deal.dealId, closeDate: deal.closeDate, credited, currency };
  if (share !== undefined) credit.share = share;
  if (deal.type !== null) credit.dealType = deal.type;
  if (deal.product !== null) credit.product = deal.product;
  if (deal.custom !== null) credit.custom = deal.custom;
  out.push(credit);
}

function creditLinesOf(deal: CommissionDealRow, c: CreditContext, out: CreditLine[]): void {
  const splits = c.splitsOf(deal.dealId);
  if (splits.length === 0) {
    // Most deals: no split rows, so the owner gets the whole amount (credit.ts rule 5). When it
    // is already in the currency the owner is paid in, nothing is converted: the general path
    // below would give the same single line.
    if (deal.ownerRepId === null) {
      c.unowned.push(deal.dealId);
      return;
    }
    const target = c.currencyOn(deal.ownerRepId, deal.closeDate) ?? c.fx.baseCurrency;
    if (target === deal.currency) {
      pushCredit(out, deal, deal.ownerRepId, deal.amountMinor ?? 0n, target, undefined);
      return;
    }
  }
  const base: CreditDeal = { dealId: deal.dealId, ownerRepId: deal.ownerRepId, amountMinor: deal.amountMinor, currency: deal.currency, closeDate: deal.closeDate };
  const first = creditDeal(base, splits, c.identity(deal.currency));
  if (!first.ok) return;
  if (first.warning !== undefined) c.irregular.push(first.warning);
  const inCurrency = new Map<string, typeof first.lines>([[deal.currency, first.lines]]);
  first.lines.forEach((line, i) => {
    if (line.repId === null) {
      c.unowned.push(deal.dealId);
      return;
    }
    // A rep on no plan that day is not paid (the engine says so) but may still earn a manager an
    // override: the credit goes in the base currency when it can, else unconverted.
    const planCurrency = c.currencyOn(line.repId, deal.closeDate);
    let target = planCurrency ?? c.fx.baseCurrency;
    let lines = inCurrency.get(target);
    if (lines === undefined) {
      const converted = convertAt(c.fx, deal.amountMinor ?? 0n, deal.currency, target, deal.closeDate);
      const again = converted === undefined ? undefined : creditDeal({ ...base, amountMinor: converted, currency: target }, splits, c.identity(target));
      lines = again?.ok === true ? again.lines : [];
      inCurrency.set(target, lines);
    }
    if (lines[i] === undefined && planCurrency === undefined) {
      target = deal.currency;
      lines = first.lines;
    }
    const credited = lines[i];
    if (credited === undefined) {
      const pair = `${deal.currency}→${target}`;
      const ids = c.missingFx.get(pair) ?? [];
      if (!ids.includes(deal.dealId)) ids.push(deal.dealId);
      c.missingFx.set(pair, ids);
      return;
    }
    pushCredit(out, deal, line.repId, credited.amountMinor, target, shareText(line.percent));
  });
}

/** Exact factor from minor units of `from` to minor units of `to` at `date`, or undefined without a rate. */
function quotaFactor(fx: FxTable, from: string, to: string, date: IsoDate): Decimal | undefined {
  const rf = fx.rateAt(from, date);
  const rt = fx.rateAt(to, date);
  if (rf === undefined || rt === undefined) return undefined;
  const cross = rt.coef === 1n && rt.scale === 0 ? rf : divDec(rf, rt, 18, 'half-up');
  return quotaToBaseFactor(cross, from, to);
}

interface QuotaNeed {
  rep: CommissionRepRow;
  plan: Plan;
  period: Period;
}

/**
 * quotaForPeriod, remembered for the run by what it depends on: reps on standard quotas ask the
 * same question for every period. Employment is left out of the question when it cannot change
 * the answer — no ramp, hired on or before the period's first day (a month's first day: periods
 * are whole months, quarters or years), never left — as employment then prorates nothing.
 */
function quotaMemo(): (sources: readonly QuotaSource[], period: Period, settings: QuotaSettings, employment: Employment) => QuotaResult | undefined {
  const known = new Map<string, QuotaResult | undefined>();
  return (sources, period, settings, employment) => {
    const hired = employment.hireDate;
    const whole = settings.ramp.length === 0 && employment.endDate === null && (hired === null || (isValidIsoDate(hired) && compareDates(hired, period.start) <= 0)) && period.start.endsWith('-01');
    const asked = whole ? { hireDate: null, endDate: null } : employment;
    const key = JSON.stringify([period.start, period.end, asked.hireDate, asked.endDate, sources.map((s) => [s.start, s.end, String(s.amountMinor), s.toBase === undefined ? null : `${s.toBase.coef}e-${s.toBase.scale}`])]);
    if (known.has(key)) return known.get(key);
    const result = quotaForPeriod(sources, period, settings, asked);
    known.set(key, result);
    return result;
  };
}

function quotaInputs(needs: readonly QuotaNeed[], o: CommissionInputOptions, fx: FxTable, warnings: string[]): QuotaInput[] {
  const sameQuota = quotaMemo();
  const lookup = makeRepLookup(o.reps);
  // Quota rows by rep, then measure.
  const rowsOf = new Map<string, Map<string, CommissionQuotaRow[]>>();
  for (const q of o.quotas) {
    if (/^team:/i.test(q.repId)) continue;
    const repId = lookup(q.repId);
    if (repId === undefined) continue;
    let ofRep = rowsOf.get(repId);
    if (ofRep === undefined) {
      ofRep = new Map();
      rowsOf.set(repId, ofRep);
    }
    const list = ofRep.get(q.measure) ?? [];
    list.push(q);
    ofRep.set(q.measure, list);
  }
  const out: QuotaInput[] = [];
  // The plan currency each rep's quota of a measure and period was given in: rep → "measure period" → currency.
  const done = new Map<string, Map<string, string>>();
  const noRate = new Set<string>();
  const measuresOf = new Map<Plan, string[]>();
  for (const { rep, plan, period } of needs) {
    let measures = measuresOf.get(plan);
    if (measures === undefined) {
      measures = [...new Set(plan.components.map((c) => c.measure))];
      measuresOf.set(plan, measures);
    }
    let doneOfRep = done.get(rep.repId);
    if (doneOfRep === undefined) {
      doneOfRep = new Map();
      done.set(rep.repId, doneOfRep);
    }
    for (const measure of measures) {
      const key = JSON.stringify([measure, period.label]);
      const before = doneOfRep.get(key);
      if (before !== undefined) {
        if (before !== plan.currency) warnings.push(`rep ${rep.repId}: plans in ${before} and ${plan.currency} share the ${measure} quota of ${period.label}; it is given in ${before}`);
        continue;
      }
      doneOfRep.set(key, plan.currency);
      const sources: QuotaSource[] = [];
      for (const q of rowsOf.get(rep.repId)?.get(measure) ?? []) {
        const source: QuotaSource = { start: q.periodStart, end: q.periodEnd, amountMinor: BigInt(q.amountMinor) };
        if (q.currency !== plan.currency) {
          const factor = quotaFactor(fx, q.currency, plan.currency, period.end);
          if (factor === undefined) {
            noRate.add(`${q.currency}→${plan.currency} on ${period.end} (rep ${rep.repId}, ${period.label})`);
            continue;
          }
          source.toBase = factor;
        }
        // A row sharing no day with the period plays no part in its quota (quotaForPeriod drops it too).
        if (compareDates(q.periodStart, period.end) <= 0 && compareDates(q.periodEnd, period.start) >= 0) sources.push(source);
      }
      const result = sameQuota(sources, period, o.quotaSettings, { hireDate: rep.hireDate, endDate: rep.endDate });
      if (result !== undefined) out.push({ repId: rep.repId, measure, period: period.label, amount: result.proratedMinor });
    }
  }
  for (const what of [...noRate].sort()) warnings.push(`no FX rate ${what}: quota rows in that currency left out; import a rate with \`spm import fx-rates\``);
  return out;
}

export function buildCommissionInput(o: CommissionInputOptions): CommissionInputResult {
  const fx = buildFxTable(o.fxRates, o.baseCurrency);
  const lookup = makeRepLookup(o.reps);
  const reps = o.reps.map((r) => toEngineRep(r, lookup));
  const plans = new Map(o.plans.map((p) => [p.id, p]));
  const window = commissionWindow(o.period, o.plans, o.calendar);
  // The engine cuts spans from the start of the fiscal year; so does the glue (window.start is never earlier).
  const spanStart = yearOf(o.period.start, o.calendar).start;
  const spansOf = new Map<string, PlanSpan[]>(reps.map((r) => [r.repId, planSpans(r, o.assignments, spanStart, o.period.end)]));
  const identities = new Map<string, FxTable>();
  const splitsByDeal = new Map<string, CreditSplit[]>();
  for (const s of o.splits) {
    const list = splitsByDeal.get(s.dealId) ?? [];
    list.push(s);
    splitsByDeal.set(s.dealId, list);
  }
  const ctx: CreditContext = {
    fx,
    currencyOn: (repId, date) => {
      if (repId === null) return undefined;
      for (const span of spansOf.get(repId) ?? []) {
        if (compareDates(span.from, date) <= 0 && compareDates(date, span.to) <= 0) return plans.get(span.planId)?.currency;
      }
      return undefined;
    },
    identity: (currency) => {
      const table = identities.get(currency) ?? buildFxTable([], currency);
      identities.set(currency, table);
      return table;
    },
    splitsOf: (dealId) => (splitsByDeal.size === 0 ? NO_SPLITS : (splitsByDeal.get(dealId) ?? NO_SPLITS)),
    missingFx: new Map(),
    unowned: [],
    irregular: [],
  };
  const credits: CreditLine[] = [];
  for (let i = 0; i < o.deals.length; i++) {
    const deal = o.deals[i] as CommissionDealRow;
    if (compareDates(deal.closeDate, window.start) < 0 || compareDates(deal.closeDate, window.end) > 0) continue;
    creditLinesOf(deal, ctx, credits);
  }
  const warnings: string[] = [];
  for (const [pair, ids] of [...ctx.missingFx].sort(([a], [b]) => (a < b ? -1 : 1))) {
    warnings.push(`no ${pair} FX rate effective at the close date of ${ids.length} deal(s) (${listed(ids)}): not credited, not paid; import a rate with \`spm import fx-rates\``);
  }
  if (ctx.unowned.length > 0) {
    const ids = [...new Set(ctx.unowned)];
    warnings.push(`${ids.length} won deal(s) closed ${window.start}..${window.end} have no known owner and are not paid (${listed(ids)}); import the reps or fix the owners (see \`spm doctor\`)`);
  }
  for (const w of ctx.irregular.slice(0, LISTED)) warnings.push(w);
  if (ctx.irregular.length > LISTED) warnings.push(`…and ${ctx.irregular.length - LISTED} more deals with irregular splits (see \`spm doctor\`)`);

  const needs: QuotaNeed[] = [];
  const plansInRun = new Map<string, string[]>();
  const fromOf = new Map<string, IsoDate>();
  for (const rep of o.reps) {
    const spans = spansOf.get(rep.repId) ?? [];
    const ids = [...new Set(spans.map((s) => s.planId))].sort();
    const inRun = ids.filter((id) => spans.some((s) => s.planId === id && compareDates(s.to, o.period.start) >= 0));
    if (inRun.length > 0) plansInRun.set(rep.repId, inRun);
    for (const id of ids) {
      const plan = plans.get(id);
      if (plan === undefined) continue;
      const own = spans.filter((s) => s.planId === id);
      const from = fromOf.get(id) ?? commissionWindow(o.period, [plan], o.calendar).start;
      fromOf.set(id, from);
      for (const period of periodsCovering(from, o.period.end, plan.measurementPeriod, o.calendar)) {
        if (assignedDays(own, period) > 0) needs.push({ rep, plan, period });
      }
    }
  }
  const input: CalculateCommissionsOptions = {
    period: o.period,
    calendar: o.calendar,
    plans: o.plans,
    assignments: o.assignments,
    reps,
    credits,
    quotas: quotaInputs(needs, o, fx, warnings),
  };
  if (o.repIds !== undefined) input.repIds = o.repIds;
  if (o.withSegments !== undefined) input.withSegments = o.withSegments;
  if (o.totalsOnly !== undefined) input.totalsOnly = o.totalsOnly;
  return { input, warnings, plansInRun };
}
