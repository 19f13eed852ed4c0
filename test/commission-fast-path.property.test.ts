/**
 * The engine's fast paths against the general ones they stand in for, on random input:
 * - a window's band table (bandTable + integrateBands, the bands' rates looked up once, and
 *   singleBand for a move inside one band) gives exactly what `integrate` gives for every deal,
 *   segments, amount and shared rate;
 * - evaluateWindow, whose prepared schedules and band tables outlive a window, prices every deal
 *   of every window as integrate does;
 * - roundExact, on doubles where they are exact, rounds as divRound does;
 * - rationalToString prints a value the same however it is written (reduced or not);
 * - a totals-only run gives the totals of the full run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculateCommissions } from '../src/core/commission/calculate.js';
import { evaluateWindow } from '../src/core/commission/evaluate-window.js';
import { roundExact } from '../src/core/commission/rounding.js';
import type { BoundaryOwner, Plan, PlanRoundingMode, RateMultiplier, RateSchedule, RoundingPoint, TierScope } from '../src/core/commission/plan-types.js';
import { type Rational, compareR, fromBigInt, ratio, rationalToString } from '../src/core/commission/rational.js';
import { type Evaluation, type Segment, bandTable, integrate, integrateBands, prepareSchedule, singleBand } from '../src/core/commission/tiers.js';
import type { CalculateCommissionsOptions, CommissionResult, CreditLine } from '../src/core/commission/types.js';
import { divRound } from '../src/core/decimal.js';
import { toMinor } from '../src/core/money.js';
import { parsePeriod } from '../src/core/period.js';

const RUNS = { numRuns: 1000 };
const usd = (money: string): bigint => toMinor(money, 'USD');

/** n hundredths as decimal text: 7 → "0.07", 125 → "1.25". */
function hundredths(n: number): string {
  return `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;
}

const rateText = fc.integer({ min: 0, max: 40 }).map(hundredths);
/** Attainment levels 0 … 2.5, or money edges in dollars (by tier basis). */
const levelText = fc.integer({ min: 0, max: 250 }).map(hundredths);

const multiplierArb: fc.Arbitrary<RateMultiplier> = fc
  .record({
    above: fc.option(levelText, { nil: undefined }),
    below: fc.option(levelText, { nil: undefined }),
    multiplier: fc.integer({ min: 25, max: 300 }).map(hundredths),
    applies: fc.constantFrom<'marginal' | 'retroactive'>('marginal', 'retroactive'),
  })
  .map((m) => ({ multiplier: m.multiplier, applies: m.applies, ...(m.above === undefined ? {} : { above: m.above }), ...(m.below === undefined ? {} : { below: m.below }) }));

/** Any schedule the engine evaluates, valid plan or not: both paths must agree on everything. */
const scheduleArb: fc.Arbitrary<RateSchedule> = fc
  .record({
    kind: fc.constantFrom<'flat' | 'marginal' | 'retroactive'>('flat', 'marginal', 'retroactive'),
    tierBasis: fc.constantFrom<'attainment' | 'amount'>('attainment', 'amount'),
    boundary: fc.constantFrom<BoundaryOwner>('lower', 'upper'),
    rate: rateText,
    tiers: fc.array(fc.record({ width: fc.integer({ min: 1, max: 120 }), rate: rateText, multiplier: fc.option(fc.integer({ min: 50, max: 300 }).map(hundredths), { nil: undefined }) }), { minLength: 1, maxLength: 4 }),
    multipliers: fc.array(multiplierArb, { maxLength: 2 }),
    threshold: fc.option(fc.record({ attainment: levelText, retroactiveUnlock: fc.boolean() }), { nil: undefined }),
    capAt: fc.option(levelText, { nil: undefined }),
  })
  .map((s): RateSchedule => {
    let from = 0;
    const tiers = s.tiers.map((t) => {
      const tier = { from: hundredths(from), rate: t.rate, ...(t.multiplier === undefined ? {} : { multiplier: t.multiplier }) };
      from += t.width;
      return tier;
    });
    return {
      kind: s.kind,
      tierBasis: s.tierBasis,
      boundary: s.boundary,
      ...(s.kind === 'flat' ? { rate: s.rate } : { tiers }),
      ...(s.multipliers.length > 0 ? { multipliers: s.multipliers } : {}),
      ...(s.threshold === undefined ? {} : { threshold: s.threshold }),
      ...(s.capAt === undefined ? {} : { caps: { attainment: s.capAt } }),
    };
  });

/** Quotas in minor units, odd ones included so attainment edges fall between cents. */
const quotaArb = fc.bigInt({ min: 1n, max: 5_000_000n });
const positionArb = fc.bigInt({ min: -3_000_000n, max: 15_000_000n });

function sameValue(a: Rational, b: Rational): boolean {
  return compareR(a, b) === 0;
}

function sameSegments(a: readonly Segment[], b: readonly Segment[]): boolean {
  return (
    a.length === b.length &&
    a.every((s, i) => {
      const t = b[i];
      return t !== undefined && s.label === t.label && sameValue(s.from, t.from) && sameValue(s.to, t.to) && sameValue(s.credit, t.credit) && sameValue(s.rate, t.rate) && sameValue(s.amount, t.amount);
    })
  );
}

/** The rate all segments share, as the engine states it on a line (undefined when they differ or there are none). */
function sharedRate(e: Evaluation): Rational | undefined {
  const first = e.segments[0];
  return first !== undefined && e.segments.every((s) => sameValue(s.rate, first.rate)) ? first.rate : undefined;
}

describe('fast paths equal the general paths', () => {
  it('a band table integrates every deal of a window exactly as integrate does', () => {
    fc.assert(
      fc.property(
        scheduleArb,
        quotaArb.chain((quota) => {
          // Positions anywhere, or right at an attainment level (an edge) give or take a unit or two.
          const near = fc.record({ level: fc.integer({ min: 0, max: 250 }), delta: fc.bigInt({ min: -2n, max: 2n }) }).map(({ level, delta }) => (quota * BigInt(level)) / 100n + delta);
          const position = fc.oneof(positionArb, near);
          return fc.tuple(fc.constant(quota), fc.array(fc.tuple(position, position), { minLength: 1, maxLength: 8 }));
        }),
        fc.boolean(),
        fc.option(positionArb, { nil: undefined }),
        (schedule, [quota, moves], capped, fixedFinal) => {
          const prepared = prepareSchedule(schedule, quota, usd);
          // One table for the whole window (its final position), or a new final per deal (per-deal scope).
          let table = fixedFinal === undefined ? undefined : bandTable(prepared, fromBigInt(fixedFinal), capped);
          for (const [from, to] of moves) {
            const a = fromBigInt(from);
            const b = fromBigInt(to);
            const final = fixedFinal === undefined ? b : fromBigInt(fixedFinal);
            if (fixedFinal === undefined) table = bandTable(prepared, final, capped);
            if (table === undefined) throw new Error('no table');
            const general = integrate(prepared, a, b, final, capped);
            const fast = integrateBands(table, a, b);
            expect(sameValue(fast.amount, general.amount)).toBe(true);
            expect(sameSegments(fast.segments, general.segments)).toBe(true);
            const rate = sharedRate(general);
            expect(fast.rate === undefined ? undefined : rationalToString(fast.rate)).toBe(rate === undefined ? undefined : rationalToString(rate));
            const bare = integrateBands(table, a, b, false);
            expect(bare.segments).toEqual([]);
            expect(sameValue(bare.amount, general.amount)).toBe(true);
            expect(bare.rate === undefined ? undefined : rationalToString(bare.rate)).toBe(rate === undefined ? undefined : rationalToString(rate));
            // Once its band is known, a move inside one band is priced at once: (b − a) × rate.
            const band = singleBand(table, from, to);
            const inside = from < to && general.segments.length === 1;
            if (band !== undefined) {
              expect(inside).toBe(true);
              expect(sameValue({ num: (to - from) * band.scaled.num, den: band.scaled.den }, general.amount)).toBe(true);
              expect(rationalToString(band.rate)).toBe(rationalToString(general.segments[0]?.rate ?? fromBigInt(-1n)));
            } else if (inside) {
              // Not yet known only before the band was first crossed: integrateBands has just looked it up.
              expect(singleBand(table, from, to)).toBeDefined();
            }
          }
        },
      ),
      RUNS,
    );
  });

  it('evaluateWindow, with schedules and band tables kept across windows, prices every deal as integrate does', () => {
    const toMinorUnits = (money: string): bigint => toMinor(money, 'USD');
    fc.assert(
      fc.property(
        scheduleArb,
        fc.constantFrom<TierScope>('per-deal', 'period-to-date'),
        fc.array(fc.tuple(fc.constantFrom(400_000n, 1_234_567n, 99n), fc.array(fc.bigInt({ min: -300_000n, max: 900_000n }), { maxLength: 6 })), { minLength: 1, maxLength: 5 }),
        (schedule, scope, windows) => {
          // Several windows of one schedule, some with the same quota: later ones reuse what earlier ones prepared.
          for (const [quota, amounts] of windows) {
            const deals: CreditLine[] = amounts.map((credited, i) => ({ repId: 'R1', dealId: `D${i}`, closeDate: '2026-03-01', credited, currency: 'USD' }));
            const component = { id: 'c', creditBasis: 'booking' as const, measure: 'bookings', rateSchedule: schedule };
            const result = evaluateWindow({ component, deals, scope, quota, toMinorUnits, withSegments: false });
            const prepared = prepareSchedule(schedule, quota, toMinorUnits);
            const total = amounts.reduce((t, x) => t + x, 0n);
            let position = 0n;
            result.deals.forEach((d, i) => {
              const credited = amounts[i] ?? 0n;
              const start = scope === 'per-deal' ? 0n : position;
              position += credited;
              const end = start + credited;
              const final = fromBigInt(scope === 'per-deal' ? end : total);
              const uncapped = integrate(prepared, fromBigInt(start), fromBigInt(end), final, false);
              expect(sameValue(d.amount, uncapped.amount)).toBe(true);
              const rate = sharedRate(uncapped);
              expect(d.rate === undefined ? undefined : rationalToString(d.rate)).toBe(rate === undefined ? undefined : rationalToString(rate));
              const capped = prepared.capAt === undefined ? uncapped : integrate(prepared, fromBigInt(start), fromBigInt(end), final, true);
              expect(compareR(d.attainmentCapDelta, ratio(capped.amount.num * uncapped.amount.den - uncapped.amount.num * capped.amount.den, capped.amount.den * uncapped.amount.den))).toBe(0);
            });
          }
        },
      ),
      RUNS,
    );
  });

  it('roundExact on doubles rounds as divRound does', () => {
    const near = (edge: bigint): fc.Arbitrary<bigint> => fc.bigInt({ min: edge - 1000n, max: edge + 1000n });
    const safe = BigInt(Number.MAX_SAFE_INTEGER);
    const num = fc.oneof(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), near(safe), near(-safe), near(0n), fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }));
    const den = fc.oneof(fc.constantFrom(1n, 2n, 3n, 4n, 25n, 100n, 10000n, 1000000n), fc.bigInt({ min: 1n, max: 10n ** 6n }), near(safe), fc.bigInt({ min: 1n, max: 2n ** 55n }));
    fc.assert(
      fc.property(num, den, fc.constantFrom<PlanRoundingMode>('half-up', 'half-even'), (n, d, mode) => {
        expect(roundExact({ num: n, den: d }, mode)).toBe(divRound(n, d, mode));
        // Exact halves, where the modes differ.
        expect(roundExact({ num: 2n * n + 1n, den: 2n }, mode)).toBe(divRound(2n * n + 1n, 2n, mode));
      }),
      { numRuns: 5000 },
    );
  });

  it('a totals-only run refuses totals beyond the safe range exactly as the run with lines does', () => {
    const calendar = { fiscalYearStartMonth: 1 };
    const march = parsePeriod('2026-Q1', { ...calendar, asOf: '2026-03-31' });
    const plan: Plan = {
      id: 'p', name: 'Flat', currency: 'USD', measurementPeriod: 'month', tierScope: 'period-to-date', rounding: { mode: 'half-up', point: 'line' },
      components: [{ id: 'c', creditBasis: 'booking', measure: 'bookings', rateSchedule: { kind: 'flat', tierBasis: 'amount', boundary: 'upper', rate: '1' } }], spiffs: [],
    };
    const big = 5_000_000_000_000_000n; // each line safe, two of them not
    const cases: [string, bigint][][] = [
      [['2026-03-02', big], ['2026-03-03', big]], // one statement's total
      [['2026-01-02', big], ['2026-02-03', big]], // the rep's total over two statements
      [['2026-03-02', big + 1_000_000_000_000_000n], ['2026-03-03', -big]], // sizes beyond the range, totals not
      [['2026-01-02', big], ['2026-02-03', -big], ['2026-03-04', big]],
    ];
    for (const deals of cases) {
      const options: CalculateCommissionsOptions = {
        period: march, calendar, plans: [plan], assignments: [{ plan: 'p', role: 'AE', from: '2026-01-01' }],
        reps: [{ repId: 'R1', name: 'Rep One', role: 'AE' }], quotas: [], withSegments: false,
        credits: deals.map(([closeDate, credited], i) => ({ repId: 'R1', dealId: `D${i}`, closeDate, credited, currency: 'USD' })),
      };
      const outcome = (totalsOnly: boolean): CommissionResult['totals'] | string => {
        try {
          return calculateCommissions({ ...options, totalsOnly }).totals;
        } catch (err) {
          return err instanceof Error ? err.message : String(err);
        }
      };
      expect(outcome(true)).toEqual(outcome(false));
    }
  });

  it('rationalToString depends on the value only, not on how the fraction is written', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.constantFrom(1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 20n, 25n, 40n, 100n, 125n, 250n, 2500n, 10000n, 30n, 12n),
        fc.constantFrom(1n, 2n, 3n, 5n, 7n, 10n, 100n, 9n),
        fc.integer({ min: 0, max: 12 }),
        (num, den, factor, digits) => {
          const reduced = ratio(num, den);
          expect(rationalToString({ num: num * factor, den: den * factor }, digits)).toBe(rationalToString(reduced, digits));
          // Reference text from the reduced fraction: terminating → shortest exact decimal, else digits + "…".
          const text = rationalToString(reduced, digits);
          if (!text.endsWith('…')) {
            expect(text).not.toMatch(/\.\d*0$/);
            expect(text).not.toBe('-0');
            const [whole = '', frac = ''] = text.replace('-', '').split('.');
            const scaled = BigInt(whole + frac) * (text.startsWith('-') ? -1n : 1n);
            expect(scaled * reduced.den).toBe(reduced.num * 10n ** BigInt(frac.length));
          }
        },
      ),
      RUNS,
    );
  });

  it('a totals-only run gives the totals of the run with lines', () => {
    const calendar = { fiscalYearStartMonth: 1 };
    const march = parsePeriod('2026-03', { ...calendar, asOf: '2026-03-31' });
    const credit: fc.Arbitrary<CreditLine> = fc.record({
      repId: fc.constantFrom('R1', 'R2', 'R3'),
      dealId: fc.constantFrom('D1', 'D2', 'D3', 'D4', 'D5', 'D6'),
      closeDate: fc.record({ m: fc.integer({ min: 1, max: 3 }), d: fc.integer({ min: 1, max: 28 }) }).map(({ m, d }) => `2026-0${m}-${String(d).padStart(2, '0')}`),
      // Now and then far beyond the safe-integer range: both runs must refuse it the same way.
      // and now and then just below it, so that sums of safe lines leave it.
      credited: fc.oneof(
        { weight: 20, arbitrary: fc.bigInt({ min: -200_000n, max: 3_000_000n }) },
        { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }) },
        { weight: 2, arbitrary: fc.bigInt({ min: -(3n * 10n ** 16n), max: 3n * 10n ** 16n }) },
      ),
      currency: fc.constant('USD'),
    });
    const outcome = (run: () => CommissionResult): CommissionResult | string => {
      try {
        return run();
      } catch (err) {
        return err instanceof Error ? err.message : String(err);
      }
    };
    fc.assert(
      fc.property(
        scheduleArb,
        fc.constantFrom<TierScope>('per-deal', 'period-to-date', 'year-to-date'),
        fc.constantFrom<PlanRoundingMode>('half-up', 'half-even'),
        fc.constantFrom<RoundingPoint>('line', 'statement'),
        fc.option(fc.constantFrom<'team-credit' | 'team-commission'>('team-credit', 'team-commission'), { nil: undefined }),
        fc.option(fc.constantFrom('R1', 'R2'), { nil: undefined }),
        fc.array(credit, { maxLength: 12 }),
        (schedule, scope, mode, point, override, only, credits) => {
          const plan: Plan = {
            id: 'p',
            name: 'Generated plan',
            currency: 'USD',
            measurementPeriod: 'month',
            tierScope: scope,
            rounding: { mode, point },
            components: [{ id: 'c', creditBasis: 'booking', measure: 'bookings', rateSchedule: schedule }],
            spiffs: [{ id: 's', per: 'deal', amount: '10.00' }],
            ...(override === undefined ? {} : { managerOverride: { basis: override, rate: '0.05' } }),
          };
          const options: CalculateCommissionsOptions = {
            period: march,
            calendar,
            plans: [plan],
            assignments: [{ plan: 'p', role: 'AE', from: '2026-01-01' }],
            reps: [
              { repId: 'R1', name: 'Rep One', role: 'AE', managerId: 'R3' },
              { repId: 'R2', name: 'Rep Two', role: 'AE', managerId: 'R3' },
              { repId: 'R3', name: 'Manager Three', role: 'AE' },
            ],
            credits,
            quotas: ['R1', 'R2', 'R3'].flatMap((repId) => ['2026-01', '2026-02', '2026-03'].map((period) => ({ repId, measure: 'bookings', period, amount: 1_000_000n }))),
            withSegments: false,
            ...(only === undefined ? {} : { repIds: [only] }),
          };
          const full = outcome(() => calculateCommissions(options));
          const bare = outcome(() => calculateCommissions({ ...options, totalsOnly: true }));
          if (typeof full === 'string' || typeof bare === 'string') {
            expect(bare).toEqual(full);
            return;
          }
          expect(bare.lines).toEqual([]);
          expect(bare.statements).toEqual([]);
          expect(bare.totals).toEqual(full.totals);
          expect(bare.warnings).toEqual(full.warnings);
          expect(bare.derivations).toEqual(full.derivations);
          for (const t of full.totals.byRep) {
            const own = full.lines.filter((l) => l.repId === t.repId && l.currency === t.currency);
            expect(t.planIds).toEqual([...new Set(own.map((l) => l.planId))]);
            expect(t.planHashes).toEqual([...new Set(own.map((l) => l.planHash))]);
          }
        },
      ),
      RUNS,
    );
  });
});
