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

export function gcd(a: bigint, b: bigint): bigint {
  let x = abs(a);
  let y = abs(b);
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function make(num: bigint, den: bigint): Rational {
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
  let total = ZERO_R;
  for (const v of values) total = addR(total, v);
  return total;
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

/** The number of decimal places of a terminating fraction, or undefined when it repeats. */
function terminatingScale(den: bigint): number | undefined {
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
  return d === 1n ? Math.max(twos, fives) : undefined;
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

/**
 * Exact decimal text ("1234.5675"); a repeating fraction is shown to `digits` places
 * (half-even) followed by "…" (e.g. 100/3 → "33.3333333333…"), its exact value being kept
 * for every calculation.
 */
export function rationalToString(a: Rational, digits = 10): string {
  const denText = a.den.toString();
  if (/^10*$/.test(denText)) {
    // The common case, reduced or not: a power of ten. Print and drop trailing zeros.
    const text = fixed(a.num, denText.length - 1);
    return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
  }
  const r = make(a.num, a.den);
  const scale = terminatingScale(r.den);
  if (scale !== undefined) return fixed((r.num * tenTo(scale)) / r.den, scale);
  return `${fixed(divRound(r.num * tenTo(digits), r.den, 'half-even'), digits)}…`;
}
