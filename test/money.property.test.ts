import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyExponent } from '../src/core/currency.js';
import {
  type Decimal,
  type RoundingMode,
  ROUNDING_MODES,
  compareDec,
  decimalToString,
  divRound,
  parseDecimal,
  toFixedScale,
} from '../src/core/decimal.js';
import {
  allocate,
  applyRate,
  convertMinor,
  minorToDecimalString,
  minorToNumber,
  toMinor,
} from '../src/core/money.js';

const RUNS = { numRuns: 1000 };

/**
 * Reference rounding of the rational n/d, written independently of divRound: take the floor
 * and ceiling neighbours of n/d and pick one by the definition of each mode.
 */
function referenceRound(n: bigint, d: bigint, mode: RoundingMode): bigint {
  const num = d < 0n ? -n : n;
  const den = d < 0n ? -d : d;
  let lo = num / den;
  if (num % den !== 0n && num < 0n) lo -= 1n; // floor
  const rem = num - lo * den; // 0 <= rem < den, so n/d = lo + rem/den
  if (rem === 0n) return lo;
  const hi = lo + 1n;
  const towardZero = num > 0n ? lo : hi;
  const awayFromZero = num > 0n ? hi : lo;
  if (mode === 'down') return towardZero;
  if (mode === 'up') return awayFromZero;
  if (2n * rem < den) return lo;
  if (2n * rem > den) return hi;
  if (mode === 'half-up') return awayFromZero;
  return lo % 2n === 0n ? lo : hi; // half-even
}

const mode = fc.constantFrom(...ROUNDING_MODES);
/** Small numbers hit exact halves often; large ones exercise bigint range. */
const numerator = fc.oneof(
  fc.bigInt({ min: -1000n, max: 1000n }),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
);
const denominator = fc
  .oneof(fc.bigInt({ min: -20n, max: 20n }), fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }))
  .filter((d) => d !== 0n);
const minor = fc.bigInt({ min: -(10n ** 15n - 1n), max: 10n ** 15n - 1n });
const rate: fc.Arbitrary<Decimal> = fc.record({
  coef: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
  scale: fc.integer({ min: 0, max: 10 }),
});
const positiveRate: fc.Arbitrary<Decimal> = fc.record({
  coef: fc.bigInt({ min: 1n, max: 10n ** 12n }),
  scale: fc.integer({ min: 0, max: 10 }),
});
const currency = fc.constantFrom('USD', 'JPY', 'KWD', 'CLF', 'EUR');
const weights = fc.array(fc.bigInt({ min: 0n, max: 10_000n }), { minLength: 1, maxLength: 12 })
  .filter((ws) => ws.some((w) => w > 0n));
const total = fc.oneof(fc.bigInt({ min: -500n, max: 500n }), fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }));

