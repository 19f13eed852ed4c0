import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { assignmentsSchema, planSchema, plansSchema } from '../src/config/plan-schema.js';
import { planHash, validatePlans } from '../src/config/plan-validate.js';

/** A plan that uses every setting, valid as written. */
function fullPlan(): z.input<typeof planSchema> {
  return {
    id: 'ae-2026',
    name: 'Account Executive 2026',
    currency: 'USD',
    measurementPeriod: 'month',
    tierScope: 'year-to-date',
    rounding: { mode: 'half-even', point: 'statement' },
    components: [
      {
        id: 'new-business',
        name: 'New business ARR',
        filter: { dealType: ['New Business'], product: ['Platform', 'Analytics'], custom: [{ field: 'segment', in: ['SMB', 'Mid-Market'] }] },
        creditBasis: 'booking',
        measure: 'bookings',
        rateSchedule: {
          kind: 'marginal',
          tierBasis: 'attainment',
          boundary: 'upper',
          tiers: [
            { from: '0', to: '1', rate: '0.10' },
            { from: '1', to: '1.5', rate: '0.10', multiplier: '1.5' },
            { from: '1.5', rate: '0.10', multiplier: '2' },
          ],
          multipliers: [{ below: '0.5', multiplier: '0.5', applies: 'retroactive' }],
          threshold: { attainment: '0.25', retroactiveUnlock: true },
          caps: { payout: '60000.00', attainment: '3', perDeal: '15000.00' },
        },
      },
      {
        id: 'renewals',
        filter: { dealType: ['Renewal'] },
        measure: 'renewals',
        payoutCurve: {
          targetIncentive: '2500.00',
          points: [
            { attainment: '0', multiplier: '0' },
            { attainment: '0.8', multiplier: '0.5' },
            { attainment: '1', multiplier: '1' },
            { attainment: '1.25', multiplier: '1.5' },
          ],
        },
      },
    ],
    spiffs: [
      { id: 'multi-year', per: 'deal', filter: { custom: [{ field: 'termMonths', equals: '36' }] }, amount: '500.00', from: '2026-01-01', to: '2026-06-30' },
      { id: 'presidents-club', per: 'period', amount: '1000.00', condition: { component: 'new-business', attainment: '1.2' } },
    ],
    managerOverride: { basis: 'team-credit', rate: '0.01' },
  };
}

const messages = (plans: unknown, assignments: unknown = [], knownMeasures?: string[]) =>
  validatePlans(plans, assignments, knownMeasures === undefined ? {} : { knownMeasures }).map((p) => p.message);

