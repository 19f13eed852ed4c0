/**
 * The fast path that reads a valid config without the schema library (config/quick-parse.ts)
 * must give exactly what the schema gives — every member, every default, in the same order —
 * and must never vouch for a config the schema refuses. Configs are generated using every
 * setting, valid, then broken one place at a time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planProblems, vouchedStructure } from '../src/commands/plan-check.js';
import { assignmentSchema, planSchema } from '../src/config/plan-schema.js';
import { validatePlans } from '../src/config/plan-validate.js';
import { quickParseAssignment, quickParseConfig, quickParsePlan } from '../src/config/quick-parse.js';
import { configSchema } from '../src/config/schema.js';
import { demoConfig } from '../src/demo/demo-config.js';
import { generateDemoCompany } from '../src/demo/company.js';
import { REPO } from './helpers/run-spm.js';

const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 2 });

/** An object without the members that came out undefined (as JSON would have it). */
function obj(members: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(members).filter(([, v]) => v !== undefined));
}

const decimal = fc.oneof(fc.constantFrom('0', '1', '0.5', '0.10', '1.0', '25000.00', '3', '0.005'), fc.stringMatching(/^\d{1,4}(\.\d{1,3})?$/));
const word = fc.oneof(fc.constantFrom('a', 'New Business', 'AE', 'segment', 'SMB'), fc.string({ maxLength: 6 }));
const id = fc.oneof(fc.constantFrom('ae', 'p1', 'new-business', 'x.y_z'), fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,5}$/));
const date = fc.constantFrom('2025-01-01', '2026-02-28', '2024-02-29', '2026-12-31');
const words = fc.array(word.filter((w) => w.length > 0), { minLength: 1, maxLength: 3 });

const filter = fc
  .record({
    dealType: maybe(words),
    product: maybe(words),
    custom: maybe(fc.array(fc.oneof(fc.record({ field: id, equals: word }), fc.record({ field: id, in: fc.array(word, { minLength: 1, maxLength: 2 }) })), { minLength: 1, maxLength: 2 })),
  })
  .map(obj);

const tier = fc.record({ from: decimal, to: maybe(decimal), rate: decimal, multiplier: maybe(decimal) }).map(obj);

const schedule = fc
  .record({
    kind: fc.constantFrom('flat', 'marginal', 'retroactive'),
    tierBasis: maybe(fc.constantFrom('attainment', 'amount')),
    boundary: maybe(fc.constantFrom('lower', 'upper')),
    rate: maybe(decimal),
    tiers: maybe(fc.array(tier, { minLength: 1, maxLength: 3 })),
    multipliers: maybe(
      fc.array(
        fc.oneof(
          fc.record({ above: decimal, below: maybe(decimal), multiplier: decimal, applies: maybe(fc.constantFrom('marginal', 'retroactive')) }).map(obj),
          fc.record({ below: decimal, multiplier: decimal }).map(obj),
        ),
        { maxLength: 2 },
      ),
    ),
    threshold: maybe(fc.record({ attainment: decimal, retroactiveUnlock: maybe(fc.boolean()) }).map(obj)),
    caps: maybe(fc.record({ payout: maybe(decimal), attainment: maybe(decimal), perDeal: maybe(decimal) }).map(obj)),
  })
  .map(obj);

const curve = fc.record({
  targetIncentive: decimal,
  points: fc.array(fc.record({ attainment: decimal, multiplier: decimal }), { minLength: 1, maxLength: 3 }),
});

const component = fc
  .tuple(
    fc.record({
      id,
      name: maybe(word),
      filter: maybe(filter),
      creditBasis: maybe(fc.constantFrom('booking', 'invoice', 'payment')),
      measure: maybe(fc.constantFrom('bookings', 'renewals')),
    }),
    fc.oneof(schedule.map((rateSchedule) => ({ rateSchedule })), curve.map((payoutCurve) => ({ payoutCurve }))),
  )
  .map(([base, how]) => obj({ ...base, ...how }));

const spiff = fc
  .record({
    id,
    name: maybe(word),
    per: maybe(fc.constantFrom('deal', 'period')),
    filter: maybe(filter),
    amount: maybe(decimal),
    rate: maybe(decimal),
    condition: maybe(fc.record({ component: id, attainment: decimal })),
    from: maybe(date),
    to: maybe(date),
  })
  .map(obj);

const plan = fc
  .record({
    id,
    name: word.filter((w) => w.length > 0),
    currency: fc.constantFrom('USD', 'EUR', 'JPY', 'KWD'),
    measurementPeriod: maybe(fc.constantFrom('month', 'quarter', 'year')),
    tierScope: maybe(fc.constantFrom('per-deal', 'period-to-date', 'year-to-date')),
    rounding: maybe(fc.record({ mode: maybe(fc.constantFrom('half-up', 'half-even')), point: maybe(fc.constantFrom('line', 'statement')) }).map(obj)),
    components: fc.array(component, { minLength: 1, maxLength: 2 }),
    spiffs: maybe(fc.array(spiff, { maxLength: 2 })),
    managerOverride: maybe(fc.record({ basis: fc.constantFrom('team-credit', 'team-commission'), rate: decimal })),
  })
  .map(obj);

