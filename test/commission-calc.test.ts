import { describe, expect, it } from 'vitest';
import { calculateCommissions } from '../src/core/commission/calculate.js';
import { explainCommissions } from '../src/core/commission/explain.js';
import { planHash } from '../src/core/commission/plan-hash.js';
import type { Assignment, Component, Plan, RateSchedule } from '../src/core/commission/plan-types.js';
import type { CalculateCommissionsOptions, CommissionResult, CreditLine, QuotaInput, RepInfo } from '../src/core/commission/types.js';
import { MoneyOverflowError, toMinor } from '../src/core/money.js';
import { parsePeriod } from '../src/core/period.js';
import { UsageError } from '../src/errors.js';

const usd = (s: string): bigint => toMinor(s, 'USD');

function component(id: string, rateSchedule: Partial<RateSchedule>, extra: Partial<Component> = {}): Component {
  return { id, creditBasis: 'booking', measure: 'bookings', rateSchedule: { kind: 'flat', tierBasis: 'amount', boundary: 'upper', ...rateSchedule }, ...extra };
}

function plan(id: string, components: Component[], extra: Partial<Plan> = {}): Plan {
  return { id, name: id, currency: 'USD', measurementPeriod: 'month', tierScope: 'period-to-date', rounding: { mode: 'half-up', point: 'line' }, spiffs: [], components, ...extra };
}

function credit(dealId: string, closeDate: string, amount: string, extra: Partial<CreditLine> = {}): CreditLine {
  return { repId: 'R1', dealId, closeDate, credited: usd(amount), currency: 'USD', ...extra };
}

interface Run {
  plans: Plan[];
  period: string;
  credits: CreditLine[];
  quotas?: QuotaInput[];
  reps?: RepInfo[];
  assignments?: Assignment[];
  fiscalYearStartMonth?: number;
  repIds?: string[];
}

function options(o: Run): CalculateCommissionsOptions {
  const calendar = { fiscalYearStartMonth: o.fiscalYearStartMonth ?? 1 };
  return {
    period: parsePeriod(o.period, { ...calendar, asOf: '2026-06-15' }),
    calendar,
    plans: o.plans,
    assignments: o.assignments ?? [{ plan: o.plans[0]?.id ?? '', rep: 'R1', from: '2020-01-01' }],
    reps: o.reps ?? [{ repId: 'R1', name: 'Priya Natarajan' }],
    credits: o.credits,
    quotas: o.quotas ?? [],
    ...(o.repIds === undefined ? {} : { repIds: o.repIds }),
  };
}

const run = (o: Run): CommissionResult => calculateCommissions(options(o));
const summary = (r: CommissionResult) => r.lines.map((l) => [l.kind, l.dealId, l.amount]);
const STEP: Partial<RateSchedule> = {
  kind: 'marginal',
  tiers: [
    { from: '0', to: '1000', rate: '0.01' },
    { from: '1000', rate: '0.02' },
  ],
};

describe('processing order', () => {
  it('is close date, then deal id, whatever the input order', () => {
    const p = plan('p', [component('c', STEP)]);
    const credits = [credit('B', '2026-03-09', '800'), credit('A', '2026-03-09', '800'), credit('Z', '2026-03-01', '100')];
    // Z first (earlier date): 100 × 1 % = 1; A: 100→900 at 1 % = 8; B: 900→1,700: 100 × 1 % + 700 × 2 % = 15.
    const expected = [
      ['commission', 'Z', 100n],
      ['commission', 'A', 800n],
      ['commission', 'B', 1500n],
    ];
    expect(summary(run({ plans: [p], period: '2026-03', credits }))).toEqual(expected);
    expect(summary(run({ plans: [p], period: '2026-03', credits: [...credits].reverse() }))).toEqual(expected);
  });

  it('a reversal later in the period takes back at the rates it un-crosses', () => {
    const p = plan('p', [component('c', STEP)]);
    const r = run({ plans: [p], period: '2026-03', credits: [credit('D1', '2026-03-02', '1500'), credit('D1-CN', '2026-03-20', '-500')] });
    // D1: 1,000 × 1 % + 500 × 2 % = 20; credit note: −500 × 2 % = −10; net 10 = 1,000 × 1 %.
    expect(summary(r)).toEqual([
      ['commission', 'D1', 2000n],
      ['commission', 'D1-CN', -1000n],
    ]);
  });
});

