/**
 * The sample company's spm.config.json: the stage and plan settings a real customer would
 * write, used by `spm demo` for its tour. AMER account executives are paid in USD on a marginal
 * tier table with an accelerator above quota; EMEA in EUR on a retroactive table; the solution
 * engineers on a flat overlay rate; front-line managers an override on their team's credit.
 */
import type { DemoCompany } from './company.js';

export function demoConfig(company: DemoCompany): Record<string, unknown> {
  // Account executives and managers are assigned by rep (a rep assignment outranks team and role).
  const managers = company.reps.filter((r) => r.role === 'Manager');
  const aes = company.reps.filter((r) => r.role === 'AE');
  return {
    baseCurrency: 'USD',
    fiscalYearStartMonth: 1,
    quota: { proration: 'days', ramp: [50, 75, 100] },
    plans: [
      {
        id: 'amer-ae',
        name: 'AMER Account Executive',
        currency: 'USD',
        measurementPeriod: 'month',
        components: [
          {
            id: 'bookings',
            rateSchedule: {
              kind: 'marginal',
              tierBasis: 'attainment',
              tiers: [
                { from: '0', to: '1', rate: '0.08' },
                { from: '1', to: '1.5', rate: '0.12' },
                { from: '1.5', rate: '0.16' },
              ],
              caps: { perDeal: '25000.00' },
            },
          },
        ],
      },
      {
        id: 'emea-ae',
        name: 'EMEA Account Executive',
        currency: 'EUR',
        measurementPeriod: 'month',
        components: [
          {
            id: 'bookings',
            rateSchedule: {
              kind: 'retroactive',
              tierBasis: 'attainment',
              tiers: [
                { from: '0', to: '0.5', rate: '0.05' },
                { from: '0.5', to: '1', rate: '0.08' },
                { from: '1', rate: '0.11' },
              ],
            },
          },
        ],
      },
      {
        id: 'se-overlay',
        name: 'Solution Engineer overlay',
        currency: 'USD',
        measurementPeriod: 'month',
        components: [{ id: 'overlay', rateSchedule: { kind: 'flat', tierBasis: 'amount', rate: '0.02' } }],
      },
      {
        id: 'manager',
        name: 'Front-line manager',
        currency: 'USD',
        measurementPeriod: 'month',
        components: [
          { id: 'own-bookings', rateSchedule: { kind: 'flat', tierBasis: 'amount', rate: '0.04' } },
        ],
        managerOverride: { basis: 'team-credit', rate: '0.01' },
      },
      {
        id: 'emea-manager',
        name: 'Front-line manager, EMEA',
        currency: 'EUR',
        measurementPeriod: 'month',
        components: [
          { id: 'own-bookings', rateSchedule: { kind: 'flat', tierBasis: 'amount', rate: '0.04' } },
        ],
        managerOverride: { basis: 'team-credit', rate: '0.01' },
      },
    ],
    assignments: [
      ...aes.map((r) => ({
        plan: r.region === 'EMEA' ? 'emea-ae' : 'amer-ae',
        rep: r.repId,
        from: '2020-01-01',
        ...(r.endDate ? { to: r.endDate } : {}),
      })),
      { plan: 'se-overlay', role: 'SE-overlay', from: '2020-01-01' },
      ...managers.map((m) => ({ plan: m.region === 'EMEA' ? 'emea-manager' : 'manager', rep: m.repId, from: '2020-01-01' })),
    ],
  };
}
