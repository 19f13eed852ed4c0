/**
 * Money as integer minor units of a currency (cents for USD, yen for JPY, fils for KWD).
 *
 * Arithmetic is done on `bigint`; storage and JSON use JS numbers, which must stay safe
 * integers ({@link checkSafe}). Every step that loses precision names its rounding mode and
 * rounds exactly once.
 */

import { currencyExponent } from './currency.js';
import {
  type Decimal,
  type RoundingMode,
  decimalToString,
  divRound,
  normalizeDec,
  parseDecimal,
  pow10,
  toFixedScale,
} from './decimal.js';

/** Thrown when an amount has more decimals than its currency's minor unit allows. */
export class PrecisionError extends Error {
  readonly currency: string;
  readonly decimals: number;
  readonly allowed: number;
  constructor(amount: string, currency: string, decimals: number, allowed: number) {
    super(`Amount ${amount} has ${decimals} decimals but ${currency} allows ${allowed}`);
    this.name = 'PrecisionError';
    this.currency = currency;
    this.decimals = decimals;
    this.allowed = allowed;
  }
}

/** Thrown when an amount cannot be held exactly in a JS number (storage, JSON). */
export class MoneyOverflowError extends Error {
  constructor(what: string, minor: bigint, limit: bigint) {
    super(`${what} is too large to store exactly: ${minor} minor units (limit ±${limit})`);
    this.name = 'MoneyOverflowError';
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** Up to 15 significant digits a decimal survives a trip through a double and back. */
const MAX_JSON_EXACT = 10n ** 15n - 1n;

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

/** A stored amount (safe-integer number) or a bigint, as a bigint. */
function asMinor(minor: bigint | number): bigint {
  if (typeof minor === 'bigint') return minor;
  if (!Number.isInteger(minor)) throw new RangeError(`Minor units must be an integer, got ${minor}`);
  if (!Number.isSafeInteger(minor)) throw new MoneyOverflowError('Amount', BigInt(minor), MAX_SAFE);
  return BigInt(minor);
}

/**
 * An exact decimal amount in minor units of `currency`. Trailing zeros are fine
 * (12.500 USD → 1250n); a non-zero digit beyond the exponent is refused, never rounded away.
 * @throws PrecisionError, UnknownCurrencyError
 */
export function decimalToMinor(amount: Decimal, currency: string): bigint {
  const exponent = currencyExponent(currency);
  if (amount.scale <= exponent) return amount.coef * pow10(exponent - amount.scale);
  const significant = normalizeDec(amount);
  if (significant.scale > exponent) {
    throw new PrecisionError(decimalToString(amount), currency, significant.scale, exponent);
  }
  return significant.coef * pow10(exponent - significant.scale);
}

/**
 * A plain decimal string ("-1234.50") in minor units of `currency`, exactly.
 * @throws DecimalFormatError, PrecisionError, UnknownCurrencyError
 */
export function toMinor(decimalString: string, currency: string): bigint {
  return decimalToMinor(parseDecimal(decimalString), currency);
}

/** A computed decimal amount (e.g. credited × rate) rounded once to minor units of `currency`. */
export function roundToMinor(amount: Decimal, currency: string, mode: RoundingMode): bigint {
  return toFixedScale(amount, currencyExponent(currency), mode).coef;
}

/** Minor units as an exact decimal in major units (1250n USD → 12.50). */
export function minorToDecimal(minor: bigint | number, currency: string): Decimal {
  return { coef: asMinor(minor), scale: currencyExponent(currency) };
}

/** Fixed-point text with the currency's decimals: "1234.50", "-0.05", JPY "1235", KWD "1.234". */
export function minorToDecimalString(minor: bigint | number, currency: string): string {
  const value = asMinor(minor);
  const exponent = currencyExponent(currency);
  const sign = value < 0n ? '-' : '';
  const digits = abs(value).toString();
  if (exponent === 0) return sign + digits;
  const padded = digits.padStart(exponent + 1, '0');
  const point = padded.length - exponent;
  return `${sign}${padded.slice(0, point)}.${padded.slice(point)}`;
}

/**
 * Major units as a JS number, for JSON output only (1250n USD → 12.5). Refuses amounts of
 * 16 or more digits, whose decimal text would not survive the trip through a double.
 * @throws MoneyOverflowError
 */
export function minorToNumber(minor: bigint | number, currency: string): number {
  const value = asMinor(minor);
  if (abs(value) > MAX_JSON_EXACT) throw new MoneyOverflowError('Amount', value, MAX_JSON_EXACT);
  return Number(minorToDecimalString(value, currency));
}

/**
 * The amount as a safe-integer number for storage.
 * @param what names the amount in the error, e.g. "Deal D-1042 amount"
 * @throws MoneyOverflowError beyond ±Number.MAX_SAFE_INTEGER
 */
export function checkSafe(minor: bigint, what: string): number {
  if (abs(minor) > MAX_SAFE) throw new MoneyOverflowError(what, minor, MAX_SAFE);
  return Number(minor);
}

/** minor × rate, rounded once to minor units (a commission rate, a multiplier). */
export function applyRate(minor: bigint, rate: Decimal, mode: RoundingMode): bigint {
  return divRound(minor * rate.coef, pow10(rate.scale), mode);
}

/** minor × percent / 100, rounded once (percentOf(1999n, 12.5) = 249.875 → 250n half-up). */
export function percentOf(minor: bigint, percent: Decimal, mode: RoundingMode): bigint {
  return divRound(minor * percent.coef, 100n * pow10(percent.scale), mode);
}

/**
 * Converts minor units of `from` into minor units of `to`, rounding once.
 * `rate` is units of `to` per one unit of `from` (major units), so differing exponents are
 * handled: 1000 JPY at 0.0067 → 6.70 USD = 670n.
 * @throws RangeError for a rate that is not positive
 */
export function convertMinor(
  minor: bigint,
  from: string,
  to: string,
  rate: Decimal,
  mode: RoundingMode,
): bigint {
  if (rate.coef <= 0n) throw new RangeError(`Exchange rate ${from}→${to} must be positive, got ${decimalToString(rate)}`);
  // to_minor = minor / 10^ef × rate.coef / 10^rate.scale × 10^et
  const numerator = minor * rate.coef * pow10(currencyExponent(to));
  const denominator = pow10(rate.scale + currencyExponent(from));
  return divRound(numerator, denominator, mode);
}

/**
 * Splits `total` in proportion to `weights` so the parts sum exactly to the total
 * (largest-remainder method). Each part is its exact share rounded down or up by less than one
 * minor unit; the leftover units go to the largest fractional remainders, ties to the larger
 * weight, then to the lower index (so for distinct weights the result does not depend on the
 * order of the inputs). A negative total is split as −allocate(−total). Zero weights get 0.
 * allocate(100n, [1n, 1n, 1n]) → [34n, 33n, 33n].
 * @throws RangeError for no weights, a negative weight or all-zero weights
 */
export function allocate(total: bigint, weights: readonly bigint[]): bigint[] {
  if (weights.length === 0) throw new RangeError('allocate needs at least one weight');
  let weightSum = 0n;
  for (const w of weights) {
    if (w < 0n) throw new RangeError(`allocate weights must not be negative, got ${w}`);
    weightSum += w;
  }
  if (weightSum === 0n) throw new RangeError('allocate weights must not all be zero');
  if (total < 0n) return allocate(-total, weights).map((part) => -part);

  const parts = weights.map((w) => (total * w) / weightSum);
  const remainders = weights.map((w) => (total * w) % weightSum);
  let leftover = total - parts.reduce((sum, part) => sum + part, 0n);
  const order = weights.map((_, i) => i).sort((i, j) => {
    const ri = remainders[i] ?? 0n;
    const rj = remainders[j] ?? 0n;
    if (ri !== rj) return ri > rj ? -1 : 1;
    const wi = weights[i] ?? 0n;
    const wj = weights[j] ?? 0n;
    if (wi !== wj) return wi > wj ? -1 : 1;
    return i - j;
  });
  // leftover < number of non-zero remainders, so zero-remainder parts never get a unit.
  for (const i of order) {
    if (leftover === 0n) break;
    parts[i] = (parts[i] ?? 0n) + 1n;
    leftover -= 1n;
  }
  return parts;
}

/** Decimal places of each currency seen, remembered (currencyExponent validates the code each time). */
const exponents = new Map<string, number>();

function exponentOf(currency: string): number {
  let e = exponents.get(currency);
  if (e === undefined) {
    e = currencyExponent(currency);
    exponents.set(currency, e);
  }
  return e;
}

/**
 * {@link toMinor} as a safe-integer number for storage ({@link checkSafe}): the import's
 * conversion of every amount. A plain value with few digits takes a path without BigInt
 * ({@link plainMinor}), which gives the same number.
 * @throws DecimalFormatError, MoneyOverflowError, or as toMinor for too many decimals
 */
export function toMinorNumber(decimalString: string, currency: string, what: string): number {
  return plainMinor(decimalString, exponentOf(currency)) ?? checkSafe(toMinor(decimalString, currency), what);
}

/** Digits a double holds exactly (10^15 < 2^53). */
const PLAIN_MAX_DIGITS = 15;
const PLAIN_POW10 = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];

/**
 * toMinor's fast path: `-?digits[.digits]` (as parseAmount writes amounts) in minor units of a currency with
 * `exponent` decimals: "-1234.5" with 2 → -123450. Undefined when the value has another form,
 * more decimals than the currency (the general path decides between trailing zeros and a
 * precision error), or too many digits.
 */
export function plainMinor(value: string, exponent: number): number | undefined {
  const scale = PLAIN_POW10[exponent];
  if (scale === undefined) return undefined;
  const n = value.length;
  const negative = n > 0 && value.charCodeAt(0) === 45;
  let i = negative ? 1 : 0;
  let whole = 0;
  let wholeDigits = 0;
  for (; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c === 46) break;
    if (c < 48 || c > 57) return undefined;
    whole = whole * 10 + (c - 48);
    wholeDigits++;
  }
  if (wholeDigits === 0 || wholeDigits + exponent > PLAIN_MAX_DIGITS) return undefined;
  let frac = 0;
  let fracDigits = 0;
  if (i < n) {
    for (i++; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c < 48 || c > 57) return undefined;
      frac = frac * 10 + (c - 48);
      fracDigits++;
    }
    if (fracDigits === 0 || fracDigits > exponent) return undefined;
  }
  const minor = whole * scale + frac * (PLAIN_POW10[exponent - fracDigits] ?? 1);
  return negative && minor !== 0 ? -minor : minor;
}
