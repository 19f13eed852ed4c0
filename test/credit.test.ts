import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CreditDeal, type CreditSplit, creditDeal, creditDeals } from '../src/core/credit.js';
import { decimalToString } from '../src/core/decimal.js';
import { buildFxTable, missingFxWarnings, toBase } from '../src/core/fx.js';

const fx = buildFxTable(
  [
    { currency: 'EUR', date: '2026-01-01', rate: '1.08' },
    { currency: 'EUR', date: '2026-03-16', rate: '1.10' },
    { currency: 'JPY', date: '2026-01-01', rate: '0.0067' },
    { currency: 'CHF', date: '2026-01-01', rate: '-1' },
  ],
  'USD',
);

const deal = (over: Partial<CreditDeal> = {}): CreditDeal => ({
  dealId: 'D-1', ownerRepId: 'ana', amountMinor: 1_000_001, currency: 'USD', closeDate: '2026-03-31', ...over,
});
const split = (repId: string, percent: string, isOverlay = false): CreditSplit => ({ dealId: 'D-1', repId, percent, isOverlay });

describe('FX rate effective at a date', () => {
  it('uses the latest rate dated on or before the date, none before the first', () => {
    expect(fx.rateAt('EUR', '2026-03-15')).toEqual({ coef: 108n, scale: 2 });
    expect(fx.rateAt('EUR', '2026-03-16')).toEqual({ coef: 110n, scale: 2 }); // effective from its own date
    expect(fx.rateAt('EUR', '2025-12-31')).toBeUndefined();
    expect(fx.rateAt('GBP', '2026-03-15')).toBeUndefined();
    expect(fx.rateAt('USD', '1999-01-01')).toEqual({ coef: 1n, scale: 0 }); // the base needs no rate
  });

  it('ignores a non-positive rate and reports it', () => {
    expect(fx.rateAt('CHF', '2026-06-01')).toBeUndefined();
    expect(fx.invalid.map((r) => r.currency)).toEqual(['CHF']);
  });

  it('converts exactly across exponents: 100000 JPY × 0.0067 = 670.00 USD', () => {
    expect(toBase(fx, 100_000n, 'JPY', '2026-02-01')).toBe(67_000n);
    expect(toBase(fx, 100_000n, 'GBP', '2026-02-01')).toBeUndefined();
  });
});

describe('credit of one deal', () => {
  it('without split rows credits 100% to the owner', () => {
    const r = creditDeal(deal({ amountMinor: 250_000 }), [], fx);
    expect(r).toMatchObject({ ok: true, convertedMinor: 250_000n });
    expect(r.ok && r.lines.map((l) => [l.repId, l.amountMinor, l.isOverlay])).toEqual([['ana', 250_000n, false]]);
  });

  it('a EUR deal is converted at the rate of its close date: 10,000.00 EUR × 1.08 = 10,800.00 USD', () => {
    // Closed 2026-03-15, the day before the 1.10 rate takes effect.
    const r = creditDeal(deal({ amountMinor: 1_000_000, currency: 'EUR', closeDate: '2026-03-15' }), [], fx);
    expect(r.ok && r.lines[0]?.amountMinor).toBe(1_080_000n);
  });

  it('a 60/40 split plus a 50% overlay: shares sum to the deal, the overlay comes on top', () => {
    // 10,000.01 USD: 60% = 6,000.006 and 40% = 4,000.004 → floors 600000 + 400000, the leftover
    // cent goes to the larger remainder (60%): 6,000.01 + 4,000.00 = 10,000.01.
    // Overlay 50% of 10,000.01 = 5,000.005 → half-up 5,000.01, reducing nobody.
    const r = creditDeal(deal(), [split('ana', '60'), split('ben', '40'), split('cara', '50', true)], fx);
    expect(r.ok && r.lines.map((l) => [l.repId, l.amountMinor, l.isOverlay])).toEqual([
      ['ana', 600_001n, false],
      ['ben', 400_000n, false],
      ['cara', 500_001n, true],
    ]);
    expect(r.ok && r.warning).toBeUndefined();
  });

  it('overlay rows alone leave the ordinary 100% with the owner', () => {
    const r = creditDeal(deal({ amountMinor: 10_000 }), [split('sam', '100', true)], fx);
    expect(r.ok && r.lines.map((l) => [l.repId, l.amountMinor])).toEqual([['ana', 10_000n], ['sam', 10_000n]]);
  });

  it('splits not totalling 100% are credited as given, with a warning naming the deal', () => {
    // 1,000.00 × 90% = 900.00, shared 50:40 → 500.00 and 400.00.
    const r = creditDeal(deal({ amountMinor: 100_000 }), [split('ana', '50'), split('ben', '40')], fx);
    expect(r.ok && r.lines.map((l) => l.amountMinor)).toEqual([50_000n, 40_000n]);
    expect(r.ok && r.warning).toBe('deal D-1: ordinary splits total 90% (expected 100%); credited as given');
  });

  it('a deal in a currency without a rate is not credited (never converted at 1.0)', () => {
    expect(creditDeal(deal({ currency: 'GBP' }), [], fx)).toEqual({ ok: false, reason: 'no-fx' });
    // A rate that only takes effect after the close date does not apply either.
    expect(creditDeal(deal({ currency: 'EUR', closeDate: '2025-12-31' }), [], fx)).toEqual({ ok: false, reason: 'no-fx' });
  });
});

