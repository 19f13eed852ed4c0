import { describe, expect, it } from 'vitest';
import { multiplierAt, payoutAt, prepareCurve } from '../src/core/commission/curve.js';
import type { RateSchedule } from '../src/core/commission/plan-types.js';
import {
  type Rational,
  fromBigInt,
  ratio,
  rationalToString,
  roundRational,
} from '../src/core/commission/rational.js';
import { gateMet, integrate, needsQuota, prepareSchedule, tierAt } from '../src/core/commission/tiers.js';
import { toMinor } from '../src/core/money.js';

const usd = (s: string): bigint => toMinor(s, 'USD');
const pos = (s: string): Rational => fromBigInt(usd(s));
/** An exact minor-unit amount as major-unit text. */
const major = (r: Rational): string => rationalToString(ratio(r.num, r.den * 100n));

function schedule(partial: Partial<RateSchedule>): RateSchedule {
  return { kind: 'marginal', tierBasis: 'amount', boundary: 'upper', ...partial };
}

const STEP = schedule({
  tiers: [
    { from: '0', to: '1000', rate: '0.01' },
    { from: '1000', to: '3000', rate: '0.02' },
    { from: '3000', rate: '0.03' },
  ],
});

describe('marginal integration', () => {
  const p = prepareSchedule(STEP, undefined, usd);

  it('pays each band at its own rate, split exactly at the tier edges', () => {
    // 1,000 × 1 % + 2,000 × 2 % + 500 × 3 % = 10 + 40 + 15 = 65.
    const e = integrate(p, pos('0'), pos('3500'), pos('3500'), false);
    expect(major(e.amount)).toBe('65');
    expect(e.segments.map((s) => [s.label, major(s.credit), major(s.amount)])).toEqual([
      ['tier 1', '1000', '10'],
      ['tier 2', '2000', '40'],
      ['tier 3', '500', '15'],
    ]);
  });

  it('a running total continues where the last deal stopped', () => {
    // 2,500 → 3,200: 500 × 2 % + 200 × 3 % = 10 + 6 = 16.
    expect(major(integrate(p, pos('2500'), pos('3200'), pos('3200'), false).amount)).toBe('16');
  });

  it('a reversal takes back exactly what the same credit earned', () => {
    const forward = integrate(p, pos('800'), pos('3100.50'), pos('3100.50'), false);
    const back = integrate(p, pos('3100.50'), pos('800'), pos('800'), false);
    // 200 × 1 % + 2,000 × 2 % + 100.50 × 3 % = 2 + 40 + 3.015 = 45.015, exactly, not yet rounded.
    expect(major(forward.amount)).toBe('45.015');
    expect(major(back.amount)).toBe('-45.015');
    expect(back.segments.map((s) => s.label)).toEqual(['tier 3', 'tier 2', 'tier 1']);
  });

  it('below zero the first tier applies (a net-negative period claws back at the base rate)', () => {
    expect(major(integrate(p, pos('0'), pos('-500'), pos('-500'), false).amount)).toBe('-5');
  });
});

describe('boundary ownership and retroactive tiers', () => {
  const tiers = [
    { from: '0', to: '0.5', rate: '0.05' },
    { from: '0.5', to: '1', rate: '0.10' },
    { from: '1', rate: '0.12' },
  ];
  const quota = usd('10000');

  it('upper: a value exactly on an edge belongs to the tier starting there; lower: to the one ending there', () => {
    const upper = prepareSchedule(schedule({ kind: 'retroactive', tierBasis: 'attainment', tiers }), quota, usd);
    const lower = prepareSchedule(schedule({ kind: 'retroactive', tierBasis: 'attainment', boundary: 'lower', tiers }), quota, usd);
    expect(tierAt(upper, pos('5000')).number).toBe(2);
    expect(tierAt(lower, pos('5000')).number).toBe(1);
    expect(tierAt(lower, pos('5000.01')).number).toBe(2);
    // Retroactive: all 10,000 (exactly 100 %) at the rate of the tier reached.
    expect(major(integrate(upper, pos('0'), pos('10000'), pos('10000'), false).amount)).toBe('1200');
    expect(major(integrate(lower, pos('0'), pos('10000'), pos('10000'), false).amount)).toBe('1000');
  });

  it('the retroactive rate is looked up at the end of the window, for every deal in it', () => {
    const p = prepareSchedule(schedule({ kind: 'retroactive', tierBasis: 'attainment', tiers }), quota, usd);
    // A 3,000 deal early in a window that ends at 7,000 (70 %) is paid 10 %, not 5 %.
    const e = integrate(p, pos('0'), pos('3000'), pos('7000'), false);
    expect(major(e.amount)).toBe('300');
    expect(e.segments[0]?.label).toBe('tier 2 (reached)');
  });
});

