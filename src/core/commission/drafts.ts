/**
 * A commission line before rounding: the exact amount in minor units plus everything the
 * printed line shows. Rounding (line or statement) turns drafts into CommissionLines.
 */
import type { IsoDate } from '../calendar.js';
import { currencyExponent } from '../currency.js';
import type { Period } from '../period.js';
import type { Plan } from './plan-types.js';
import { type Rational, divR, fromBigInt, rationalToString, tenTo } from './rational.js';
import type { Segment } from './tiers.js';
import type { CommissionKind, LineSegment } from './types.js';

export interface LineDraft {
  period: string;
  periodStart: IsoDate;
  repId: string;
  dealId: string;
  closeDate?: IsoDate;
  /** The date the line belongs to: the close date, or the end of the measurement period. */
  date: IsoDate;
  component: string;
  kind: CommissionKind;
  credited: bigint;
  rate: string;
  /** The bands crossed, exact; turned into text only for the lines that are returned. */
  bands: Bands | undefined;
  /** Exact amount, minor units. */
  exact: Rational;
  currency: string;
  plan: Plan;
  planHash: string;
  note?: string;
  /** The statement the line belongs to (one rep, plan and measurement period), as a key. */
  group: string;
  /** The plan's rounding. */
  rounding: Plan['rounding'];
}

export interface Bands {
  segments: readonly Segment[];
  show: PositionText;
}

/** Appends without spreading (a spread of 100,000+ items overflows the call stack). */
export function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

/** What every line of one rep, plan, period and component shares. */
export interface DraftContext {
  period: Period;
  repId: string;
  plan: Plan;
  planHash: string;
  component: string;
  /** Its statement key, once made (see makeDraft). */
  group?: string;
}

export interface DraftFields {
  dealId: string;
  closeDate?: IsoDate;
  date: IsoDate;
  kind: CommissionKind;
  credited: bigint;
  rate: string;
  bands?: Bands;
  exact: Rational;
  note?: string;
}

/** The statement key of a draft context (one rep, plan and measurement period), made once per context. */
function groupOf(ctx: DraftContext): string {
  ctx.group ??= JSON.stringify([ctx.repId, ctx.plan.id, ctx.period.label]);
  return ctx.group;
}

/** A draft with every field in a fixed order (one object shape, which keeps large runs fast). */
export function makeDraft(ctx: DraftContext, f: DraftFields): LineDraft {
  return {
    period: ctx.period.label,
    periodStart: ctx.period.start,
    repId: ctx.repId,
    dealId: f.dealId,
    closeDate: f.closeDate,
    date: f.date,
    component: ctx.component,
    kind: f.kind,
    credited: f.credited,
    rate: f.rate,
    bands: f.bands,
    exact: f.exact,
    currency: ctx.plan.currency,
    plan: ctx.plan,
    planHash: ctx.planHash,
    note: f.note,
    group: groupOf(ctx),
    rounding: ctx.plan.rounding,
  };
}

/** makeDraft for a deal's commission line, its fields as arguments (the hot path of a run makes one per deal). */
export function dealDraft(ctx: DraftContext, dealId: string, closeDate: IsoDate, credited: bigint, rate: string, bands: Bands | undefined, exact: Rational): LineDraft {
  return {
    period: ctx.period.label,
    periodStart: ctx.period.start,
    repId: ctx.repId,
    dealId,
    closeDate,
    date: closeDate,
    component: ctx.component,
    kind: 'commission',
    credited,
    rate,
    bands,
    exact,
    currency: ctx.plan.currency,
    plan: ctx.plan,
    planHash: ctx.planHash,
    note: undefined,
    group: groupOf(ctx),
    rounding: ctx.plan.rounding,
  };
}

/** Minor units → exact major-unit text. */
export function majorText(minor: Rational, currency: string): string {
  // Not reduced on purpose: the text is the same and no gcd is needed.
  return rationalToString({ num: minor.num, den: minor.den * tenTo(currencyExponent(currency)) });
}

/** Shows a running position: as attainment when a quota is given, else as money. */
export type PositionText = (position: Rational) => string;

export function positionText(currency: string, quota: bigint | undefined, asAttainment: boolean): PositionText {
  if (asAttainment && quota !== undefined && quota !== 0n) {
    const q = fromBigInt(quota);
    return (x) => rationalToString(divR(x, q));
  }
  return (x) => majorText(x, currency);
}

export function lineSegments(segments: readonly Segment[], currency: string, show: PositionText): LineSegment[] {
  return segments.map((s) => ({
    label: s.label,
    from: show(s.from),
    to: show(s.to),
    credited: majorText(s.credit, currency),
    rate: rationalToString(s.rate),
    amount: majorText(s.amount, currency),
  }));
}

/** Text of rates, by the Rational object: a window's bands share theirs across all its deals. */
const RATE_TEXT = new WeakMap<Rational, string>();

function rateText(rate: Rational): string {
  let text = RATE_TEXT.get(rate);
  if (text === undefined) {
    text = rationalToString(rate);
    RATE_TEXT.set(rate, text);
  }
  return text;
}

/**
 * The one rate when every band pays the same (`shared`, see WindowDealResult.rate), else the
 * blended rate amount ÷ credited; '' for no credit.
 */
export function lineRate(shared: Rational | undefined, exact: Rational, credited: bigint): string {
  if (shared !== undefined) return rateText(shared);
  if (credited === 0n) return '';
  return rationalToString(divR(exact, fromBigInt(credited)));
}