describe('assignments', () => {
  it('splits a period by dates when the rep changes plan, prorating the quota by days', () => {
    const old = plan('old', [component('base', { rate: '0.05' })]);
    const next = plan('new', [
      component('base', { kind: 'retroactive', tierBasis: 'attainment', tiers: [{ from: '0', to: '1', rate: '0.08' }, { from: '1', rate: '0.12' }] }),
    ]);
    const assignments = [
      { plan: 'old', rep: 'R1', from: '2026-01-01', to: '2026-03-15' },
      { plan: 'new', rep: 'R1', from: '2026-03-16' },
    ];
    const quotas = [{ repId: 'R1', measure: 'bookings', period: '2026-03', amount: usd('31000') }];
    const r = run({ plans: [old, next], period: '2026-03', assignments, quotas, credits: [credit('D1', '2026-03-10', '10000'), credit('D2', '2026-03-20', '17000')] });
    // D1 under "old": 10,000 × 5 % = 500. "new" covers 16 of 31 days: quota 31,000 × 16/31 = 16,000;
    // D2 17,000 = 106 % → 12 % = 2,040.
    expect(r.lines.map((l) => [l.planId, l.dealId, l.amount])).toEqual([
      ['new', 'D2', usd('2040')],
      ['old', 'D1', usd('500')],
    ]);
    const derivation = r.derivations.find((d) => d.planId === 'new');
    expect(derivation?.quota).toBe(usd('16000'));
    expect(derivation?.notes).toContain('quota prorated for days on the plan: 2026-03 (16/31 days)');
  });

  it('lists deals whose owner has no plan on the close date, and deals of unknown reps', () => {
    const p = plan('p', [component('c', { rate: '0.1' })]);
    const r = run({
      plans: [p],
      period: '2026-03',
      assignments: [{ plan: 'p', rep: 'R1', from: '2026-03-10' }],
      credits: [credit('EARLY', '2026-03-05', '100'), credit('PAID', '2026-03-12', '100'), credit('GHOST-1', '2026-03-12', '100', { repId: 'R9' })],
    });
    expect(summary(r)).toEqual([['commission', 'PAID', 1000n]]);
    expect(r.warnings.map((w) => [w.code, w.dealIds])).toEqual([
      ['commission.unassigned', ['EARLY']],
      ['commission.unknown-rep', ['R9/GHOST-1']],
    ]);
  });

  it('prefers a rep assignment over a role one, and refuses two equally specific ones', () => {
    const a = plan('a', [component('c', { rate: '0.01' })]);
    const b = plan('b', [component('c', { rate: '0.02' })]);
    const reps = [{ repId: 'R1', name: 'Priya', role: 'AE' }];
    const credits = [credit('D', '2026-03-03', '1000')];
    const specific = run({ plans: [a, b], period: '2026-03', reps, credits, assignments: [{ plan: 'a', role: 'AE', from: '2026-01-01' }, { plan: 'b', rep: 'R1', from: '2026-01-01' }] });
    expect(specific.lines.map((l) => [l.planId, l.amount])).toEqual([['b', 2000n]]);
    const ambiguous = options({ plans: [a, b], period: '2026-03', reps, credits, assignments: [{ plan: 'a', role: 'AE', from: '2026-01-01' }, { plan: 'b', role: 'AE', from: '2026-03-01' }] });
    expect(() => calculateCommissions(ambiguous)).toThrow(UsageError);
    expect(() => calculateCommissions(ambiguous)).toThrow(/none is more specific/);
  });
});