describe('rounding', () => {
  it('divRound agrees with the exact rational reference', () => {
    fc.assert(
      fc.property(numerator, denominator, mode, (n, d, m) => {
        expect(divRound(n, d, m)).toBe(referenceRound(n, d, m));
      }),
      RUNS,
    );
  });

  it('every mode is symmetric: round(-x) = -round(x)', () => {
    fc.assert(
      fc.property(numerator, denominator, mode, (n, d, m) => {
        const r = divRound(n, d, m);
        expect(divRound(-n, d, m)).toBe(-r);
        expect(divRound(n, -d, m)).toBe(-r);
      }),
      RUNS,
    );
  });

  it('toFixedScale is symmetric and moves the value by less than one unit of the last place', () => {
    fc.assert(
      fc.property(rate, fc.integer({ min: 0, max: 12 }), mode, (d, scale, m) => {
        const r = toFixedScale(d, scale, m);
        const negated = toFixedScale({ coef: -d.coef, scale: d.scale }, scale, m);
        expect(negated.coef).toBe(-r.coef);
        // |r - d| < 10^-scale, compared at the common scale
        const common = Math.max(scale, d.scale);
        const diff = r.coef * 10n ** BigInt(common - scale) - d.coef * 10n ** BigInt(common - d.scale);
        const unit = 10n ** BigInt(common - scale);
        expect(diff < unit && -diff < unit).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('decimal text', () => {
  it('format then parse gives the same value and the same canonical text', () => {
    fc.assert(
      fc.property(rate, (d) => {
        const text = decimalToString(d);
        const back = parseDecimal(text);
        expect(compareDec(back, d)).toBe(0);
        expect(decimalToString(back)).toBe(text);
        expect(text).not.toBe('-0');
        expect(text).not.toMatch(/\.\d*0$/);
      }),
      RUNS,
    );
  });

  it('parses any plain decimal string to its exact value', () => {
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(fc.constantFrom('', '+', '-'), digits, fc.option(digits), (sign, whole, fraction) => {
        const text = `${sign}${whole}${fraction === null ? '' : `.${fraction}`}`;
        const magnitude = BigInt(whole + (fraction ?? ''));
        const expected = { coef: sign === '-' ? -magnitude : magnitude, scale: fraction?.length ?? 0 };
        expect(parseDecimal(text)).toEqual(expected);
        expect(compareDec(parseDecimal(decimalToString(expected)), expected)).toBe(0);
      }),
      RUNS,
    );
  });

  it('minor units survive text and JSON-number round trips', () => {
    fc.assert(
      fc.property(minor, currency, (m, c) => {
        const text = minorToDecimalString(m, c);
        expect(toMinor(text, c)).toBe(m);
        expect(toMinor(String(minorToNumber(m, c)), c)).toBe(m);
      }),
      RUNS,
    );
  });
});

describe('rates and conversion', () => {
  it('applyRate equals exact rational rounding of minor × rate', () => {
    fc.assert(
      fc.property(minor, rate, mode, (m, r, md) => {
        // minor × coef / 10^scale as one rational
        expect(applyRate(m, r, md)).toBe(referenceRound(m * r.coef, 10n ** BigInt(r.scale), md));
      }),
      RUNS,
    );
  });

  it('convertMinor equals exact rational rounding across exponents', () => {
    fc.assert(
      fc.property(minor, currency, currency, positiveRate, mode, (m, from, to, r, md) => {
        // (m / 10^ef) × (coef / 10^scale) × 10^et, as one fraction
        const ef = BigInt(currencyExponent(from));
        const et = BigInt(currencyExponent(to));
        const expected = referenceRound(m * r.coef * 10n ** et, 10n ** (BigInt(r.scale) + ef), md);
        expect(convertMinor(m, from, to, r, md)).toBe(expected);
        expect(convertMinor(-m, from, to, r, md)).toBe(-expected);
      }),
      RUNS,
    );
  });
});

describe('allocate', () => {
  it('parts sum to the whole and each is within one minor unit of its exact share', () => {
    fc.assert(
      fc.property(total, weights, (t, ws) => {
        const parts = allocate(t, ws);
        const weightSum = ws.reduce((a, b) => a + b, 0n);
        expect(parts).toHaveLength(ws.length);
        expect(parts.reduce((a, b) => a + b, 0n)).toBe(t);
        parts.forEach((part, i) => {
          const w = ws[i] ?? 0n;
          // |part - t·w/W| < 1  ⇔  |part·W - t·w| < W
          const gap = part * weightSum - t * w;
          expect(gap < weightSum && -gap < weightSum).toBe(true);
          if (w === 0n) expect(part).toBe(0n);
        });
      }),
      RUNS,
    );
  });

  it('a negative total allocates symmetrically', () => {
    fc.assert(
      fc.property(total, weights, (t, ws) => {
        expect(allocate(-t, ws)).toEqual(allocate(t, ws).map((p) => -p));
      }),
      RUNS,
    );
  });

  it('shuffling distinct weights permutes the parts the same way', () => {
    const shuffled = fc
      .uniqueArray(fc.bigInt({ min: 0n, max: 1000n }), { minLength: 1, maxLength: 10 })
      .filter((ws) => ws.some((w) => w > 0n))
      .chain((ws) => {
        const indexes = ws.map((_, i) => i);
        const perm = fc.shuffledSubarray(indexes, { minLength: ws.length, maxLength: ws.length });
        return fc.tuple(fc.constant(ws), perm);
      });
    fc.assert(
      fc.property(total, shuffled, (t, [ws, perm]) => {
        const parts = allocate(t, ws);
        const permutedParts = allocate(t, perm.map((i) => ws[i] ?? 0n));
        expect(permutedParts).toEqual(perm.map((i) => parts[i]));
      }),
      RUNS,
    );
  });
});
