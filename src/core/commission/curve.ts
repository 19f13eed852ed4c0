/**
 * Payout curves: payout(x) = targetIncentive × multiplier(x / quota), exact.
 *
 * The multiplier is interpolated linearly between the points, is flat beyond the last point, and
 * is zero below the first point (the first point acts as the threshold; a curve that pays from
 * the first dollar starts at attainment 0 with multiplier 0). A deal moving the running position
 * from a to b earns payout(b) − payout(a), so the lines of a window always add up to
 * payout(final) and a reversal takes back exactly what it added.
 */
import { parseDecimal } from '../decimal.js';
import type { PayoutCurve } from './plan-types.js';
import { type Rational, ZERO_R, addR, compareR, divR, fromBigInt, fromDecimal, mulR, subR } from './rational.js';

export interface PreparedPoint {
  /** Position in minor units (attainment × quota). */
  at: Rational;
  attainment: Rational;
  multiplier: Rational;
}

export interface PreparedCurve {
  points: PreparedPoint[];
  /** Target incentive of the window, minor units. */
  targetIncentive: Rational;
  quota: Rational;
}

export function prepareCurve(curve: PayoutCurve, quota: bigint, targetIncentive: bigint): PreparedCurve {
  if (quota <= 0n) throw new RangeError('a payout curve needs a positive quota');
  const q = fromBigInt(quota);
  const points = curve.points.map((p) => {
    const attainment = fromDecimal(parseDecimal(p.attainment));
    return { at: mulR(attainment, q), attainment, multiplier: fromDecimal(parseDecimal(p.multiplier)) };
  });
  return { points, targetIncentive: fromBigInt(targetIncentive), quota: q };
}

/** The multiplier at position x (minor units of credit). */
export function multiplierAt(curve: PreparedCurve, x: Rational): Rational {
  const first = curve.points[0];
  if (first === undefined || compareR(x, first.at) < 0) return ZERO_R;
  for (let k = curve.points.length - 1; k >= 0; k--) {
    const p = curve.points[k];
    if (p === undefined || compareR(x, p.at) < 0) continue;
    const next = curve.points[k + 1];
    if (next === undefined) return p.multiplier; // flat beyond the last point
    const slope = divR(subR(next.multiplier, p.multiplier), subR(next.at, p.at));
    return addR(p.multiplier, mulR(subR(x, p.at), slope));
  }
  return ZERO_R;
}

/** Payout at position x, minor units (exact). */
export function payoutAt(curve: PreparedCurve, x: Rational): Rational {
  return mulR(curve.targetIncentive, multiplierAt(curve, x));
}

/** Attainment (fraction) at position x. */
export function attainmentAt(curve: PreparedCurve, x: Rational): Rational {
  return divR(x, curve.quota);
}