describe('refusals', () => {
  it('warns and pays nothing when a component measured in attainment has no quota', () => {
    const p = plan('p', [component('c', { kind: 'retroactive', tierBasis: 'attainment', tiers: [{ from: '0', rate: '0.1' }] })]);
    const r = run({ plans: [p], period: '2026-03', credits: [credit('D1', '2026-03-03', '100')] });
    expect(r.lines).toEqual([]);
    expect(r.warnings[0]?.code).toBe('commission.no-quota');
    expect(r.warnings[0]?.message).toMatch(/no bookings quota for 2026-03 \(1 deal\(s\): D1\)/);
  });

  it('refuses the reserved invoice and payment credit bases with a clear message', () => {
    const p = plan('p', [component('c', { rate: '0.1' }, { creditBasis: 'invoice' })]);
    expect(() => run({ plans: [p], period: '2026-03', credits: [] })).toThrow(/credit basis "invoice" is not calculated yet/);
  });

  it('refuses credit in another currency than the plan', () => {
    const p = plan('p', [component('c', { rate: '0.1' })]);
    expect(() => run({ plans: [p], period: '2026-03', credits: [credit('D1', '2026-03-03', '100', { currency: 'EUR' })] })).toThrow(/convert credit to the plan currency/);
  });

  it('refuses an amount too large to store exactly instead of losing digits', () => {
    const p = plan('p', [component('c', { rate: '1' })]);
    const huge = { repId: 'R1', dealId: 'BIG', closeDate: '2026-03-03', credited: 2n ** 60n, currency: 'USD' };
    expect(() => run({ plans: [p], period: '2026-03', credits: [huge] })).toThrow(MoneyOverflowError);
  });
});

describe('caps', () => {
  it('shows per-deal and attainment caps as their own negative lines', () => {
    const p = plan('p', [component('c', { rate: '0.10', caps: { perDeal: '3000.00', attainment: '1.5' } })]);
    const quotas = [{ repId: 'R1', measure: 'bookings', period: '2026-03', amount: usd('40000') }];
    const r = run({ plans: [p], period: '2026-03', quotas, credits: [credit('D1', '2026-03-02', '35000'), credit('D2', '2026-03-09', '30000')] });
    // D1: 3,500 earned, per-deal cap 3,000 → −500. D2: 35,000 → 65,000 crosses the 150 % cap at
    // 60,000: 5,000 × 10 % = −500 attainment cap; 2,500 left is under the per-deal cap.
    expect(summary(r)).toEqual([
      ['commission', 'D1', usd('3500')],
      ['cap', 'D1', -usd('500')],
      ['commission', 'D2', usd('3000')],
      ['cap', 'D2', -usd('500')],
    ]);
    expect(r.lines[1]?.note).toBe('per-deal cap 3000.00 USD');
    expect(r.lines[3]?.note).toMatch(/^attainment cap 1.5/);
    expect(r.totals.byRep[0]).toMatchObject({ commission: usd('6500'), cap: -usd('1000'), total: usd('5500') });
  });
});

