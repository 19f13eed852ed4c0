/**
 * One component over one window of deals (already filtered and in processing order): what each
 * deal earns, and what each cap takes back. Caps never clamp silently: the deal's commission is
 * computed uncapped and every cap is a separate, signed delta, applied in this order:
 * 1. attainment cap: credit beyond the cap earns nothing (a retroactive rate is looked up at the cap);
 * 2. per-deal cap: a deal's (attainment-capped) commission above the cap is taken back;
 * 3. payout cap: the window total above the cap is taken back.
 *
 * Scope: `per-deal` evaluates every deal alone from zero (its own attainment, its own tier);
 * otherwise deals move one running position from the window start.
 */
import { type Rational, ZERO_R, addR, compareR, divR, fromBigInt, negR, rationalToString, subR } from './rational.js';
import { type BandTable, bandTable, gateMet, integrateBands, prepareSchedule, type PreparedSchedule, type Segment, singleBand } from './tiers.js';
import { multiplierAt, payoutAt, prepareCurve, type PreparedCurve } from './curve.js';
import type { Component, RateSchedule, TierScope } from './plan-types.js';
import type { CreditLine } from './types.js';

export interface WindowDealResult {
  credit: CreditLine;
  segments: Segment[];
  /** Uncapped commission, minor units, exact. */
  amount: Rational;
  attainmentCapDelta: Rational;
  perDealCapDelta: Rational;
  /** The rate of every band crossed when they all pay the same (also without segments); undefined when they differ or none is crossed. */
  rate: Rational | undefined;
}

export interface WindowResult {
  deals: WindowDealResult[];
  payoutCapDelta: Rational;
  /** Credit of the whole window, minor units. */
  credited: bigint;
  /** false when a threshold with retroactive unlock was not reached (cumulative scopes). */
  gateMet: boolean;
}

export interface EvaluateWindowOptions {
  component: Component;
  deals: readonly CreditLine[];
  /** The deals' total credit, when the caller has already summed it (else summed here). */
  credited?: bigint;
  scope: TierScope;
  /** Minor units; required when the schedule is measured in attainment, and for curves. */
  quota?: bigint;
  /** Minor units; curves only. */
  targetIncentive?: bigint;
  toMinorUnits: (money: string) => bigint;
  /** Default true; false leaves each deal's segments empty (amounts and rates are the same). */
  withSegments?: boolean;
}

export function evaluateWindow(options: EvaluateWindowOptions): WindowResult {
  const credited = options.credited ?? options.deals.reduce((sum, d) => sum + d.credited, 0n);
  const { rateSchedule, payoutCurve } = options.component;
  if (payoutCurve !== undefined) {
    if (options.quota === undefined || options.targetIncentive === undefined) {
      throw new RangeError(`component ${options.component.id}: a payout curve needs a quota and a target incentive`);
    }
    const curve = prepareCurve(payoutCurve, options.quota, options.targetIncentive);
    return { deals: walk(options, (a, b) => curveEvaluation(curve, a, b)), payoutCapDelta: ZERO_R, credited, gateMet: true };
  }
  if (rateSchedule === undefined) throw new RangeError(`component ${options.component.id} has neither a rate schedule nor a payout curve`);
  const tables = tablesFor(rateSchedule, options.quota, options.toMinorUnits);
  const { prepared } = tables;
  const windowFinal = fromBigInt(credited);
  const deals = walkSchedule(options, tables, windowFinal, options.withSegments ?? true);
  const caps = rateSchedule.caps;
  if (caps?.perDeal !== undefined) {
    const cap = fromBigInt(options.toMinorUnits(caps.perDeal));
    for (const deal of deals) {
      const x = addR(deal.amount, deal.attainmentCapDelta);
      if (compareR(x, cap) > 0) deal.perDealCapDelta = subR(cap, x);
    }
  }
  let payoutCapDelta = ZERO_R;
  if (caps?.payout !== undefined) {
    const cap = fromBigInt(options.toMinorUnits(caps.payout));
    const total = deals.reduce((sum, d) => addR(addR(sum, d.amount), addR(d.attainmentCapDelta, d.perDealCapDelta)), ZERO_R);
    if (compareR(total, cap) > 0) payoutCapDelta = subR(cap, total);
  }
  const met = options.scope === 'per-deal' ? true : gateMet(prepared, fromBigInt(credited));
  return { deals, payoutCapDelta, credited, gateMet: met };
}

interface Evaluated {
  segments: Segment[];
  amount: Rational;
  capped: Rational;
  rate: Rational | undefined;
}

/** Runs every deal from its start position (0 per deal, or the running total) to its end. */
function walk(options: EvaluateWindowOptions, evaluate: (a: Rational, b: Rational) => Evaluated): WindowDealResult[] {
  let position = 0n;
  return options.deals.map((credit) => {
    const start = options.scope === 'per-deal' ? 0n : position;
    const end = start + credit.credited;
    position += credit.credited;
    const result = evaluate(fromBigInt(start), fromBigInt(end));
    return {
      credit,
      segments: result.segments,
      amount: result.amount,
      attainmentCapDelta: result.capped === result.amount ? ZERO_R : subR(result.capped, result.amount),
      perDealCapDelta: ZERO_R,
      rate: result.rate,
    };
  });
}

/** A prepared schedule's band tables, uncapped and capped: one for every window when the bands do not depend on the final position, else those of the last final position seen. */
class BandTables {
  private uncapped: BandTable | undefined;
  private capped: BandTable | undefined;
  /**
   * Whether the bands do not depend on the final position: it only matters to retroactive
   * tiers and multipliers and to a threshold with retroactive unlock (see segmentContext).
   */
  private readonly anyFinal: boolean;