const assignment = fc
  .tuple(fc.record({ plan: id, from: date, to: maybe(date) }), fc.constantFrom('rep', 'role', 'team'), word.filter((w) => w.length > 0))
  .map(([base, key, value]) => obj({ ...base, [key]: value }));

const mapping = fc.dictionary(fc.constantFrom('deal_id', 'owner', 'amount', '1', 'x y'), word, { maxKeys: 3 });

const config = fc
  .record({
    $schema: maybe(word),
    db: maybe(fc.constantFrom('spm.db', 'x/y.db')),
    baseCurrency: maybe(fc.constantFrom('USD', 'EUR')),
    fiscalYearStartMonth: maybe(fc.integer({ min: 1, max: 12 })),
    busyTimeoutMs: maybe(fc.integer({ min: 0, max: 120_000 })),
    import: maybe(
      fc
        .record({
          dateFormat: maybe(fc.constantFrom('auto', 'MDY', 'DMY', 'YMD')),
          mappings: maybe(fc.record({ deals: maybe(mapping), reps: maybe(mapping), 'fx-rates': maybe(mapping) }).map(obj)),
        })
        .map(obj),
    ),
    quota: maybe(
      fc
        .record({
          proration: maybe(fc.constantFrom('days', 'months')),
          ramp: maybe(fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 4 })),
          distribution: maybe(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 12, maxLength: 12 })),
        })
        .map(obj),
    ),
    stages: maybe(
      fc.dictionary(
        word,
        fc.record({ status: fc.constantFrom('open', 'won', 'lost'), probability: maybe(fc.integer({ min: 0, max: 100 })), forecastCategory: maybe(word) }).map(obj),
        { maxKeys: 2 },
      ),
    ),
    plans: maybe(fc.array(plan, { maxLength: 2 })),
    assignments: maybe(fc.array(assignment, { maxLength: 3 })),
  })
  .map(obj);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every place in a JSON value: the path of keys and indexes to it. */
function places(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [path];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...places(v, [...path, i])));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) out.push(...places(v, [...path, k]));
  return out;
}

type Mutation = { kind: 'replace'; value: Json } | { kind: 'delete' } | { kind: 'add'; key: string; value: Json };

/** The value with one place changed: replaced, deleted, or given an extra member. */
function mutate(root: unknown, path: (string | number)[], m: Mutation): unknown {
  const copy = JSON.parse(JSON.stringify(root)) as unknown;
  if (path.length === 0) return m.kind === 'replace' ? m.value : m.kind === 'delete' ? undefined : copy;
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (m.kind === 'replace') parent[last] = m.value;
  else if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (typeof target === 'object' && target !== null && !Array.isArray(target)) Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

const nearMiss = fc.constantFrom<Json>('', 'usd', 'US', '1.2.3', '-1', '.5', '1.', '1e3', 'A-', '-a', 'a b', '1,5', ' 1', '2026-02-30', '2026-2-1', 'bogus', -1, 0, 1.5, 13, 101, 1e300, true, null, [], {}, '__proto__');
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), value: fc.oneof(nearMiss, fc.jsonValue() as fc.Arbitrary<Json>) }),
  fc.constant({ kind: 'delete' as const }),
  fc.record({ kind: fc.constant('add' as const), key: fc.oneof(fc.constantFrom('__proto__', 'extra', 'rate', 'to', 'constructor'), fc.string({ maxLength: 4 })), value: nearMiss }),
);

/** The fast path agrees with the schema: when it vouches, the schema accepts and gives the same. */
function agrees(raw: unknown): { vouched: boolean; valid: boolean } {
  const quick = quickParseConfig(raw);
  const schema = configSchema.safeParse(raw);
  if (quick !== undefined) {
    expect(schema.success, JSON.stringify(raw)).toBe(true);
    expect(JSON.stringify(quick)).toBe(JSON.stringify(schema.data));
    expect(quick).toEqual(schema.data);
  }
  return { vouched: quick !== undefined, valid: schema.success };
}