describe('rounding point', () => {
  // Three deals of 0.05 at 10 % earn exactly 0.005 each: 0.015 in all.
  const credits = ['A', 'B', 'C'].map((id) => credit(id, '2026-03-03', '0.05'));
  const make = (mode: 'half-up' | 'half-even', point: 'line' | 'statement') => plan('p', [component('c', { rate: '0.10' })], { rounding: { mode, point } });

  it('per line, half-up: every line 0.01, statement 0.03', () => {
    const r = run({ plans: [make('half-up', 'line')], period: '2026-03', credits });
    expect(r.lines.map((l) => l.amount)).toEqual([1n, 1n, 1n]);
    expect(r.lines[0]?.unrounded).toBe('0.005');
    expect(r.statements[0]).toMatchObject({ exactTotal: '0.015', total: 3n, adjusted: [] });
  });

  it('per statement, half-up: 0.015 → 0.02, handed back so the lines add up to it', () => {
    const r = run({ plans: [make('half-up', 'statement')], period: '2026-03', credits });
    expect(r.lines.map((l) => l.amount)).toEqual([0n, 1n, 1n]);
    expect(r.statements[0]).toMatchObject({ total: 2n, adjusted: [{ line: 0, delta: -1n }] });
  });

  it('half-even: 0.005 → 0.00 per line; per statement 0.015 → 0.02', () => {
    expect(run({ plans: [make('half-even', 'line')], period: '2026-03', credits }).lines.map((l) => l.amount)).toEqual([0n, 0n, 0n]);
    const r = run({ plans: [make('half-even', 'statement')], period: '2026-03', credits });
    expect(r.lines.map((l) => l.amount)).toEqual([1n, 1n, 0n]);
    expect(r.statements[0]?.total).toBe(2n);
  });

  it('uses the currency exponent: yen have no decimals, dinars three', () => {
    const jpy = plan('j', [component('c', { rate: '0.035' })], { currency: 'JPY' });
    const yen = run({ plans: [jpy], period: '2026-03', credits: [{ ...credit('Y', '2026-03-03', '0'), credited: 12345n, currency: 'JPY' }] });
    expect([yen.lines[0]?.unrounded, yen.lines[0]?.amount]).toEqual(['432.075', 432n]); // ¥12,345 × 3.5 %
    const kwd = plan('k', [component('c', { rate: '0.1' })], { currency: 'KWD' });
    const dinar = run({ plans: [kwd], period: '2026-03', credits: [{ ...credit('K', '2026-03-03', '0'), credited: 1234567n, currency: 'KWD' }] });
    expect([dinar.lines[0]?.unrounded, dinar.lines[0]?.amount]).toEqual(['123.4567', 123457n]); // 1,234.567 KWD × 10 %
  });
});

describe('measurement periods', () => {
  const quarterly = plan('q', [component('c', { rate: '0.1' })], { measurementPeriod: 'quarter' });
  const credits = [credit('JAN', '2026-01-15', '100'), credit('MAR', '2026-03-15', '200')];

  it('pays a quarterly plan in the run of the quarter\'s last month', () => {
    expect(run({ plans: [quarterly], period: '2026-01', credits }).lines).toEqual([]);
    const march = run({ plans: [quarterly], period: '2026-03', credits });
    expect(march.lines.map((l) => [l.period, l.dealId, l.amount])).toEqual([
      ['2026-Q1', 'JAN', 1000n],
      ['2026-Q1', 'MAR', 2000n],
    ]);
  });

  it('calculates each month of a monthly plan in a quarterly run', () => {
    const monthly = plan('m', [component('c', { rate: '0.1' })]);
    expect(run({ plans: [monthly], period: '2026-Q1', credits }).lines.map((l) => l.period)).toEqual(['2026-01', '2026-03']);
  });

  it('starts year-to-date windows at the fiscal year start', () => {
    const ytd = plan('y', [component('c', { kind: 'retroactive', tierBasis: 'attainment', tiers: [{ from: '0', to: '1', rate: '0.05' }, { from: '1', rate: '0.10' }] })], { tierScope: 'year-to-date' });
    const quotas = ['2026-01', '2026-02', '2026-03'].map((period) => ({ repId: 'R1', measure: 'bookings', period, amount: usd('1000') }));
    const deals = [credit('JAN', '2026-01-10', '1500'), credit('FEB', '2026-02-10', '900'), credit('MAR', '2026-03-10', '1200')];
    // Fiscal year from February: January belongs to FY2026. FY2027 to March: 2,100 of 2,000 → 10 %:
    // MAR 120; FEB was paid 900 × 5 % = 45 in February and now earns 90: true-up 45.
    const r = run({ plans: [ytd], period: '2026-03', quotas, credits: deals, fiscalYearStartMonth: 2 });
    expect(summary(r)).toEqual([
      ['commission', 'MAR', usd('120')],
      ['true-up', '', usd('45')],
    ]);
    expect(r.derivations[0]).toMatchObject({ windowStart: '2026-02-01', windowEnd: '2026-03-31', quota: usd('2000') });
  });
});