describe('multipliers, thresholds, attainment caps', () => {
  const quota = usd('10000');

  it('a marginal multiplier above quota accelerates only the credit beyond it', () => {
    const p = prepareSchedule(schedule({ kind: 'flat', rate: '0.10', multipliers: [{ above: '1', multiplier: '1.5', applies: 'marginal' }] }), quota, usd);
    // 10,000 × 10 % + 2,000 × 15 % = 1,000 + 300.
    expect(major(integrate(p, pos('0'), pos('12000'), pos('12000'), false).amount)).toBe('1300');
  });

  it('a retroactive multiplier below a floor applies to everything while the window ends below it', () => {
    const p = prepareSchedule(schedule({ kind: 'flat', rate: '0.10', multipliers: [{ below: '0.5', multiplier: '0.5', applies: 'retroactive' }] }), quota, usd);
    expect(major(integrate(p, pos('0'), pos('4000'), pos('4000'), false).amount)).toBe('200'); // 4,000 × 5 %
    expect(major(integrate(p, pos('0'), pos('4000'), pos('6000'), false).amount)).toBe('400'); // floor passed: 10 %
  });

  it('threshold without unlock: the credit below it never pays; with unlock: all or nothing', () => {
    const strict = prepareSchedule(schedule({ kind: 'flat', rate: '0.10', threshold: { attainment: '0.5', retroactiveUnlock: false } }), quota, usd);
    expect(major(integrate(strict, pos('4000'), pos('7000'), pos('7000'), false).amount)).toBe('200'); // 2,000 above 5,000
    const unlock = prepareSchedule(schedule({ kind: 'flat', rate: '0.10', threshold: { attainment: '0.5', retroactiveUnlock: true } }), quota, usd);
    expect(gateMet(unlock, pos('4999.99'))).toBe(false);
    expect(gateMet(unlock, pos('5000'))).toBe(true);
    expect(major(integrate(unlock, pos('0'), pos('3000'), pos('4999.99'), false).amount)).toBe('0');
    expect(major(integrate(unlock, pos('0'), pos('3000'), pos('5000'), false).amount)).toBe('300');
  });

  it('the attainment cap zeroes credit beyond it only in the capped evaluation', () => {
    const p = prepareSchedule(schedule({ kind: 'flat', rate: '0.10', caps: { attainment: '1.5' } }), quota, usd);
    expect(major(integrate(p, pos('12000'), pos('20000'), pos('20000'), false).amount)).toBe('800');
    // Capped: only 12,000 → 15,000 pays.
    const capped = integrate(p, pos('12000'), pos('20000'), pos('20000'), true);
    expect(major(capped.amount)).toBe('300');
    expect(capped.segments.map((s) => s.label)).toEqual(['tier 1', 'tier 1 beyond attainment cap']);
  });

  it('knows when a quota is needed', () => {
    expect(needsQuota(schedule({ kind: 'flat', rate: '0.1' }))).toBe(false);
    expect(needsQuota(STEP)).toBe(false);
    expect(needsQuota(schedule({ kind: 'flat', rate: '0.1', caps: { attainment: '2' } }))).toBe(true);
    expect(needsQuota(schedule({ tierBasis: 'attainment', tiers: [{ from: '0', rate: '0.1' }] }))).toBe(true);
    expect(() => prepareSchedule(schedule({ tierBasis: 'attainment', tiers: [{ from: '0', rate: '0.1' }] }), undefined, usd)).toThrow(/needs a quota/);
  });
});

describe('payout curves', () => {
  const curve = prepareCurve(
    {
      targetIncentive: '3000.00',
      points: [
        { attainment: '0.5', multiplier: '0.25' },
        { attainment: '1', multiplier: '1' },
        { attainment: '2', multiplier: '3' },
      ],
    },
    usd('9000'),
    usd('3000'),
  );

  it('pays nothing below the first point, then interpolates linearly, then stays flat', () => {
    expect(rationalToString(multiplierAt(curve, pos('4499.99')))).toBe('0');
    expect(rationalToString(multiplierAt(curve, pos('4500')))).toBe('0.25');
    // 6,000 = 2/3 of quota: 0.25 + (2/3 − 1/2) × (0.75 / 0.5) = 0.5.
    expect(rationalToString(multiplierAt(curve, pos('6000')))).toBe('0.5');
    expect(rationalToString(multiplierAt(curve, pos('18000')))).toBe('3');
    expect(rationalToString(multiplierAt(curve, pos('50000')))).toBe('3');
  });

  it('keeps repeating fractions exact and rounds them once', () => {
    // 5,000 = 5/9 of quota: 0.25 + (5/9 − 1/2) × 1.5 = 0.25 + 1/12 = 1/3; × 3,000 = 1,000 exactly.
    expect(rationalToString(multiplierAt(curve, pos('5000')))).toBe('0.3333333333…');
    expect(major(payoutAt(curve, pos('5000')))).toBe('1000');
    // A curve whose slope does not terminate: target 1,000 over a 3,000 quota pays x / 3.
    const third = prepareCurve({ targetIncentive: '1000', points: [{ attainment: '0', multiplier: '0' }, { attainment: '1', multiplier: '1' }] }, usd('3000'), usd('1000'));
    const p = payoutAt(third, pos('1000'));
    expect(major(p)).toBe('333.3333333333…');
    // Three such payouts are exactly 1,000 — the exact value is kept, only the text is cut.
    expect(major({ num: p.num * 3n, den: p.den })).toBe('1000');
    expect(roundRational(ratio(p.num, p.den * 100n), 2, 'half-up')).toBe(33333n);
  });

  it('refuses a curve without a positive quota', () => {
    expect(() => prepareCurve({ targetIncentive: '1', points: [{ attainment: '0', multiplier: '0' }] }, 0n, 100n)).toThrow(/positive quota/);
  });
});

describe('exact fractions', () => {
  it('prints terminating fractions exactly and repeating ones with an ellipsis', () => {
    expect(rationalToString(ratio(1n, 8n))).toBe('0.125');
    expect(rationalToString(ratio(-100n, 3n))).toBe('-33.3333333333…');
    expect(rationalToString(ratio(0n, 7n))).toBe('0');
    expect(rationalToString(ratio(50n, 10n))).toBe('5');
  });

  it('rounds symmetrically, half-up and half-even', () => {
    expect(roundRational(ratio(5n, 2n), 0, 'half-up')).toBe(3n);
    expect(roundRational(ratio(-5n, 2n), 0, 'half-up')).toBe(-3n);
    expect(roundRational(ratio(5n, 2n), 0, 'half-even')).toBe(2n);
    expect(roundRational(ratio(-5n, 2n), 0, 'half-even')).toBe(-2n);
  });
});
