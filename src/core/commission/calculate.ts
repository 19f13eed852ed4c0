/**
 * calculateCommissions: what the plans pay for a run period, as lines a payroll analyst can
 * check one by one. A pure function of plain data (see types.ts).
 *
 * Processing order — within a measurement period, deals are processed by CLOSE DATE, then DEAL
 * ID (then rep, size of the credited amount and the remaining fields, so that identical input in
 * any order gives identical output). Running totals, the tiers a deal crosses and the order of lines all follow
 * it. Lines are listed by rep id, measurement period, plan, then processing order.
 *
 * Steps:
 * 1. each rep's plan spans (effective-dated assignments; a mid-period change splits the period);
 * 2. for each plan and each of its measurement periods ending in the run: components (rate
 *    schedule or payout curve, with year-to-date true-ups and cap lines), then SPIFFs;
 * 3. manager overrides on the reports' credit or exact commissions;
 * 4. rounding at the plan's one rounding point (line or statement; rounding.ts);
 * 5. warnings: deals in the run whose owner is no known rep, or has no plan on the close date,
 *    are listed, never silently paid zero. Amounts beyond the safe-integer range are refused.
 */
import { compareDates } from '../calendar.js';
import { checkSafe } from '../money.js';
import { UsageError } from '../../errors.js';
import { type PlanSpan, planSpans, spanOn } from './assignments.js';
import { type LineDraft, append, lineSegments, majorText } from './drafts.js';
import { overrideDrafts } from './overrides.js';
import { planHash } from './plan-hash.js';
import { calculatePlanPeriod } from './plan-period.js';
import { assignedDays, periodsEndingIn, yearOf } from './periods.js';
import type { Plan } from './plan-types.js';
import { roundLines } from './rounding.js';
import { canRoundAsMade, RoundedStatements } from './rounded-statements.js';
import { TotalsBuilder, totalsOf } from './totals.js';
import type {
  CalculateCommissionsOptions,
  CommissionLine,
  CommissionResult,
  CommissionWarning,
  ComponentDerivation,
  CreditLine,
  RepInfo,
  StatementRow,
} from './types.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Processing order: close date, deal id, then the rest of the line so the order is total. Ties
 * go by the SIZE of the credited amount before its sign, so negating every amount keeps the
 * order (and rounding stays symmetric even where lines tie).
 */
export function compareCredits(a: CreditLine, b: CreditLine): number {
  return (
    compareDates(a.closeDate, b.closeDate) ||
    compareText(a.dealId, b.dealId) ||
    compareText(a.repId, b.repId) ||
    compareBig(a.credited < 0n ? -a.credited : a.credited, b.credited < 0n ? -b.credited : b.credited) ||
    compareBig(a.credited, b.credited) ||
    compareText(JSON.stringify([a.currency, a.share, a.dealType, a.product]), JSON.stringify([b.currency, b.share, b.dealType, b.product])) ||
    compareText(JSON.stringify(Object.entries(a.custom ?? {}).sort()), JSON.stringify(Object.entries(b.custom ?? {}).sort()))
  );
}

interface Context {
  options: CalculateCommissionsOptions;
  plans: Map<string, { plan: Plan; hash: string }>;
  reps: RepInfo[];
  creditsByRep: Map<string, CreditLine[]>;
  spansByRep: Map<string, PlanSpan[]>;
  quotaOf: (repId: string) => (measure: string, period: string) => bigint | undefined;
}

