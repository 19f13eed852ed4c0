/**
 * buildCommissionInput remembers quotaForPeriod for the run and leaves employment out of the
 * question when it cannot change the answer. Every quota it hands the engine must still be
 * exactly what quotaForPeriod gives for that rep, with the rep's own hire and end dates: reps
 * here share quota rows or not, are hired before, inside or after the periods, leave or not,
 * under either proration and with or without a ramp.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCommissionInput, type CommissionQuotaRow, type CommissionRepRow } from '../src/core/commission-input.js';
import type { Plan } from '../src/core/commission/plan-types.js';
import { parsePeriod } from '../src/core/period.js';
import { quotaForPeriod, type QuotaSettings } from '../src/core/quota.js';

const calendar = { fiscalYearStartMonth: 1 };
const PLAN: Plan = {
  id: 'ae',
  name: 'AE',
  currency: 'USD',
  measurementPeriod: 'month',
  tierScope: 'period-to-date',
  rounding: { mode: 'half-up', point: 'line' },
  components: [{ id: 'bookings', creditBasis: 'booking', measure: 'bookings', rateSchedule: { kind: 'marginal', tierBasis: 'attainment', boundary: 'upper', tiers: [{ from: '0', rate: '0.05' }] } }],
  spiffs: [],
};
const QUARTERS = ['2026-Q1', '2026-Q2'].map((q) => parsePeriod(q, { ...calendar, asOf: '2026-12-31' }));
const dateIn2025or2026 = fc.record({ y: fc.constantFrom(2025, 2026), m: fc.integer({ min: 1, max: 12 }), d: fc.constantFrom(1, 2, 15, 28) }).map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

describe('quotas of the commission input', () => {
  it('are what quotaForPeriod gives with each rep’s own employment', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ hire: fc.option(dateIn2025or2026, { nil: null }), end: fc.option(dateIn2025or2026, { nil: null }), amounts: fc.constantFrom(0, 1, 2) }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom<QuotaSettings['proration']>('days', 'months'),
        fc.constantFrom<readonly number[]>([], [50, 75], [25]),
        (people, proration, ramp) => {
          const reps: CommissionRepRow[] = people.map((p, i) => ({ repId: `R${i}`, name: `Rep ${i}`, email: null, managerId: null, team: null, region: null, role: 'AE', hireDate: p.hire, endDate: p.end }));
          // Quota sets 0 and 1 are shared by every rep drawing them; set 2 is the rep's own.
          const amountsOf = (set: number, i: number): bigint[] => (set === 0 ? [125_000_000n, 130_000_000n] : set === 1 ? [90_000_001n, 90_000_001n] : [BigInt(1000 + i), BigInt(2000 + i)]);
          const quotas: CommissionQuotaRow[] = people.flatMap((p, i) =>
            QUARTERS.map((q, k) => ({ repId: `R${i}`, measure: 'bookings', periodStart: q.start, periodEnd: q.end, amountMinor: amountsOf(p.amounts, i)[k] ?? 0n, currency: 'USD' })),
          );
          const settings: QuotaSettings = { proration, ramp };
          const period = parsePeriod('2026-H1', { ...calendar, asOf: '2026-12-31' });
          const built = buildCommissionInput({
            period, calendar, baseCurrency: 'USD', plans: [PLAN], assignments: [{ plan: 'ae', role: 'AE', from: '2020-01-01' }],
            reps, deals: [], splits: [], quotas, fxRates: [], quotaSettings: settings,
          });
          let checked = 0;
          for (const q of built.input.quotas) {
            const rep = reps.find((r) => r.repId === q.repId);
            const month = parsePeriod(q.period, { ...calendar, asOf: '2026-12-31' });
            const sources = quotas.filter((r) => r.repId === q.repId).map((r) => ({ start: r.periodStart, end: r.periodEnd, amountMinor: BigInt(r.amountMinor) }));
            const direct = quotaForPeriod(sources, month, settings, { hireDate: rep?.hireDate ?? null, endDate: rep?.endDate ?? null });
            expect(q.amount).toBe(direct?.proratedMinor);
            checked++;
          }
          expect(checked).toBeGreaterThan(0);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
