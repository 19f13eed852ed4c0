/**
 * Exact fractions num/den (den > 0) for amounts that are not always terminating decimals:
 * a payout curve interpolates, which divides by attainment steps and by quota. Everything else
 * in the engine is an exact decimal, converted here without loss. Rounding to money happens
 * exactly once, in {@link roundRational}, through the one rounding primitive `divRound`.
 */
import { type Decimal, type RoundingMode, divRound, pow10 } from '../decimal.js';

export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function gcd(a: bigint, b: bigint): bigint {
  let x = abs(a);
  let y = abs(b);
  if (x <= SAFE && y <= SAFE) {
    // Both exact as doubles: the same Euclid steps without a bigint per step.
    let p = Number(x);
    let q = Number(y);
    while (q !== 0) {
      const r = p % q;
      p = q;
      q = r;
    }
    return BigInt(p);
  }
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function make(num: bigint, den: bigint): Rational {
  if (den === 1n) return { num, den };
  if (den === 0n) throw new RangeError('Division by zero');
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den);
  if (g <= 1n) return { num: num * sign, den: den * sign };
  return { num: (num / g) * sign, den: (den / g) * sign };
}

export const ZERO_R: Rational = { num: 0n, den: 1n };

export function ratio(num: bigint, den: bigint): Rational {
  return make(num, den);
}

export function fromBigInt(n: bigint): Rational {
  return { num: n, den: 1n };
}

export function fromDecimal(d: Decimal): Rational {
  return make(d.coef, tenTo(d.scale));
}

export function addR(a: Rational, b: Rational): Rational {
  if (a.den === b.den) return make(a.num + b.num, a.den);
  return make(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function subR(a: Rational, b: Rational): Rational {
  return addR(a, negR(b));
}

export function negR(a: Rational): Rational {
  return { num: -a.num, den: a.den };
}

export function mulR(a: Rational, b: Rational): Rational {
  return make(a.num * b.num, a.den * b.den);
}

export function divR(a: Rational, b: Rational): Rational {
  if (b.num === 0n) throw new RangeError('Division by zero');
  return make(a.num * b.den, a.den * b.num);
}

export function compareR(a: Rational, b: Rational): -1 | 0 | 1 {
  if (a.den === b.den) return a.num < b.num ? -1 : a.num > b.num ? 1 : 0;
  const x = a.num * b.den;
  const y = b.num * a.den;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function minR(a: Rational, b: Rational): Rational {
  return compareR(a, b) <= 0 ? a : b;
}

export function maxR(a: Rational, b: Rational): Rational {
  return compareR(a, b) >= 0 ? a : b;
}

export function isZeroR(a: Rational): boolean {
  return a.num === 0n;
}

export function sumR(values: Iterable<Rational>): Rational {
  // Runs of one denominator (the amounts of one rate, say) add their numerators and reduce once.
  let total = ZERO_R;
  let num = 0n;
  let den = 1n;
  for (const v of values) {
    if (v.den === den) num += v.num;
    else {
      total = addR(total, make(num, den));
      num = v.num;
      den = v.den;
    }
  }
  return addR(total, make(num, den));
}

/** a × 10^exponent rounded once to an integer with `mode` (major units → minor units). */
export function roundRational(a: Rational, exponent: number, mode: RoundingMode): bigint {
  return divRound(a.num * tenTo(exponent), a.den, mode);
}

const POWERS: bigint[] = Array.from({ length: 40 }, (_, k) => 10n ** BigInt(k));

/** 10^k, from a table for the usual small k. */
export function tenTo(k: number): bigint {
  return POWERS[k] ?? pow10(k);
}

interface Terminating {
  /** Decimal places of the fraction. */
  scale: number;
  /** 10^scale ÷ den, so that num × factor is the value in units of 10^-scale. */
  factor: bigint;
}

const TERMINATING = new Map<bigint, Terminating | null>();
const TERMINATING_MAX = 4096;

/**
 * The same value over a power of ten when its decimal terminates (2/5 → 4/10), else `a` itself:
 * multiplying an integer by it needs no reduction, and its products print without one.
 */
export function overPowerOfTen(a: Rational): Rational {
  const t = a.den > 0n ? terminating(a.den) : null;
  return t === null ? a : { num: a.num * t.factor, den: tenTo(t.scale) };
}

/** How a fraction over `den` (> 0) prints as a terminating decimal, or null when `den` has a prime factor other than 2 and 5. */
function terminating(den: bigint): Terminating | null {
  const known = TERMINATING.get(den);
  if (known !== undefined) return known;
  let d = den;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos += 1;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives += 1;
  }
  const scale = Math.max(twos, fives);
  const found = d === 1n ? { scale, factor: tenTo(scale) / den } : null;
  if (TERMINATING.size >= TERMINATING_MAX) TERMINATING.clear();
  TERMINATING.set(den, found);
  return found;
}

/** coef / 10^scale as fixed-point text with exactly `scale` decimals. */
function fixed(coef: bigint, scale: number): string {
  const sign = coef < 0n ? '-' : '';
  const digits = abs(coef).toString();
  if (scale === 0) return sign + digits;
  const padded = digits.padStart(scale + 1, '0');
  const point = padded.length - scale;
  return `${sign}${padded.slice(0, point)}.${padded.slice(point)}`;
}

/** The shortest exact text of num/den when it terminates (trailing fractional zeros dropped). */
function terminatingText(num: bigint, t: Terminating): string {
  const text = fixed(num * t.factor, t.scale);
  return t.scale === 0 ? text : text.replace(/\.?0+$/, '');
}

/**
 * Exact decimal text ("1234.5675"); a repeating fraction is shown to `digits` places
 * (half-even) followed by "…" (e.g. 100/3 → "33.3333333333…"), its exact value being kept
 * for every calculation. The text depends on the value only, not on whether num/den is reduced.
 */
export function rationalToString(a: Rational, digits = 10): string {
  // The common case, reduced or not: a denominator of only twos and fives (a power of ten, 25, …).
  const direct = a.den > 0n ? terminating(a.den) : null;
  if (direct !== null) return terminatingText(a.num, direct);
  const r = make(a.num, a.den);
  const reduced = terminating(r.den);
  if (reduced !== null) return terminatingText(r.num, reduced);
  return `${fixed(divRound(r.num * tenTo(digits), r.den, 'half-even'), digits)}…`;
}