describe('quickParseConfig', () => {
  it('vouches for every valid generated config and gives exactly what the schema gives', () => {
    fc.assert(
      fc.property(config, (raw) => {
        const { vouched, valid } = agrees(raw);
        expect(vouched).toBe(valid);
      }),
      { numRuns: 1500 },
    );
  });

  it('never vouches for a config the schema refuses (one place changed)', () => {
    fc.assert(
      fc.property(config, fc.nat(), mutation, (raw, at, m) => {
        const all = places(raw);
        const changed = mutate(raw, all[at % all.length] ?? [], m);
        const { vouched, valid } = agrees(changed);
        if (!valid) expect(vouched).toBe(false);
      }),
      { numRuns: 4000 },
    );
  });

  it('agrees with the schema on the configs this repository ships and generates', () => {
    const example = JSON.parse(readFileSync(join(REPO, 'spm.config.example.json'), 'utf8')) as unknown;
    const docs = [...readFileSync(join(REPO, 'docs', 'compensation-plans.md'), 'utf8').matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] ?? '') as unknown);
    const demo = demoConfig(generateDemoCompany({ seed: 42, asOf: '2026-06-30' }));
    for (const raw of [{}, example, demo, ...docs]) {
      const { vouched, valid } = agrees(raw);
      expect(valid).toBe(true);
      expect(vouched).toBe(true);
    }
    expect(docs.length).toBeGreaterThan(5);
  });

  it('leaves a config it does not vouch for to the schema: wrong types, unknown keys, bad dates, bad currency', () => {
    const plan = { id: 'p', name: 'P', currency: 'USD', components: [{ id: 'c', rateSchedule: { kind: 'flat', rate: '0.05' } }] };
    for (const raw of [
      null,
      [],
      'x',
      { extra: 1 },
      { baseCurrency: 'usd' },
      { fiscalYearStartMonth: 0 },
      { fiscalYearStartMonth: 1.5 },
      { busyTimeoutMs: -1 },
      { quota: { distribution: [1, 2, 3] } },
      { stages: { won: { status: 'closed' } } },
      { plans: [{ ...plan, currency: 'XXX1' }] },
      { plans: [{ ...plan, components: [] }] },
      { plans: [{ ...plan, components: [{ id: 'c', rateSchedule: { kind: 'flat', rate: '5%' } }] }] },
      { plans: [{ ...plan, components: [{ id: 'c' }] }] },
      { plans: [{ ...plan, components: [{ id: 'c', rateSchedule: { kind: 'flat', rate: '1.' } }] }] },
      { assignments: [{ plan: 'p', from: '2026-02-30', role: 'AE' }] },
      { assignments: [{ plan: 'p', from: '2026-01-01', role: 'AE', rep: 'R1' }] },
    ]) {
      expect(quickParseConfig(raw), JSON.stringify(raw)).toBeUndefined();
      expect(configSchema.safeParse(raw).success, JSON.stringify(raw)).toBe(false);
    }
    // A member named __proto__ is left to the schema too (which takes it as a stage name).
    expect(quickParseConfig(JSON.parse('{"stages": {"__proto__": {"status": "won"}}}'))).toBeUndefined();
  });
});

describe('the plan check of report commission', () => {
  it('quickParsePlan and quickParseAssignment give what the schemas give, and vouch only for what they accept', () => {
    fc.assert(
      fc.property(plan, assignment, fc.nat(), mutation, (p, a, at, m) => {
        for (const [raw, quick, schema] of [
          [p, quickParsePlan, planSchema],
          [a, quickParseAssignment, assignmentSchema],
        ] as const) {
          const all = places(raw);
          for (const item of [raw, mutate(raw, all[at % all.length] ?? [], m)]) {
            const q = quick(item);
            const s = schema.safeParse(item);
            expect(q !== undefined, JSON.stringify(item)).toBe(s.success);
            if (q !== undefined) expect(JSON.stringify(q)).toBe(JSON.stringify(s.data));
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('finds exactly the problems plan validate finds, in the same order, with and without the schemas', async () => {
    const measures = fc.option(fc.constantFrom(['bookings'], ['bookings', 'renewals'], []), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(fc.array(plan, { maxLength: 3 }), fc.array(assignment, { maxLength: 3 }), measures, async (plans, assignments, known) => {
        const options = { file: 'spm.config.json', ...(known === undefined ? {} : { knownMeasures: known }) };
        const expected = validatePlans(plans, assignments, options);
        expect(await planProblems(plans, assignments, options)).toEqual(expected);
        const parsed = plans.map((p) => planSchema.safeParse(p));
        if (parsed.every((r) => r.success)) expect(vouchedStructure(plans, assignments)).toBeDefined();
      }),
      { numRuns: 1000 },
    );
  });

  it('words structural problems as the schemas do (the fast path steps aside)', async () => {
    const plans = [{ id: 'p', name: 'P', currency: 'usd', components: [{ id: 'c', rateSchedule: { kind: 'flat', rate: 5 } }] }];
    const assignments = [{ plan: 'p', from: '2026-01-01' }];
    expect(vouchedStructure(plans, assignments)).toBeUndefined();
    const problems = await planProblems(plans, assignments, { file: 'f.json' });
    expect(problems).toEqual(validatePlans(plans, assignments, { file: 'f.json' }));
    expect(problems.map((p) => p.message)).toEqual([
      '$.plans[0].currency: must be an upper-case ISO 4217 code such as USD',
      '$.plans[0].components[0].rateSchedule.rate: a rate must be a decimal string such as "0.10" (quote it: JSON numbers are binary floating point)',
      '$.assignments[0]: give exactly one of "rep", "role" or "team"',
    ]);
  });
});