function buildContext(options: CalculateCommissionsOptions): Context {
  const plans = new Map<string, { plan: Plan; hash: string }>();
  for (const plan of options.plans) plans.set(plan.id, { plan, hash: planHash(plan) });
  const reps = [...options.reps].sort((a, b) => compareText(a.repId, b.repId));
  reps.forEach((rep, i) => {
    if (i > 0 && reps[i - 1]?.repId === rep.repId) throw new UsageError(`rep ${rep.repId} is listed twice`);
  });
  const creditsByRep = new Map<string, CreditLine[]>();
  const sorted = [...options.credits].sort(compareCredits);
  for (let i = 0; i < sorted.length; i++) {
    const credit = sorted[i] as CreditLine;
    const list = creditsByRep.get(credit.repId);
    if (list === undefined) creditsByRep.set(credit.repId, [credit]);
    else list.push(credit);
  }
  // Quotas by rep, then "measure period" key.
  const quotas = new Map<string, Map<string, bigint>>();
  for (const q of options.quotas) {
    let ofRep = quotas.get(q.repId);
    if (ofRep === undefined) {
      ofRep = new Map();
      quotas.set(q.repId, ofRep);
    }
    const key = JSON.stringify([q.measure, q.period]);
    if (ofRep.has(key)) throw new UsageError(`two ${q.measure} quotas for rep ${q.repId} in ${q.period}`, 'keep one quota per rep, measure and period');
    ofRep.set(key, q.amount);
  }
  const rangeStart = yearOf(options.period.start, options.calendar).start;
  const spansByRep = new Map(reps.map((rep) => [rep.repId, planSpans(rep, options.assignments, rangeStart, options.period.end)]));
  return {
    options,
    plans,
    reps,
    creditsByRep,
    spansByRep,
    quotaOf: (repId) => {
      const ofRep = quotas.get(repId);
      return (measure, period) => ofRep?.get(JSON.stringify([measure, period]));
    },
  };
}

function planOf(ctx: Context, planId: string, repId: string): { plan: Plan; hash: string } {
  const entry = ctx.plans.get(planId);
  if (entry === undefined) throw new UsageError(`rep ${repId} is assigned to unknown plan "${planId}"`, 'run `spm plan validate`');
  return entry;
}

