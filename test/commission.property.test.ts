import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculateCommissions } from '../src/core/commission/calculate.js';
import type { Plan, PlanRoundingMode, RateSchedule, RoundingPoint, Tier, TierScope } from '../src/core/commission/plan-types.js';
import { type Rational, compareR, fromBigInt, ratio } from '../src/core/commission/rational.js';
import { roundExact } from '../src/core/commission/rounding.js';
import { integrate, prepareSchedule } from '../src/core/commission/tiers.js';
import type { CalculateCommissionsOptions, CommissionResult, CreditLine } from '../src/core/commission/types.js';
import { parseDecimal } from '../src/core/decimal.js';
import { toMinor } from '../src/core/money.js';
import { parsePeriod } from '../src/core/period.js';

const RUNS = { numRuns: 1000 };
const calendar = { fiscalYearStartMonth: 1 };
const MARCH = parsePeriod('2026-03', { ...calendar, asOf: '2026-03-31' });

/** n hundredths as decimal text, with integer arithmetic only: 7 → "0.07", 125 → "1.25". */
function hundredths(n: number): string {
  return `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;
}

const rateText = fc.integer({ min: 0, max: 40 }).map(hundredths);

/** Ascending, contiguous tiers from 0 (dollar edges), the last open-ended. */
const tiersArb: fc.Arbitrary<Tier[]> = fc
  .array(fc.record({ width: fc.integer({ min: 1, max: 20_000 }), rate: rateText, multiplier: fc.option(fc.integer({ min: 50, max: 300 }).map(hundredths), { nil: undefined }) }), { minLength: 1, maxLength: 4 })
  .map((parts) => {
    let from = 0;
    return parts.map((p, i) => {
      const tier: Tier = { from: String(from), rate: p.rate, ...(p.multiplier === undefined ? {} : { multiplier: p.multiplier }) };
      from += p.width;
      return i < parts.length - 1 ? { ...tier, to: String(from) } : tier;
    });
  });

const scheduleArb: fc.Arbitrary<RateSchedule> = fc.oneof(
  rateText.map((rate): RateSchedule => ({ kind: 'flat', tierBasis: 'amount', boundary: 'upper', rate })),
  fc.record({ kind: fc.constantFrom<'marginal' | 'retroactive'>('marginal', 'retroactive'), boundary: fc.constantFrom<'lower' | 'upper'>('lower', 'upper'), tiers: tiersArb }).map(
    (s): RateSchedule => ({ ...s, tierBasis: 'amount' }),
  ),
  fc.record({ tiers: tiersArb, cap: fc.integer({ min: 1, max: 500_000 }) }).map(
    (s): RateSchedule => ({ kind: 'marginal', tierBasis: 'amount', boundary: 'upper', tiers: s.tiers, caps: { payout: `${s.cap}.00`, perDeal: `${Math.ceil(s.cap / 3)}.00` } }),
  ),
);

const planArb = fc
  .record({
    schedule: scheduleArb,
    scope: fc.constantFrom<TierScope>('per-deal', 'period-to-date', 'year-to-date'),
    mode: fc.constantFrom<PlanRoundingMode>('half-up', 'half-even'),
    point: fc.constantFrom<RoundingPoint>('line', 'statement'),
  })
  .map(
    (p): Plan => ({
      id: 'p',
      name: 'Generated plan',
      currency: 'USD',
      measurementPeriod: 'month',
      tierScope: p.scope,
      rounding: { mode: p.mode, point: p.point },
      components: [{ id: 'c', creditBasis: 'booking', measure: 'bookings', rateSchedule: p.schedule }],
      spiffs: [],
    }),
  );

const creditArb: fc.Arbitrary<CreditLine> = fc.record({
  repId: fc.constantFrom('R1', 'R2'),
  dealId: fc.constantFrom('D1', 'D2', 'D3', 'D4', 'D5', 'D6'),
  // January to March: year-to-date plans re-evaluate January and February in the March run.
  closeDate: fc.record({ m: fc.integer({ min: 1, max: 3 }), d: fc.integer({ min: 1, max: 28 }) }).map(({ m, d }) => `2026-0${m}-${String(d).padStart(2, '0')}`),
  credited: fc.bigInt({ min: -200_000n, max: 3_000_000n }),
  currency: fc.constant('USD'),
});

function calc(plan: Plan, credits: readonly CreditLine[]): CommissionResult {
  const options: CalculateCommissionsOptions = {
    period: MARCH,
    calendar,
    plans: [plan],
    assignments: [{ plan: plan.id, role: 'AE', from: '2026-01-01' }],
    reps: [
      { repId: 'R1', name: 'Rep One', role: 'AE' },
      { repId: 'R2', name: 'Rep Two', role: 'AE' },
    ],
    credits,
    quotas: [],
  };
  return calculateCommissions(options);
}

/** An exact, terminating major-unit amount as a fraction of minor units (USD). */
function exactMinor(text: string): Rational {
  const d = parseDecimal(text);
  return ratio(d.coef * 100n, 10n ** BigInt(d.scale));
}

describe('commission properties', () => {
  it('the printed lines of every statement add up to its total, which is its exact sum rounded once', () => {
    fc.assert(
      fc.property(planArb, fc.array(creditArb, { maxLength: 12 }), (plan, credits) => {
        const r = calc(plan, credits);
        for (const s of r.statements) {
          const sum = r.lines.filter((l) => l.repId === s.repId && l.period === s.period).reduce((t, l) => t + l.amount, 0n);
          expect(sum).toBe(s.total);
          if (s.point === 'statement') expect(s.total).toBe(roundExact(exactMinor(s.exactTotal), s.mode));
        }
        for (const l of r.lines) {
          const error = exactMinor(l.unrounded);
          const distance = error.num - l.amount * error.den;
          expect(distance < 0n ? -distance : distance).toBeLessThanOrEqual(error.den); // within one minor unit
        }
        const byRep = r.totals.byRep.reduce((t, x) => t + x.total, 0n);
        expect(byRep).toBe(r.lines.reduce((t, l) => t + l.amount, 0n));
      }),
      RUNS,
    );
  });

  it('rounding is symmetric: round(−x) = −round(x), and negated credit under a flat rate gives negated lines', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 6n }), fc.constantFrom<PlanRoundingMode>('half-up', 'half-even'), (num, den, mode) => {
        expect(roundExact(ratio(-num, den), mode)).toBe(-roundExact(ratio(num, den), mode));
      }),
      RUNS,
    );
    // Few deals and dates, so lines often tie in processing order and in statement allocation.
    const crowded = fc.record({
      repId: fc.constant('R1'),
      dealId: fc.constantFrom('D1', 'D2'),
      closeDate: fc.constantFrom('2026-03-02', '2026-03-03'),
      credited: fc.bigInt({ min: -5_000n, max: 5_000n }),
      currency: fc.constant('USD'),
    });
    fc.assert(
      fc.property(rateText, fc.constantFrom<RoundingPoint>('line', 'statement'), fc.constantFrom<PlanRoundingMode>('half-up', 'half-even'), fc.array(fc.oneof(creditArb, crowded), { maxLength: 10 }), (rate, point, mode, credits) => {
        const plan: Plan = {
          id: 'p',
          name: 'Flat',
          currency: 'USD',
          measurementPeriod: 'month',
          tierScope: 'per-deal',
          rounding: { mode, point },
          components: [{ id: 'c', creditBasis: 'booking', measure: 'bookings', rateSchedule: { kind: 'flat', tierBasis: 'amount', boundary: 'upper', rate } }],
          spiffs: [],
        };
        const negated = credits.map((c) => ({ ...c, credited: -c.credited }));
        // Compared as sorted multisets: negating reorders ties (processing order breaks them by amount).
        const key = (dealId: string, credited: bigint, amount: bigint): string => `${dealId} ${credited} ${amount}`;
        const a = calc(plan, credits).lines.map((l) => key(l.dealId, l.credited, l.amount)).sort();
        const b = calc(plan, negated).lines.map((l) => key(l.dealId, -l.credited, -l.amount)).sort();
        expect(b).toEqual(a);
      }),
      RUNS,
    );
  });

  it('results do not depend on the order of the input lines', () => {
    fc.assert(
      fc.property(
        planArb,
        fc.array(creditArb, { maxLength: 12 }).chain((credits) => fc.tuple(fc.constant(credits), fc.shuffledSubarray(credits, { minLength: credits.length, maxLength: credits.length }))),
        (plan, [credits, shuffled]) => {
          expect(calc(plan, shuffled)).toEqual(calc(plan, credits));
        },
      ),
      RUNS,
    );
  });

  it('marginal tiers with non-negative rates: payout never falls as credit grows', () => {
    fc.assert(
      fc.property(tiersArb, fc.bigInt({ min: 0n, max: 10n ** 8n }), fc.bigInt({ min: 0n, max: 10n ** 8n }), (tiers, x, extra) => {
        const prepared = prepareSchedule({ kind: 'marginal', tierBasis: 'amount', boundary: 'upper', tiers }, undefined, (m) => toMinor(m, 'USD'));
        const zero = fromBigInt(0n);
        const at = (v: bigint): Rational => integrate(prepared, zero, fromBigInt(v), fromBigInt(v), false).amount;
        expect(compareR(at(x), at(x + extra))).toBeLessThanOrEqual(0);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(tiersArb, fc.array(creditArb.map((c) => ({ ...c, credited: c.credited < 0n ? -c.credited : c.credited })), { maxLength: 8 }), creditArb, (tiers, credits, more) => {
        const plan: Plan = {
          id: 'p',
          name: 'Marginal',
          currency: 'USD',
          measurementPeriod: 'month',
          tierScope: 'period-to-date',
          rounding: { mode: 'half-up', point: 'statement' },
          components: [{ id: 'c', creditBasis: 'booking', measure: 'bookings', rateSchedule: { kind: 'marginal', tierBasis: 'amount', boundary: 'upper', tiers } }],
          spiffs: [],
        };
        const extra = { ...more, dealId: 'EXTRA', credited: more.credited < 0n ? -more.credited : more.credited };
        const before = calc(plan, credits).totals.byRep.find((t) => t.repId === extra.repId)?.total ?? 0n;
        const after = calc(plan, [...credits, extra]).totals.byRep.find((t) => t.repId === extra.repId)?.total ?? 0n;
        expect(after >= before).toBe(true);
      }),
      RUNS,
    );
  });
});