describe('credit of many deals', () => {
  it('groups splits by deal, excludes and names deals without a rate', () => {
    const deals = [deal(), deal({ dealId: 'D-2', currency: 'GBP' }), deal({ dealId: 'D-3', currency: 'GBP' })];
    const r = creditDeals(deals, [split('ben', '100'), { ...split('ana', '100'), dealId: 'D-9' }], fx);
    expect(r.lines.map((l) => [l.dealId, l.repId])).toEqual([['D-1', 'ben']]);
    expect([...r.missingFx]).toEqual([['GBP', ['D-2', 'D-3']]]);
    expect(missingFxWarnings(r.missingFx, 'USD')).toEqual([
      'no GBP→USD FX rate effective at the close date of 2 deals (D-2, D-3): excluded, not converted; import a rate with `spm import fx-rates`',
    ]);
  });
});

describe('property: ordinary split credit sums exactly to the converted amount', () => {
  const currencies = ['USD', 'EUR', 'JPY', 'KWD'] as const;
  it('for any amount, currency, rate and percentages totalling 100 (3 decimals)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.constantFrom(...currencies),
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 99_999 }), { maxLength: 7 }),
        fc.boolean(),
        (amount, currency, rateCoef, cuts, withOverlay) => {
          // n−1 cut points in 0..100.000 → n percentages totalling exactly 100.000.
          const points = [0, ...cuts.sort((a, b) => a - b), 100_000];
          const weights = points.slice(1).map((p, i) => BigInt(p - (points[i] ?? 0)));
          const rate = decimalToString({ coef: BigInt(rateCoef), scale: 4 });
          const table = buildFxTable([{ currency, date: '2020-01-01', rate }], 'USD');
          const splits = weights.map((w, i) => split(`rep-${i}`, decimalToString({ coef: w, scale: 3 })));
          if (withOverlay) splits.push(split('overlay', '100', true));
          const r = creditDeal(deal({ amountMinor: amount, currency }), splits, table);
          if (!r.ok) return false;
          const ordinary = r.lines.filter((l) => !l.isOverlay);
          const sum = ordinary.reduce((s, l) => s + l.amountMinor, 0n);
          // Each share is within one minor unit of its exact value converted × w / 100000.
          const close = ordinary.every((l, i) => {
            const diff = l.amountMinor * 100_000n - r.convertedMinor * (weights[i] ?? 0n);
            return (diff < 0n ? -diff : diff) < 100_000n;
          });
          return sum === r.convertedMinor && close && r.warning === undefined;
        },
      ),
      { numRuns: 1000 },
    );
  });
});