describe('SPIFFs and overrides', () => {
  it('pays a once-per-period bonus only when the condition is met, and says why not when it cannot tell', () => {
    const p = plan('p', [component('new', { rate: '0.1' })], { spiffs: [{ id: 'club', per: 'period', amount: '1000.00', condition: { component: 'new', attainment: '1' } }] });
    const quotas = [{ repId: 'R1', measure: 'bookings', period: '2026-03', amount: usd('10000') }];
    const below = run({ plans: [p], period: '2026-03', quotas, credits: [credit('D', '2026-03-03', '9999.99')] });
    expect(below.lines.filter((l) => l.kind === 'spiff')).toEqual([]);
    const met = run({ plans: [p], period: '2026-03', quotas, credits: [credit('D', '2026-03-03', '10000')] });
    expect(met.lines.filter((l) => l.kind === 'spiff').map((l) => [l.component, l.dealId, l.amount])).toEqual([['club', '', usd('1000')]]);
    const unknown = run({ plans: [p], period: '2026-03', credits: [credit('D', '2026-03-03', '10000')] });
    expect(unknown.warnings.map((w) => w.code)).toEqual(['commission.spiff-condition']);
  });

  it('overrides on team commissions use their exact sum, not the rounded lines', () => {
    const ae = plan('ae', [component('c', { rate: '0.1' })]);
    const lead = plan('lead', [component('c', { rate: '0.1' })], { managerOverride: { basis: 'team-commission', rate: '0.5' } });
    const reps = [
      { repId: 'M', name: 'Morgan' },
      { repId: 'A', name: 'Ana', managerId: 'M' },
    ];
    const assignments = [
      { plan: 'ae', rep: 'A', from: '2026-01-01' },
      { plan: 'lead', rep: 'M', from: '2026-01-01' },
    ];
    const r = run({ plans: [ae, lead], period: '2026-03', reps, assignments, credits: [credit('D', '2026-03-03', '1000.05', { repId: 'A' })] });
    // Ana: 1,000.05 × 10 % = 100.005 → 100.01. Morgan: 100.005 × 50 % = 50.0025 → 50.00
    // (on the rounded 100.01 it would have been 50.005 → 50.01).
    expect(r.lines.map((l) => [l.repId, l.kind, l.amount])).toEqual([
      ['A', 'commission', usd('100.01')],
      ['M', 'override', usd('50.00')],
    ]);
    expect(r.lines[1]?.note).toBe('override on Ana (A) commissions of 100.005 USD (exact sum of 1 line(s))');
    // --rep M still sees the override computed from Ana's lines.
    const only = run({ plans: [ae, lead], period: '2026-03', reps, assignments, credits: [credit('D', '2026-03-03', '1000.05', { repId: 'A' })], repIds: ['M'] });
    expect(only.lines.map((l) => [l.repId, l.amount])).toEqual([['M', usd('50.00')]]);
  });
});

describe('lines and explanation', () => {
  it('carries plan id and content hash, and explains the derivation step by step', () => {
    const p = plan('ae-2026', [component('c', { ...STEP, caps: { payout: '15.00' } })]);
    const r = run({ plans: [p], period: '2026-03', credits: [credit('D1', '2026-03-02', '600'), credit('D2', '2026-03-05', '900')] });
    expect(r.lines.every((l) => l.planHash === planHash(p) && /^[0-9a-f]{12}$/.test(l.planHash))).toBe(true);
    // D1 600 × 1 % = 6; D2 400 × 1 % + 500 × 2 % = 14; 20 > 15 → payout cap −5.
    expect(summary(r)).toEqual([
      ['commission', 'D1', 600n],
      ['commission', 'D2', 1400n],
      ['cap', '', -500n],
    ]);
    const text = explainCommissions(r, 'R1');
    expect(text).toContain('    tier 1: 600 → 1000, credit 400 × rate 0.01 = 4');
    expect(text).toContain('    tier 2: 1000 → 1500, credit 500 × rate 0.02 = 10');
    expect(text).toContain('  period: cap — payout cap 15.00 USD per measurement period: -5 → -5.00 USD');
    expect(text.at(-1)).toBe('Total 15.00 USD = commission 20.00 USD + true-ups 0.00 USD + caps -5.00 USD + SPIFFs 0.00 USD + overrides 0.00 USD');
    expect(explainCommissions(r, 'R1', { dealId: 'D1' }).some((l) => l.includes('deal D2'))).toBe(false);
  });
});
