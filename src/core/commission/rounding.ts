/**
 * Rounding commission lines to minor units, at exactly one documented point per plan:
 *
 * - `line` (default): every line is rounded on its own with the plan's mode; a statement's total
 *   is the sum of its rounded lines.
 * - `statement`: the exact (unrounded) amounts of a statement — one rep, one plan, one
 *   measurement period — are summed and rounded once. Each line is first rounded on its own;
 *   the difference between the rounded total and the sum of those lines (a few minor units at
 *   most) is handed out with `allocate`, one unit per line, to the lines whose own rounding moved
 *   them furthest in the other direction (ties: the earlier line). So the printed lines always
 *   add up to the statement total, each printed line is within one minor unit of its exact
 *   amount, and negating every amount negates every result (rounding is symmetric).
 */
import { divRound } from '../decimal.js';
import { allocate } from '../money.js';
import type { PlanRoundingMode, RoundingPoint } from './plan-types.js';
import { type Rational, ZERO_R, gcd, subR, sumR } from './rational.js';

export interface RoundingItem {
  /** Exact amount in minor units. */
  exact: Rational;
  /** Lines with the same group key form one statement. */
  group: string;
  rounding: { mode: PlanRoundingMode; point: RoundingPoint };
}

export interface RoundingGroupResult {
  group: string;
  lines: number[];
  exactTotal: Rational;
  total: bigint;
  adjusted: { line: number; delta: bigint }[];
}

export interface RoundingResult {
  amounts: bigint[];
  groups: RoundingGroupResult[];
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * `exact` rounded to whole minor units with the plan's mode: divRound(num, den, mode). When the
 * numerator and the (positive) denominator are exact as doubles, the same steps run on doubles,
 * which is exact there: n ÷ d rounded to the nearest double then toward zero is the integer
 * quotient whenever |n| < 2^53 (a quotient within 1/d below the next integer would need
 * |n| ≥ 2^53 to round up to it), and the remainder, twice it and the comparisons are integers
 * below 2^54. A property test checks it against divRound.
 */
export function roundExact(exact: Rational, mode: PlanRoundingMode): bigint {
  const { num, den } = exact;
  if (den <= 0n || den > MAX_SAFE || num > MAX_SAFE || num < -MAX_SAFE) return divRound(num, den, mode);
  const n = Number(num);
  const d = Number(den);
  const q = Math.trunc(n / d);
  const r = n - q * d;
  if (r === 0) return BigInt(q);
  const away = n < 0 ? q - 1 : q + 1;
  const twice = 2 * Math.abs(r);
  if (mode === 'half-up') return BigInt(twice >= d ? away : q);
  if (twice !== d) return BigInt(twice > d ? away : q);
  return BigInt(q % 2 === 0 ? q : away);
}

export function roundLines(items: readonly RoundingItem[]): RoundingResult {
  const amounts = items.map((item) => roundExact(item.exact, item.rounding.mode));
  const byGroup = new Map<string, number[]>();
  items.forEach((item, i) => {
    const list = byGroup.get(item.group);
    if (list === undefined) byGroup.set(item.group, [i]);
    else list.push(i);
  });
  const groups: RoundingGroupResult[] = [];
  for (const [group, lines] of byGroup) {
    const exactTotal = sumR(lines.map((i) => items[i]?.exact ?? ZERO_R));
    const first = items[lines[0] ?? -1];
    const adjusted = first?.rounding.point === 'statement' ? settle(items, amounts, lines, roundExact(exactTotal, first.rounding.mode)) : [];
    const total = lines.reduce((sum, i) => sum + (amounts[i] ?? 0n), 0n);
    groups.push({ group, lines, exactTotal, total, adjusted });
  }
  return { amounts, groups };
}

/** Moves single minor units so the group's lines add up to `target`; returns the moves. */
function settle(items: readonly RoundingItem[], amounts: bigint[], lines: readonly number[], target: bigint): { line: number; delta: bigint }[] {
  const sum = lines.reduce((s, i) => s + (amounts[i] ?? 0n), 0n);
  const diff = target - sum;
  if (diff === 0n) return [];
  const direction = diff > 0n ? 1n : -1n;
  // Rounding error of each line in the direction the total needs (exact − rounded, signed).
  const errors = lines.map((i) => {
    const item = items[i];
    const error = item === undefined ? ZERO_R : subR(item.exact, { num: amounts[i] ?? 0n, den: 1n });
    return error.num * direction > 0n ? { num: error.num * direction, den: error.den } : ZERO_R;
  });
  const common = errors.reduce((l, e) => (l / gcd(l, e.den)) * e.den, 1n);
  const weights = errors.map((e) => (e.num * common) / e.den);
  const parts = allocate(diff * direction, weights);
  const moves: { line: number; delta: bigint }[] = [];
  parts.forEach((part, k) => {
    const line = lines[k];
    if (part === 0n || line === undefined) return;
    amounts[line] = (amounts[line] ?? 0n) + part * direction;
    moves.push({ line, delta: part * direction });
  });
  return moves;
}