/** First index of `credits` (sorted by close date) whose close date is on or after `date`. */
function firstOnOrAfter(credits: readonly CreditLine[], date: string): number {
  let lo = 0;
  let hi = credits.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareDates(credits[mid]?.closeDate ?? date, date) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The credits (sorted by close date, see compareCredits) closed from `start` to `end`: a plan
 * period only ever looks at deals of its window (the measurement period, or the year to date),
 * so handing it that slice, in the same order, changes nothing but the work of filtering.
 */
function creditsWithin(credits: readonly CreditLine[], start: string, end: string): readonly CreditLine[] {
  const from = firstOnOrAfter(credits, start);
  let to = firstOnOrAfter(credits, end);
  while (to < credits.length && credits[to]?.closeDate === end) to++;
  return credits.slice(from, to);
}

/** Every (plan, measurement period) a rep is calculated for, in order. */
function* planPeriods(ctx: Context, repId: string) {
  const spans = ctx.spansByRep.get(repId) ?? [];
  const planIds = [...new Set(spans.map((s) => s.planId))].sort(compareText);
  for (const planId of planIds) {
    const { plan, hash } = planOf(ctx, planId, repId);
    const own = spans.filter((s) => s.planId === planId);
    for (const period of periodsEndingIn(ctx.options.period, plan.measurementPeriod, ctx.options.calendar)) {
      if (assignedDays(own, period) > 0) yield { plan, hash, spans: own, period };
    }
  }
}

export function calculateCommissions(options: CalculateCommissionsOptions): CommissionResult {
  const ctx = buildContext(options);
  const selected = options.repIds === undefined ? undefined : new Set(options.repIds);
  // Bands are only ever printed on the lines returned: the other reps' lines need none.
  const withLines = (repId: string): boolean => options.totalsOnly !== true && (selected === undefined || selected.has(repId));
  const withSegments = (repId: string): boolean => (options.withSegments ?? true) && withLines(repId);
  const drafts: LineDraft[] = [];
  // Totals only: statements are rounded as their plan periods are calculated (rounded-statements.ts).
  const rounded = options.totalsOnly === true && canRoundAsMade(options.plans) ? new RoundedStatements() : undefined;
  const derivations: ComponentDerivation[] = [];
  const warnings: CommissionWarning[] = [];
  for (const rep of ctx.reps) {
    for (const { plan, hash, spans, period } of planPeriods(ctx, rep.repId)) {
      const result = calculatePlanPeriod({
        plan,
        planHash: hash,
        rep,
        period,
        spans,
        credits: creditsWithin(ctx.creditsByRep.get(rep.repId) ?? [], plan.tierScope === 'year-to-date' ? yearOf(period.start, options.calendar).start : period.start, period.end),
        quotaOf: ctx.quotaOf(rep.repId),
        calendar: options.calendar,
        withSegments: withSegments(rep.repId),
        withLines: withLines(rep.repId),
      });
      if (rounded === undefined) append(drafts, result.drafts);
      else rounded.add(result.drafts);
      append(derivations, result.derivations);
      append(warnings, result.warnings);
    }
  }
  append(warnings, coverageWarnings(ctx));
  const byRep = new Map<string, LineDraft[]>();
  for (const d of drafts) {
    const list = byRep.get(d.repId);
    if (list === undefined) byRep.set(d.repId, [d]);
    else list.push(d);
  }
  const reportsOf = new Map<string, RepInfo[]>();
  for (const rep of ctx.reps) {
    if (rep.managerId === undefined || rep.managerId === rep.repId) continue;
    const list = reportsOf.get(rep.managerId);
    if (list === undefined) reportsOf.set(rep.managerId, [rep]);
    else list.push(rep);
  }
  for (const manager of ctx.reps) {
    const reports = reportsOf.get(manager.repId) ?? [];
    if (reports.length === 0) continue;
    for (const { plan, hash, spans, period } of planPeriods(ctx, manager.repId)) {
      const out = overrideDrafts({
        plan,
        planHash: hash,
        manager,
        period,
        spans,
        reports,
        creditsOf: (id) => ctx.creditsByRep.get(id) ?? [],
        draftsOf: (id) => byRep.get(id) ?? [],
      });
      if (rounded === undefined) append(drafts, out.drafts);
      else rounded.add(out.drafts);
      append(warnings, out.warnings);
    }
  }
  return rounded === undefined ? finish(ctx, drafts, derivations, warnings) : finishRounded(ctx, rounded, derivations, warnings);
}

/** finish for a totals-only run whose statements were rounded as they were made: the same checks, in the same order, and the same totals. */
function finishRounded(ctx: Context, rounded: RoundedStatements, derivations: ComponentDerivation[], warnings: CommissionWarning[]): CommissionResult {
  const statements = rounded.sorted();
  const names = new Map(ctx.reps.map((r) => [r.repId, r.name]));
  const selected = ctx.options.repIds === undefined ? undefined : new Set(ctx.options.repIds);
  const kept = statements.filter((s) => selected === undefined || selected.has(s.repId));
  for (const s of kept) if (s.overflow !== undefined) checkSafe(s.overflow.amount, s.overflow.what);
  for (const s of kept) checkSafe(s.total, `commission total of rep ${s.repId} in ${s.period}`);
  const totals = new TotalsBuilder();
  for (const s of kept) totals.addStatement(s.repId, names.get(s.repId) ?? s.repId, s.currency, s.kinds, s.amounts, s.planId, s.planHash);
  const keep = (repId: string | undefined): boolean => selected === undefined || repId === undefined || selected.has(repId);
  return { lines: [], totals: totals.result(), statements: [], derivations: derivations.filter((d) => keep(d.repId)), warnings: warnings.filter((w) => keep(w.repId)) };
}

/** Deals of the run whose owner is unknown or on no plan that day. */
function coverageWarnings(ctx: Context): CommissionWarning[] {
  const { period } = ctx.options;
  const known = new Set(ctx.reps.map((r) => r.repId));
  const unknown: string[] = [];
  const warnings: CommissionWarning[] = [];
  for (const [repId, credits] of [...ctx.creditsByRep].sort(([a], [b]) => compareText(a, b))) {
    // Credits are sorted by close date: those of the run are one slice.
    const inRun = creditsWithin(credits, period.start, period.end);
    if (!known.has(repId)) {
      for (const c of inRun) unknown.push(`${repId}/${c.dealId}`);
      continue;
    }
    const spans = ctx.spansByRep.get(repId) ?? [];
    const orphans: string[] = [];
    // One span over the whole run leaves no deal of the run without a plan.
    const covered = spans.some((s) => compareDates(s.from, period.start) <= 0 && compareDates(period.end, s.to) <= 0);
    for (let i = 0; !covered && i < inRun.length; i++) {
      const c = inRun[i] as CreditLine;
      if (spanOn(spans, c.closeDate) === undefined) orphans.push(c.dealId);
    }
    if (orphans.length > 0) {
      warnings.push({
        code: 'commission.unassigned',
        repId,
        dealIds: orphans,
        message: `rep ${repId} has no plan assignment on the close date of ${orphans.length} deal(s) in ${period.label}, which are not paid: ${orphans.join(', ')}`,
        hint: 'add an assignment covering these dates to "assignments" in the config',
      });
    }
  }
  if (unknown.length > 0) {
    warnings.push({
      code: 'commission.unknown-rep',
      dealIds: unknown,
      message: `${unknown.length} credit line(s) in ${period.label} belong to no known rep and are not paid: ${unknown.join(', ')}`,
      hint: 'import the reps, or fix the deal owners',
    });
  }
  return warnings;
}

function finish(ctx: Context, unsorted: LineDraft[], derivations: ComponentDerivation[], warnings: CommissionWarning[]): CommissionResult {
  // Array sort is stable: drafts that tie keep the order they were made in.
  const drafts = [...unsorted].sort(
    (x, y) => compareText(x.repId, y.repId) || compareDates(x.periodStart, y.periodStart) || compareText(x.plan.id, y.plan.id),
  );
  const rounding = roundLines(drafts);
  const names = new Map(ctx.reps.map((r) => [r.repId, r.name]));
  const selected = ctx.options.repIds === undefined ? undefined : new Set(ctx.options.repIds);
  const keep = (repId: string | undefined): boolean => selected === undefined || repId === undefined || selected.has(repId);
  drafts.forEach((d, i) => {
    const amount = rounding.amounts[i] ?? 0n;
    if ((amount > MAX_SAFE || amount < -MAX_SAFE) && keep(d.repId)) checkSafe(amount, `commission of rep ${d.repId}${d.dealId ? ` on deal ${d.dealId}` : ''}`);
  });
  if (ctx.options.totalsOnly === true) {
    for (const group of rounding.groups) {
      const first = drafts[group.lines[0] ?? -1];
      if (first !== undefined && keep(first.repId)) checkSafe(group.total, `commission total of rep ${first.repId} in ${first.period}`);
    }
    const totals = new TotalsBuilder();
    for (let i = 0; i < drafts.length; i++) {
      const d = drafts[i] as LineDraft;
      if (keep(d.repId)) totals.add(d.repId, names.get(d.repId) ?? d.repId, d.currency, d.kind, rounding.amounts[i] ?? 0n, d.plan.id, d.planHash);
    }
    return { lines: [], totals: totals.result(), statements: [], derivations: derivations.filter((d) => keep(d.repId)), warnings: warnings.filter((w) => keep(w.repId)) };
  }
  const withSegments = ctx.options.withSegments ?? true;
  const newIndex: number[] = [];
  const lines: CommissionLine[] = [];
  drafts.forEach((d, i) => {
    if (!keep(d.repId)) return;
    newIndex[i] = lines.length;
    lines.push({
      period: d.period,
      repId: d.repId,
      name: names.get(d.repId) ?? d.repId,
      dealId: d.dealId,
      closeDate: d.closeDate,
      component: d.component,
      kind: d.kind,
      credited: d.credited,
      rate: d.rate,
      segments: withSegments && d.bands !== undefined ? lineSegments(d.bands.segments, d.currency, d.bands.show) : [],
      unrounded: majorText(d.exact, d.currency),
      amount: rounding.amounts[i] ?? 0n,
      currency: d.currency,
      planId: d.plan.id,
      planHash: d.planHash,
      note: d.note,
    });
  });
  const statements: StatementRow[] = [];
  for (const group of rounding.groups) {
    const first = drafts[group.lines[0] ?? -1];
    if (first === undefined || !keep(first.repId)) continue;
    checkSafe(group.total, `commission total of rep ${first.repId} in ${first.period}`);
    statements.push({
      repId: first.repId,
      planId: first.plan.id,
      period: first.period,
      currency: first.currency,
      point: first.plan.rounding.point,
      mode: first.plan.rounding.mode,
      exactTotal: majorText(group.exactTotal, first.currency),
      total: group.total,
      adjusted: group.adjusted.map((a) => ({ line: newIndex[a.line] ?? -1, delta: a.delta })),
    });
  }
  return {
    lines,
    totals: totalsOf(lines),
    statements,
    derivations: derivations.filter((d) => keep(d.repId)),
    warnings: warnings.filter((w) => keep(w.repId)),
  };
}