describe('validatePlans', () => {
  it('accepts a plan that uses every setting, with its assignments', () => {
    const assignments = [
      { plan: 'ae-2026', role: 'AE', from: '2026-01-01' },
      { plan: 'ae-2026', rep: 'R-007', from: '2026-01-01', to: '2026-03-31' },
      { plan: 'ae-2026', rep: 'R-007', from: '2026-04-01' },
      { plan: 'ae-2026', team: 'EMEA', from: '2026-01-01' },
    ];
    expect(validatePlans([fullPlan()], assignments, { knownMeasures: ['bookings', 'renewals'] })).toEqual([]);
  });

  it('reports every tier problem with its JSON path', () => {
    const plan: Record<string, unknown> = {
      ...fullPlan(),
      spiffs: [],
      components: [
        {
          id: 'c',
          rateSchedule: {
            kind: 'marginal',
            tiers: [
              { from: '0', to: '0.5', rate: '0.05' },
              { from: '0.4', to: '1', rate: '0.10' },
              { from: '1.2', to: '1.5', rate: '0.12' },
              { from: '1.1', to: '2', rate: '10' },
            ],
          },
        },
      ],
    };
    const base = '$.plans[0].components[0].rateSchedule.tiers';
    expect(messages([plan])).toEqual([
      `${base}[1].from: overlapping tiers: the tier before ends at 0.5, after 0.4`,
      `${base}[2].from: gap between tiers: values from 1 to 1.2 are in no tier`,
      `${base}[3].from: tiers not ascending: each tier must start above the one before`,
      `${base}[3].to: the last tier must be open-ended (no "to") so every value has a tier; stop paying with caps.attainment or caps.payout instead`,
      `${base}[3].rate: bad rate 10: that is more than 100 % of credit; rates are fractions (write "0.10" for 10 %)`,
    ]);
  });

  it('requires tiers to start at 0, flat schedules to have one rate, and percents written as fractions', () => {
    const plan = {
      ...fullPlan(),
      spiffs: [],
      components: [
        { id: 'a', rateSchedule: { kind: 'retroactive' as const, tiers: [{ from: '0.5', rate: '0.1' }] } },
        { id: 'b', rateSchedule: { kind: 'flat' as const, rate: '0.1', tiers: [{ from: '0', rate: '0.1' }] } },
        { id: 'c', rateSchedule: { kind: 'marginal' as const, rate: '0.1' } },
        { id: 'd', rateSchedule: { kind: 'flat' as const, rate: '0.1', threshold: { attainment: '50' } } },
      ],
    };
    expect(messages([plan])).toEqual([
      '$.plans[0].components[0].rateSchedule.tiers[0].from: the first tier must start at 0 so every value has a tier',
      '$.plans[0].components[1].rateSchedule.tiers: a flat schedule has no tiers: use kind "marginal" or "retroactive" for tiers',
      '$.plans[0].components[2].rateSchedule.rate: a marginal schedule takes its rates from "tiers"; remove "rate"',
      '$.plans[0].components[2].rateSchedule.tiers: a marginal schedule needs "tiers"',
      '$.plans[0].components[3].rateSchedule.threshold.attainment: attainment 50 means more than 1000 % of quota; attainments are fractions (write "1.0" for 100 %)',
    ]);
  });

  it('refuses numbers where exact decimal strings belong, and unknown keys', () => {
    const plan: Record<string, unknown> = { ...fullPlan(), spiffs: [], components: [{ id: 'c', rateSchedule: { kind: 'flat', rate: 0.1 }, colour: 'red' }] };
    expect(messages([plan])).toEqual([
      '$.plans[0].components[0].rateSchedule.rate: a rate must be a decimal string such as "0.10" (quote it: JSON numbers are binary floating point)',
      '$.plans[0].components[0]: Unrecognized key: "colour"',
    ]);
  });

  it('checks money precision against the plan currency, measures, ids and references', () => {
    const plan = { ...fullPlan(), currency: 'JPY' };
    // Trailing zeros are fine (60000.00 yen is 60000 yen); a non-zero digit beyond the yen is not.
    const caps = plan.components[0]?.rateSchedule?.caps;
    if (caps !== undefined) caps.payout = '60000.50';
    const second = { ...fullPlan(), currency: 'JPY', spiffs: [{ id: 'new-business', per: 'period', amount: '1', rate: '0.1', condition: { component: 'nope', attainment: '1' } }] };
    const problems = messages([plan, second], [], ['bookings']);
    expect(problems).toContain('$.plans[0].components[0].rateSchedule.caps.payout: 60000.50 has more decimals than JPY allows (0)');
    expect(problems).toContain('$.plans[0].components[1].measure: unknown measure "renewals" (known: bookings)');
    expect(problems).toContain('$.plans[1].id: duplicate plan id "ae-2026" (also $.plans[0])');
    expect(problems).toContain('$.plans[1].spiffs[0].id: "new-business" is already a component id or reserved ("override"); SPIFF ids name their own lines');
    expect(problems).toContain('$.plans[1].spiffs[0]: give exactly one of "amount" or "rate"');
    expect(problems).toContain('$.plans[1].spiffs[0].rate: a once-per-period SPIFF pays a fixed "amount", not a rate');
    expect(problems).toContain('$.plans[1].spiffs[0].condition.component: no component "nope" in this plan (known: new-business, renewals)');
  });

  it('checks curves and multiplier bands', () => {
    const curve = {
      id: 'curve',
      payoutCurve: {
        targetIncentive: '100',
        points: [
          { attainment: '0', multiplier: '0.2' },
          { attainment: '1', multiplier: '1' },
          { attainment: '0.9', multiplier: '0.9' },
        ],
      },
    };
    const bands = {
      id: 'bands',
      rateSchedule: {
        kind: 'flat' as const,
        rate: '0.1',
        multipliers: [
          { below: '0.5', multiplier: '0.5' },
          { above: '0.4', below: '0.8', multiplier: '0.8' },
          { above: '1', below: '1', multiplier: '2' },
        ],
      },
    };
    const both = { id: 'both', rateSchedule: { kind: 'flat' as const, rate: '0.1' }, payoutCurve: { targetIncentive: '1', points: [{ attainment: '0', multiplier: '0' }] } };
    expect(messages([{ ...fullPlan(), spiffs: [], components: [curve, bands, both] }])).toEqual([
      '$.plans[0].components[2]: give exactly one of "rateSchedule" or "payoutCurve"',
    ]);
    // Structure first: once the third component is fixed, the semantic problems show.
    expect(messages([{ ...fullPlan(), spiffs: [], components: [curve, bands] }])).toEqual([
      '$.plans[0].components[0].payoutCurve.points[0].multiplier: a curve pays for credit: at attainment 0 the multiplier must be 0 (pay a guaranteed amount with a once-per-period SPIFF)',
      '$.plans[0].components[0].payoutCurve.points[2].attainment: curve points not ascending: each point needs a higher attainment than the one before',
      '$.plans[0].components[1].rateSchedule.multipliers[2].below: band is empty: "below" 1 must be above "above" 1',
      '$.plans[0].components[1].rateSchedule.multipliers[1]: overlaps $.plans[0].components[1].rateSchedule.multipliers[0]: multiplier bands must not overlap',
    ]);
  });

  it('checks assignments: unknown plans, target, dates and overlaps for the same rep', () => {
    const assignments = [
      { plan: 'ae-2026', rep: 'R1', from: '2026-01-01', to: '2026-06-30' },
      { plan: 'ae-2026', rep: 'R1', from: '2026-06-01' },
      { plan: 'ghost', rep: 'R2', from: '2026-01-01' },
      { plan: 'ae-2026', rep: 'R3', role: 'AE', from: '2026-01-01' },
      { plan: 'ae-2026', rep: 'R4', from: '2026-02-30' },
      { plan: 'ae-2026', rep: 'R5', from: '2026-05-01', to: '2026-04-01' },
      { plan: 'ae-2026', role: 'AE', from: '2026-01-01' },
      { plan: 'ae-2026', role: 'AE', from: '2026-03-01', to: '2026-12-31' },
    ];
    expect(messages([fullPlan()], assignments)).toEqual([
      '$.assignments[2].plan: assignment to unknown plan "ghost" (known: ae-2026)',
      '$.assignments[3]: give exactly one of "rep", "role" or "team"',
      '$.assignments[4].from: must be an existing calendar date written YYYY-MM-DD, e.g. "2026-01-01"',
      '$.assignments[5].to: ends before it starts (2026-05-01)',
      '$.assignments[1]: overlapping assignments for rep R1: $.assignments[0] (2026-01-01..2026-06-30) already covers 2026-06-01',
      '$.assignments[7]: overlapping assignments for role AE: $.assignments[6] (2026-01-01..open) already covers 2026-03-01',
    ]);
  });

  it('names the file and refuses what is not a list', () => {
    const problems = validatePlans({}, 'x', { file: 'spm.config.json' });
    expect(problems).toEqual([
      { file: 'spm.config.json', code: 'plan', message: '$.plans: must be a list of plans', hint: expect.any(String) },
      { file: 'spm.config.json', code: 'plan', message: '$.assignments: must be a list of assignments', hint: expect.any(String) },
    ]);
  });
});

