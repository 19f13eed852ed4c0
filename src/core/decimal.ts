/**
 * Exact decimal numbers for rates, percentages and amounts: value = coef / 10^scale.
 *
 * Every operation is exact except the two that name a rounding mode ({@link divDec},
 * {@link toFixedScale}); both go through the single primitive {@link divRound}.
 */

export interface Decimal {
  /** The digits as an integer, sign included. */
  readonly coef: bigint;
  /** Number of decimal places, a non-negative integer. */
  readonly scale: number;
}

/**
 * How a value that falls between two representable results is rounded. Every mode is
 * symmetric, round(−x) = −round(x), so a clawback rounds exactly like the payment it reverses.
 * - `half-up`: nearest; a tie goes away from zero (2.5 → 3, −2.5 → −3)
 * - `half-even`: nearest; a tie goes to the even neighbour (2.5 → 2, 3.5 → 4), "banker's"
 * - `down`: toward zero (truncate)
 * - `up`: away from zero
 */
export type RoundingMode = 'half-up' | 'half-even' | 'down' | 'up';

export const ROUNDING_MODES: readonly RoundingMode[] = ['half-up', 'half-even', 'down', 'up'];

export function isRoundingMode(s: string): s is RoundingMode {
  return ROUNDING_MODES.some((mode) => mode === s);
}

/** Thrown by {@link parseDecimal} for anything but plain `[-+]digits[.digits]`. */
export class DecimalFormatError extends Error {
  readonly input: string;
  constructor(input: string) {
    super(`"${input}" is not a plain decimal number (expected digits with an optional sign and decimal point, e.g. -1234.50)`);
    this.name = 'DecimalFormatError';
    this.input = input;
  }
}

const DECIMAL_SHAPE = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/**
 * Parses a plain decimal string exactly: "12.50" → { coef: 1250n, scale: 2 }.
 * The scale is kept as written ("12.500" has scale 3). No whitespace, exponents, thousands
 * separators or currency symbols: those belong to the amount parser at the import edge.
 * @throws DecimalFormatError
 */
export function parseDecimal(s: string): Decimal {
  const match = DECIMAL_SHAPE.exec(s);
  if (match === null) throw new DecimalFormatError(s);
  const [, sign = '', whole = '', fraction = ''] = match;
  const magnitude = BigInt(whole + fraction);
  return { coef: sign === '-' ? -magnitude : magnitude, scale: fraction.length };
}

/** An integer as a decimal of scale 0. A number must be a safe integer. */
export function decimalFromInt(n: bigint | number): Decimal {
  if (typeof n === 'number' && !Number.isSafeInteger(n)) {
    throw new RangeError(`decimalFromInt needs a safe integer, got ${n}`);
  }
  return { coef: BigInt(n), scale: 0 };
}

export function pow10(exponent: number): bigint {
  if (!Number.isSafeInteger(exponent) || exponent < 0) {
    throw new RangeError(`Decimal scale must be a non-negative integer, got ${exponent}`);
  }
  return 10n ** BigInt(exponent);
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

/**
 * n / d rounded to an integer with the given mode; d may be negative, must not be zero.
 * This is the one place where precision is lost.
 */
export function divRound(n: bigint, d: bigint, mode: RoundingMode): bigint {
  if (d === 0n) throw new RangeError('Division by zero');
  const quotient = n / d; // truncated toward zero
  const remainder = n % d;
  if (remainder === 0n) return quotient;
  const awayFromZero = quotient + ((n < 0n) !== (d < 0n) ? -1n : 1n);
  const twiceRemainder = 2n * abs(remainder);
  const divisor = abs(d);
  switch (mode) {
    case 'down':
      return quotient;
    case 'up':
      return awayFromZero;
    case 'half-up':
      return twiceRemainder >= divisor ? awayFromZero : quotient;
    case 'half-even':
      if (twiceRemainder > divisor) return awayFromZero;
      if (twiceRemainder < divisor) return quotient;
      return quotient % 2n === 0n ? quotient : awayFromZero;
  }
}

/** Canonical text: "-1234.5", "0.05", "12" — no trailing fractional zeros, never "-0". */
export function decimalToString(d: Decimal): string {
  const n = normalizeDec(d);
  const digits = abs(n.coef).toString();
  const sign = n.coef < 0n ? '-' : '';
  if (n.scale === 0) return sign + digits;
  const padded = digits.padStart(n.scale + 1, '0');
  const point = padded.length - n.scale;
  return `${sign}${padded.slice(0, point)}.${padded.slice(point)}`;
}

/** The same value with trailing fractional zeros removed (smallest scale). */
export function normalizeDec(d: Decimal): Decimal {
  let { coef, scale } = d;
  if (coef === 0n) return { coef: 0n, scale: 0 };
  while (scale > 0 && coef % 10n === 0n) {
    coef /= 10n;
    scale -= 1;
  }
  return { coef, scale };
}

/** Re-expresses d at a larger-or-equal scale, exactly. */
function rescaleUp(d: Decimal, scale: number): bigint {
  return d.coef * pow10(scale - d.scale);
}

export function addDec(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { coef: rescaleUp(a, scale) + rescaleUp(b, scale), scale };
}

export function subDec(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { coef: rescaleUp(a, scale) - rescaleUp(b, scale), scale };
}

export function negDec(a: Decimal): Decimal {
  return { coef: -a.coef, scale: a.scale };
}

/** Exact product; the scale is the sum of the scales. */
export function mulDec(a: Decimal, b: Decimal): Decimal {
  return { coef: a.coef * b.coef, scale: a.scale + b.scale };
}

/** -1, 0 or 1 as a is less than, equal to or greater than b (by value, whatever the scales). */
export function compareDec(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const x = rescaleUp(a, scale);
  const y = rescaleUp(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isZero(d: Decimal): boolean {
  return d.coef === 0n;
}

/**
 * a / b rounded once to `scale` decimal places with `mode`.
 * @throws RangeError when b is zero
 */
export function divDec(a: Decimal, b: Decimal, scale: number, mode: RoundingMode): Decimal {
  pow10(scale); // validates the requested scale
  if (b.coef === 0n) throw new RangeError('Division by zero');
  // a/b = (a.coef / 10^a.scale) / (b.coef / 10^b.scale); multiply by 10^scale to get the coef.
  const numerator = a.coef * pow10(scale + b.scale);
  const denominator = b.coef * pow10(a.scale);
  return { coef: divRound(numerator, denominator, mode), scale };
}

/** d at exactly `scale` decimal places: exact when widening, rounded once with `mode` when narrowing. */
export function toFixedScale(d: Decimal, scale: number, mode: RoundingMode): Decimal {
  pow10(scale); // validates the requested scale
  if (scale >= d.scale) return { coef: rescaleUp(d, scale), scale };
  return { coef: divRound(d.coef, pow10(d.scale - scale), mode), scale };
}