  constructor(readonly prepared: PreparedSchedule) {
    this.anyFinal = prepared.kind !== 'retroactive' && !prepared.bands.some((b) => b.applies === 'retroactive') && prepared.threshold?.retroactiveUnlock !== true;
  }

  at(final: Rational, capped: boolean): BandTable {
    const known = capped ? this.capped : this.uncapped;
    if (known !== undefined && (this.anyFinal || known.final === final || compareR(known.final, final) === 0)) return known;
    const table = bandTable(this.prepared, final, capped);
    if (capped) this.capped = table;
    else this.uncapped = table;
    return table;
  }
}

/**
 * Schedules prepared for a quota, with their band tables, kept across windows: reps and
 * measurement periods with the same quota share them (a table serves every window when its
 * bands do not depend on the final position). Keyed by the schedule and the money converter
 * (the plan currency) the plan's windows pass, then by quota.
 */
const PREPARED = new WeakMap<RateSchedule, WeakMap<(money: string) => bigint, Map<bigint | undefined, BandTables>>>();
const QUOTAS_KEPT = 4096;

function tablesFor(schedule: RateSchedule, quota: bigint | undefined, toMinorUnits: (money: string) => bigint): BandTables {
  let byConverter = PREPARED.get(schedule);
  if (byConverter === undefined) {
    byConverter = new WeakMap();
    PREPARED.set(schedule, byConverter);
  }
  let byQuota = byConverter.get(toMinorUnits);
  if (byQuota === undefined) {
    byQuota = new Map();
    byConverter.set(toMinorUnits, byQuota);
  }
  let tables = byQuota.get(quota);
  if (tables === undefined) {
    tables = new BandTables(prepareSchedule(schedule, quota, toMinorUnits));
    if (byQuota.size >= QUOTAS_KEPT) byQuota.clear();
    byQuota.set(quota, tables);
  }
  return tables;
}

/**
 * walk for a rate schedule, written out: every deal from its start position to its end, through
 * the window's band tables. A deal that stays inside one known band is priced as (b − a) × rate
 * at once (singleBand); any other goes through integrateBands.
 */
function walkSchedule(options: EvaluateWindowOptions, tables: BandTables, windowFinal: Rational, withSegments: boolean): WindowDealResult[] {
  const perDeal = options.scope === 'per-deal';
  const capped = tables.prepared.capAt !== undefined;
  const out: WindowDealResult[] = [];
  let position = 0n;
  for (let i = 0; i < options.deals.length; i++) {
    const credit = options.deals[i] as CreditLine;
    // Per deal: from 0 to the credit; else on from the running position.
    const start = perDeal ? 0n : position;
    const end = perDeal ? credit.credited : position + credit.credited;
    if (!perDeal) position = end;
    const b = perDeal || capped || withSegments ? fromBigInt(end) : undefined;
    const final = perDeal && b !== undefined ? b : windowFinal;
    const table = tables.at(final, false);
    const band = withSegments ? undefined : singleBand(table, start, end);
    let segments: Segment[] = [];
    let amount: Rational;
    let rate: Rational | undefined;
    if (band !== undefined) {
      // end − start is the credit.
      amount = { num: credit.credited * band.scaled.num, den: band.scaled.den };
      rate = band.rate;
    } else {
      const e = integrateBands(table, fromBigInt(start), b ?? fromBigInt(end), withSegments);
      segments = e.segments;
      amount = e.amount;
      rate = e.rate;
    }
    let attainmentCapDelta = ZERO_R;
    if (capped) attainmentCapDelta = subR(integrateBands(tables.at(final, true), fromBigInt(start), b ?? fromBigInt(end), false).amount, amount);
    out.push({ credit, segments, amount, attainmentCapDelta, perDealCapDelta: ZERO_R, rate });
  }
  return out;
}

/** The rate every segment shares, or undefined when they differ or there are none. */
function sharedRate(segments: readonly Segment[]): Rational | undefined {
  const first = segments[0];
  return first !== undefined && segments.every((s) => compareR(s.rate, first.rate) === 0) ? first.rate : undefined;
}

/** payout(b) − payout(a), in bands between the curve points so each band has one slope. */
function curveEvaluation(curve: PreparedCurve, a: Rational, b: Rational): Evaluated {
  const direction = compareR(a, b);
  if (direction === 0) return { segments: [], amount: ZERO_R, capped: ZERO_R, rate: undefined };
  const lo = direction < 0 ? a : b;
  const hi = direction < 0 ? b : a;
  const cuts = curve.points.map((p) => p.at).filter((x) => compareR(x, lo) > 0 && compareR(x, hi) < 0);
  const points = [lo, ...cuts, hi];
  const segments: Segment[] = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const from = points[k];
    const to = points[k + 1];
    if (from === undefined || to === undefined) continue;
    const amount = subR(payoutAt(curve, to), payoutAt(curve, from));
    const credit = subR(to, from);
    const label = `curve ×${text(multiplierAt(curve, from))}→×${text(multiplierAt(curve, to))}`;
    segments.push({ label, from, to, credit, rate: divR(amount, credit), amount });
  }
  const amount = subR(payoutAt(curve, hi), payoutAt(curve, lo));
  const rate = sharedRate(segments);
  if (direction < 0) return { segments, amount, capped: amount, rate };
  const reversed = segments.reverse().map((s) => ({ ...s, from: s.to, to: s.from, credit: negR(s.credit), amount: negR(s.amount) }));
  return { segments: reversed, amount: negR(amount), capped: negR(amount), rate };
}

/** Exact text of a multiplier for labels (6 decimals and "…" when it repeats). */
function text(r: Rational): string {
  return rationalToString(r, 6);
}