describe('planHash', () => {
  it('is the first 12 hex digits of sha256 over canonical JSON: key order does not matter, content does', () => {
    const plan = planSchema.parse(fullPlan());
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reverseKeys) : typeof v === 'object' && v !== null ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)])) : v;
    const reordered = reverseKeys(plan);
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(plan));
    const hash = planHash(plan);
    expect(hash).toMatch(/^[0-9a-f]{12}$/);
    expect(planHash({ b: 1, a: [1, { d: 'x', c: null }] })).toBe(planHash({ a: [1, { c: null, d: 'x' }], b: 1 }));
    expect(planHash(reordered)).toBe(hash);
    expect(planHash({ ...plan, name: 'Account Executive 2026 v2' })).not.toBe(hash);
  });

  it('is the same whether a default is written or left out, once parsed', () => {
    const implicit = planSchema.parse({ id: 'p', name: 'P', currency: 'EUR', components: [{ id: 'c', rateSchedule: { kind: 'flat', rate: '0.05' } }] });
    const explicit = planSchema.parse({
      id: 'p',
      name: 'P',
      currency: 'EUR',
      measurementPeriod: 'month',
      tierScope: 'period-to-date',
      rounding: { mode: 'half-up', point: 'line' },
      spiffs: [],
      components: [{ id: 'c', creditBasis: 'booking', measure: 'bookings', rateSchedule: { kind: 'flat', tierBasis: 'attainment', boundary: 'upper', rate: '0.05' } }],
    });
    expect(planHash(implicit)).toBe(planHash(explicit));
  });
});

describe('published JSON Schema', () => {
  it('describes every plan field and documents the defaults', () => {
    const schema = JSON.stringify(z.toJSONSchema(z.object({ plans: plansSchema, assignments: assignmentsSchema }), { io: 'input' }));
    expect(schema).toContain('"boundary":{"default":"upper"');
    expect(schema).toContain('Which tier owns a value exactly on a boundary');
    expect(schema).toContain('"tierScope":{"default":"period-to-date"');
    expect(schema).toContain('"point":{"default":"line"');
  });
});
