/**
 * Published worked examples, reproduced to the cent. Each test names its source. Where a
 * source states the rule and the rates but no deal amounts, the deals are ours and the comment
 * says so; every expected figure is computed by hand in the comment next to it.
 */
import { describe, expect, it } from 'vitest';
import { calculateCommissions } from '../src/core/commission/calculate.js';
import type { Assignment, Component, Plan } from '../src/core/commission/plan-types.js';
import type { CommissionResult, CreditLine, QuotaInput, RepInfo } from '../src/core/commission/types.js';
import { parsePeriod } from '../src/core/period.js';

const calendar = { fiscalYearStartMonth: 1 };
const usd = (dollars: number): bigint => BigInt(dollars) * 100n;

function plan(components: Component[], extra: Partial<Plan> = {}): Plan {
  return {
    id: 'ae',
    name: 'Account Executive',
    currency: 'USD',
    measurementPeriod: 'month',
    tierScope: 'period-to-date',
    rounding: { mode: 'half-up', point: 'line' },
    spiffs: [],
    components,
    ...extra,
  };
}

function credit(dealId: string, closeDate: string, dollars: number, extra: Partial<CreditLine> = {}): CreditLine {
  return { repId: 'R1', dealId, closeDate, credited: usd(dollars), currency: 'USD', ...extra };
}

interface RunOptions {
  plans: Plan[];
  period: string;
  credits: CreditLine[];
  quotas?: QuotaInput[];
  reps?: RepInfo[];
  assignments?: Assignment[];
}

function run(o: RunOptions): CommissionResult {
  return calculateCommissions({
    period: parsePeriod(o.period, { ...calendar, asOf: '2026-01-01' }),
    calendar,
    plans: o.plans,
    assignments: o.assignments ?? [{ plan: o.plans[0]?.id ?? '', role: 'AE', from: '2000-01-01' }],
    reps: o.reps ?? [{ repId: 'R1', name: 'Avery Chen', role: 'AE' }],
    credits: o.credits,
    quotas: o.quotas ?? [],
  });
}

/** Paid amount per deal id of the commission lines, in cents. */
function paidByDeal(result: CommissionResult, repId = 'R1'): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (const l of result.lines) if (l.repId === repId && l.kind === 'commission') out[l.dealId] = (out[l.dealId] ?? 0n) + l.amount;
  return out;
}

const total = (result: CommissionResult, repId = 'R1'): bigint | undefined => result.totals.byRep.find((t) => t.repId === repId)?.total;

const ORACLE_STEP_TIERS = [
  { from: '0', to: '1000', rate: '0.01' },
  { from: '1000', to: '3000', rate: '0.02' },
  { from: '3000', to: '8000', rate: '0.03' },
  { from: '8000', rate: '0.05' },
];
const ORACLE_TRANSACTIONS: [string, string, number][] = [
  ['T1', '2015-01-01', 200],
  ['T2', '2015-01-02', 300],
  ['T3', '2015-01-15', 1500],
  ['T4', '2015-02-01', 1200],
  ['T5', '2015-02-15', 2000],
  ['T6', '2015-03-01', 4500],
];

describe('marginal tiers', () => {
  // Source: Oracle Fusion Incentive Compensation, "Examples of Calculating Earnings Using Step
  // Rates", scenario "Transactions Processed Individually and Split Nonproportionally Across
  // Rate Tiers" (docs.oracle.com/en/cloud/saas/sales/facmi/examples-of-calculating-earnings-using-step-rates.html):
  // T3 = 1,000 × 1 % + 500 × 2 % = 20; T6 = 1,000 × 1 % + 2,000 × 2 % + 1,500 × 3 % = 95; quarter total 164 USD.
  it('Oracle step rates applied per transaction: 2 + 3 + 20 + 14 + 30 + 95 = 164 USD', () => {
    const p = plan([{ id: 'revenue', creditBasis: 'booking', measure: 'bookings', rateSchedule: { kind: 'marginal', tierBasis: 'amount', boundary: 'upper', tiers: ORACLE_STEP_TIERS } }], {
      measurementPeriod: 'quarter',
      tierScope: 'per-deal',
    });
    const result = run({ plans: [p], period: '2015-Q1', credits: ORACLE_TRANSACTIONS.map(([id, date, usdAmount]) => credit(id, date, usdAmount)) });
    expect(paidByDeal(result)).toEqual({ T1: 200n, T2: 300n, T3: 2000n, T4: 1400n, T5: 3000n, T6: 9500n });
    expect(total(result)).toBe(16400n);
    const t6 = result.lines.find((l) => l.dealId === 'T6');
    expect(t6?.segments.map((s) => [s.label, s.credited, s.rate, s.amount])).toEqual([
      ['tier 1', '1000', '0.01', '10'],
      ['tier 2', '2000', '0.02', '40'],
      ['tier 3', '1500', '0.03', '45'],
    ]);
  });

  // Source: Salesforce Trailhead, "Salesforce Spiff Marginal Payout Rules › Use Marginal Payout
  // Rule Functions" (the mamount function): tiers 0–150,000 at 4 %, 150,000–250,000 at 6 %,
  // above 250,000 at 8 %; a rep with 145,000 ARR closed closes a 20,000 deal:
  // 5,000 × 4 % + 15,000 × 6 % = 1,100 (a blended 5.5 %).
  it('Spiff mamount on the running total: the 20,000 deal after 145,000 earns 1,100', () => {
    const p = plan(
      [
        {
          id: 'arr',
          creditBasis: 'booking',
          measure: 'bookings',
          rateSchedule: {
            kind: 'marginal',
            tierBasis: 'amount',
            boundary: 'upper',
            tiers: [
              { from: '0', to: '150000', rate: '0.04' },
              { from: '150000', to: '250000', rate: '0.06' },
              { from: '250000', rate: '0.08' },
            ],
          },
        },
      ],
      { measurementPeriod: 'year' },
    );
    const result = run({ plans: [p], period: '2026', credits: [credit('EARLIER', '2026-03-02', 145_000), credit('NEW', '2026-05-20', 20_000)] });
    // EARLIER: 145,000 × 4 % = 5,800.
    expect(paidByDeal(result)).toEqual({ EARLIER: usd(5_800), NEW: usd(1_100) });
    const line = result.lines.find((l) => l.dealId === 'NEW');
    expect(line?.rate).toBe('0.055');
  });
});

describe('retroactive tiers', () => {
  // Source: Oracle Fusion Incentive Compensation, "Options for Splitting Attainment Numbers
  // Across Rate Tiers", "Rate Not Split (Flat Commission)": tiers 0–10,000 1 %, 10,000–50,000 2 %,
  // 50,000–100,000 3 %, 100,000+ 4 %: 5,000 → 1 %, 15,000 → 2 %, 60,000 → 3 % of the whole amount.
  it('Oracle rate not split: one rate, of the tier reached, on the whole transaction', () => {
    const p = plan(
      [
        {
          id: 'revenue',
          creditBasis: 'booking',
          measure: 'bookings',
          rateSchedule: {
            kind: 'retroactive',
            tierBasis: 'amount',
            boundary: 'upper',
            tiers: [
              { from: '0', to: '10000', rate: '0.01' },
              { from: '10000', to: '50000', rate: '0.02' },
              { from: '50000', to: '100000', rate: '0.03' },
              { from: '100000', rate: '0.04' },
            ],
          },
        },
      ],
      { tierScope: 'per-deal' },
    );
    const result = run({ plans: [p], period: '2026-04', credits: [credit('A', '2026-04-01', 5_000), credit('B', '2026-04-02', 15_000), credit('C', '2026-04-03', 60_000)] });
    // 5,000 × 1 % = 50; 15,000 × 2 % = 300; 60,000 × 3 % = 1,800.
    expect(paidByDeal(result)).toEqual({ A: usd(50), B: usd(300), C: usd(1_800) });
  });

  // Source: Oracle Fusion Incentive Compensation, "Equal Tier Values": with tiers 0–25,000 1 %,
  // 25,000–50,000 2 %, 50,000–75,000 3 %, a transaction of exactly 50,000 is paid at 3 % (the
  // higher tier). Salesforce Spiff tier_payout (help.salesforce.com, sales.spiff_function_ref_tier_payout)
  // defaults to the tier with the lower value — our `boundary: "lower"`.
  it('a value exactly on a boundary: Oracle (upper) pays 3 %, Spiff default (lower) pays 2 %', () => {
    const tiers = [
      { from: '0', to: '25000', rate: '0.01' },
      { from: '25000', to: '50000', rate: '0.02' },
      { from: '50000', to: '75000', rate: '0.03' },
      { from: '75000', rate: '0.04' },
    ];
    const make = (boundary: 'lower' | 'upper') =>
      plan([{ id: 'r', creditBasis: 'booking', measure: 'bookings', rateSchedule: { kind: 'retroactive', tierBasis: 'amount', boundary, tiers } }], { tierScope: 'per-deal' });
    const deals = [credit('EXACT', '2026-04-10', 50_000)];
    expect(paidByDeal(run({ plans: [make('upper')], period: '2026-04', credits: deals }))).toEqual({ EXACT: usd(1_500) }); // 50,000 × 3 %
    expect(paidByDeal(run({ plans: [make('lower')], period: '2026-04', credits: deals }))).toEqual({ EXACT: usd(1_000) }); // 50,000 × 2 %
  });

  // Source: QuotaPath help center, "Commission with Accelerators" template: quota $33,000 per
  // month; under 50 %: 5 % on all deals closed; 50–100 %: 10 %; 100–150 %: 12 %; 150 %+: 15 %.
  // The deals are ours: 20,000 + 25,000 = 45,000 = 136.36 % → 12 % on ALL of it.
  it('QuotaPath retroactive attainment tiers: reaching 136 % pays 12 % on every deal of the month', () => {
    const p = plan([
      {
        id: 'arr',
        creditBasis: 'booking',
        measure: 'bookings',
        rateSchedule: {
          kind: 'retroactive',
          tierBasis: 'attainment',
          boundary: 'upper',
          tiers: [
            { from: '0', to: '0.5', rate: '0.05' },
            { from: '0.5', to: '1', rate: '0.10' },
            { from: '1', to: '1.5', rate: '0.12' },
            { from: '1.5', rate: '0.15' },
          ],
        },
      },
    ]);
    const quotas = [{ repId: 'R1', measure: 'bookings', period: '2026-05', amount: usd(33_000) }];
    const result = run({ plans: [p], period: '2026-05', quotas, credits: [credit('D1', '2026-05-04', 20_000), credit('D2', '2026-05-21', 25_000)] });
    // 20,000 × 12 % = 2,400; 25,000 × 12 % = 3,000.
    expect(paidByDeal(result)).toEqual({ D1: usd(2_400), D2: usd(3_000) });
    expect(result.derivations[0]?.attainment).toBe('1.3636363636…');
    const low = run({ plans: [p], period: '2026-05', quotas, credits: [credit('D1', '2026-05-04', 15_000)] });
    expect(paidByDeal(low)).toEqual({ D1: usd(750) }); // 15,000 = 45 % → 5 %
  });
});

describe('accelerators and decelerators', () => {
  // Source: QuotaPath compensation plan template "Account Executive: Accelerators &
  // Decelerators" (comp.quotapath.com/account-executive/accelerators-decelerators): monthly
  // quota $33,000 ARR; 0–50 %: 5 % (half the base rate); at 50 % the 10 % base rate unlocks
  // retroactively; 100 % and above: 20 % on new deals only. Deals are ours.
  const quotaPathPlan = plan([
    {
      id: 'arr',
      creditBasis: 'booking',
      measure: 'bookings',
      rateSchedule: {
        kind: 'marginal',
        tierBasis: 'attainment',
        boundary: 'upper',
        tiers: [
          { from: '0', to: '1', rate: '0.10' },
          { from: '1', rate: '0.10', multiplier: '2' },
        ],
        multipliers: [{ below: '0.5', multiplier: '0.5', applies: 'retroactive' }],
      },
    },
  ]);
  const quotas = ['2026-01', '2026-02'].map((period) => ({ repId: 'R1', measure: 'bookings', period, amount: usd(33_000) }));
  const credits = [
    credit('J1', '2026-01-08', 10_000),
    credit('J2', '2026-01-20', 5_000),
    credit('F1', '2026-02-03', 12_000),
    credit('F2', '2026-02-10', 10_000),
    credit('F3', '2026-02-25', 20_000),
  ];

  it('QuotaPath decelerator below a 50 % floor: 15,000 of 33,000 (45 %) earns 5 %', () => {
    const result = run({ plans: [quotaPathPlan], period: '2026-01', quotas, credits });
    // 10,000 × 5 % = 500; 5,000 × 5 % = 250.
    expect(paidByDeal(result)).toEqual({ J1: usd(500), J2: usd(250) });
  });

  it('QuotaPath accelerator above quota: 20 % only on the credit beyond 33,000', () => {
    const result = run({ plans: [quotaPathPlan], period: '2026-02', quotas, credits });
    // 42,000 = 127 %, above the floor: F1 12,000 × 10 % = 1,200; F2 10,000 × 10 % = 1,000;
    // F3 crosses quota at 33,000: 11,000 × 10 % + 9,000 × 20 % = 1,100 + 1,800 = 2,900.
    expect(paidByDeal(result)).toEqual({ F1: usd(1_200), F2: usd(1_000), F3: usd(2_900) });
    expect(total(result)).toBe(usd(5_100));
  });

  // Source: Prowi glossary, "Decelerator": quota $500,000, 10 % commission, decelerator 0.5×
  // below 80 % of quota; the rep closes $350,000 (70 %): 350,000 × 10 % × 0.5 = $17,500.
  it('Prowi decelerator: 350,000 at 70 % of quota earns 350,000 × 10 % × 0.5 = 17,500', () => {
    const p = plan(
      [
        {
          id: 'bookings',
          creditBasis: 'booking',
          measure: 'bookings',
          rateSchedule: { kind: 'flat', tierBasis: 'attainment', boundary: 'upper', rate: '0.10', multipliers: [{ below: '0.8', multiplier: '0.5', applies: 'retroactive' }] },
        },
      ],
      { measurementPeriod: 'year' },
    );
    const quotas = [{ repId: 'R1', measure: 'bookings', period: '2026', amount: usd(500_000) }];
    const result = run({ plans: [p], period: '2026', quotas, credits: [credit('BIG', '2026-06-30', 350_000)] });
    expect(total(result)).toBe(usd(17_500));
  });
});

describe('caps and thresholds', () => {
  // Source: SparrowGenie, "Capped Commission" (sales commission models): 3 % commission, monthly
  // cap $10,000; $400,000 of sales earns $10,000 rather than $12,000. Deals are ours (4 × 100,000).
  it('hard payout cap: 12,000 earned, a −2,000 cap line, 10,000 paid', () => {
    const p = plan([{ id: 'sales', creditBasis: 'booking', measure: 'bookings', rateSchedule: { kind: 'flat', tierBasis: 'amount', boundary: 'upper', rate: '0.03', caps: { payout: '10000.00' } } }]);
    const credits = ['A', 'B', 'C', 'D'].map((id, i) => credit(id, `2026-03-0${i + 1}`, 100_000));
    const result = run({ plans: [p], period: '2026-03', credits });
    expect(paidByDeal(result)).toEqual({ A: usd(3_000), B: usd(3_000), C: usd(3_000), D: usd(3_000) });
    const cap = result.lines.filter((l) => l.kind === 'cap');
    expect(cap.map((l) => [l.dealId, l.amount])).toEqual([['', -usd(2_000)]]);
    expect(total(result)).toBe(usd(10_000));
  });

  // Source: QuotaPath help center, "Commission with Accelerators" (Insurance Rep example): quota
  // $20,000 a month; 0 % until 50 % of quota, then 10 % until 100 %, then 15 % beyond.
  // Deals are ours: 8,000, 6,000, 10,000 (24,000 = 120 %).
  it('threshold without retroactive unlock: credit below 50 % of quota earns nothing', () => {
    const p = plan([
      {
        id: 'premium',
        creditBasis: 'booking',
        measure: 'bookings',
        rateSchedule: {
          kind: 'marginal',
          tierBasis: 'attainment',
          boundary: 'upper',
          tiers: [
            { from: '0', to: '1', rate: '0.10' },
            { from: '1', rate: '0.15' },
          ],
          threshold: { attainment: '0.5', retroactiveUnlock: false },
        },
      },
    ]);
    const quotas = [{ repId: 'R1', measure: 'bookings', period: '2026-06', amount: usd(20_000) }];
    const result = run({ plans: [p], period: '2026-06', quotas, credits: [credit('P1', '2026-06-02', 8_000), credit('P2', '2026-06-09', 6_000), credit('P3', '2026-06-30', 10_000)] });
    // P1: 0..8,000 all below the 10,000 threshold → 0; P2: 8,000..14,000 → 4,000 × 10 % = 400;
    // P3: 14,000..24,000 → 6,000 × 10 % + 4,000 × 15 % = 1,200. Total 1,600.
    expect(paidByDeal(result)).toEqual({ P1: 0n, P2: usd(400), P3: usd(1_200) });
    expect(result.lines[0]?.segments[0]?.label).toBe('tier 1 below threshold');
  });

  // Source: QuotaPath help center, "Team-based Commission with Accelerators": quota $198,000 a
  // month; under 50 %: 0 % on all deals; 50–100 %: 2.5 % on all deals. Deals are ours.
  it('threshold with retroactive unlock: below 50 % nothing, above it every deal pays', () => {
    const p = plan([
      {
        id: 'team',
        creditBasis: 'booking',
        measure: 'bookings',
        rateSchedule: { kind: 'flat', tierBasis: 'attainment', boundary: 'upper', rate: '0.025', threshold: { attainment: '0.5', retroactiveUnlock: true } },
      },
    ]);
    const quotas = ['2026-07', '2026-08'].map((period) => ({ repId: 'R1', measure: 'bookings', period, amount: usd(198_000) }));
    const credits = [credit('J1', '2026-07-15', 90_000), credit('A1', '2026-08-05', 60_000), credit('A2', '2026-08-20', 50_000)];
    const july = run({ plans: [p], period: '2026-07', quotas, credits });
    expect(paidByDeal(july)).toEqual({ J1: 0n }); // 90,000 = 45.5 % < 50 %
    expect(july.derivations[0]?.notes.join(' ')).toMatch(/threshold 0.5 not reached/);
    const august = run({ plans: [p], period: '2026-08', quotas, credits });
    // 110,000 = 55.6 %: 60,000 × 2.5 % = 1,500; 50,000 × 2.5 % = 1,250.
    expect(paidByDeal(august)).toEqual({ A1: usd(1_500), A2: usd(1_250) });
  });
});

describe('payout curves', () => {
  // Source: Oracle Fusion Incentive Compensation, "Examples of Calculating Earnings Using
  // Interpolated Rates": amount rate table 0–1,000 → 10, 1,000–3,000 → 40, 3,000–8,000 → 100,
  // interpolated within each tier, transactions processed individually: T3 = 10 + 500/2,000 × 40 = 20,
  // T6 = 10 + 40 + 1,500/5,000 × 100 = 80; total 149 USD. As a curve: quota 8,000, target
  // incentive 100, points (0, 0), (0.125, 0.1), (0.375, 0.5), (1, 1.5) — the cumulative payouts
  // 10, 50, 150 at 1,000, 3,000, 8,000.
  it('Oracle interpolated rates per transaction: 2 + 3 + 20 + 14 + 30 + 80 = 149 USD', () => {
    const p = plan(
      [
        {
          id: 'interp',
          creditBasis: 'booking',
          measure: 'bookings',
          payoutCurve: {
            targetIncentive: '100.00',
            points: [
              { attainment: '0', multiplier: '0' },
              { attainment: '0.125', multiplier: '0.1' },
              { attainment: '0.375', multiplier: '0.5' },
              { attainment: '1', multiplier: '1.5' },
            ],
          },
        },
      ],
      { measurementPeriod: 'quarter', tierScope: 'per-deal' },
    );
    const quotas = [{ repId: 'R1', measure: 'bookings', period: '2015-Q1', amount: usd(8_000) }];
    const result = run({ plans: [p], period: '2015-Q1', quotas, credits: ORACLE_TRANSACTIONS.map(([id, date, dollars]) => credit(id, date, dollars)) });
    expect(paidByDeal(result)).toEqual({ T1: 200n, T2: 300n, T3: 2000n, T4: 1400n, T5: 3000n, T6: 8000n });
    expect(total(result)).toBe(14_900n);
  });

  // Source: RevOps Masters, "Accelerators and Decelerators" (single-tier accelerator): $500K
  // quota, $100K variable; 1.0× to 100 %, 1.5× from 100 to 130 %: $650K (130 %) earns
  // $100,000 + 30 % × $100,000 × 1.5 = $145,000. As a curve: (0, 0), (1, 1), (1.3, 1.45).
  it('RevOps Masters accelerator curve: 650,000 of 500,000 earns 145,000; interpolated on the way', () => {
    const p = plan(
      [
        {
          id: 'variable',
          creditBasis: 'booking',
          measure: 'bookings',
          payoutCurve: {
            targetIncentive: '100000.00',
            points: [
              { attainment: '0', multiplier: '0' },
              { attainment: '1', multiplier: '1' },
              { attainment: '1.3', multiplier: '1.45' },
            ],
          },
        },
      ],
      { measurementPeriod: 'year' },
    );
    const quotas = [{ repId: 'R1', measure: 'bookings', period: '2026', amount: usd(500_000) }];
    const result = run({ plans: [p], period: '2026', quotas, credits: [credit('Q2', '2026-05-01', 400_000), credit('Q4', '2026-11-01', 250_000)] });
    // Q2: 0 → 80 % = ×0.8 → 80,000. Q4: 80 % → 130 % = ×1.45 − ×0.8 → 65,000.
    expect(paidByDeal(result)).toEqual({ Q2: usd(80_000), Q4: usd(65_000) });
    expect(total(result)).toBe(usd(145_000));
    // Derived by the same rule (not in the source): 575,000 = 115 % → 1 + 0.15 × 1.5 = ×1.225.
    const mid = run({ plans: [p], period: '2026', quotas, credits: [credit('X', '2026-05-01', 575_000)] });
    expect(total(mid)).toBe(usd(122_500));
    // Flat beyond the last point: 900,000 = 180 % still pays ×1.45.
    const beyond = run({ plans: [p], period: '2026', quotas, credits: [credit('Y', '2026-05-01', 900_000)] });
    expect(total(beyond)).toBe(usd(145_000));
  });
});

describe('splits, overrides and year-to-date true-up', () => {
  // Source: Salesforce Help, "Calculate Joint Commissions with Opportunity Splits in Salesforce
  // Spiff": Rep A receives a 50 % revenue split and a 20 % overlay, Rep B a 50 % revenue split.
  // The deal amount, rates and SPIFF are ours: a 100,000 deal; revenue credit pays 10 %, overlay 5 %,
  // and a 500 SPIFF per new-logo deal is shared by revenue split.
  it('Spiff opportunity split: credit is split before rates, each rep paid on its share', () => {
    const p = plan(
      [
        { id: 'revenue', creditBasis: 'booking', measure: 'bookings', filter: { custom: [{ field: 'splitType', equals: 'Revenue' }] }, rateSchedule: { kind: 'flat', tierBasis: 'amount', boundary: 'upper', rate: '0.10' } },
        { id: 'overlay', creditBasis: 'booking', measure: 'bookings', filter: { custom: [{ field: 'splitType', equals: 'Overlay' }] }, rateSchedule: { kind: 'flat', tierBasis: 'amount', boundary: 'upper', rate: '0.05' } },
      ],
      { spiffs: [{ id: 'new-logo', per: 'deal', amount: '500.00', filter: { dealType: ['New Business'], custom: [{ field: 'splitType', equals: 'Revenue' }] } }] },
    );
    const deal = { dealType: 'New Business' };
    const credits = [
      credit('OPP-7', '2026-09-14', 50_000, { ...deal, repId: 'A', share: '0.5', custom: { splitType: 'Revenue' } }),
      credit('OPP-7', '2026-09-14', 20_000, { ...deal, repId: 'A', share: '0.2', custom: { splitType: 'Overlay' } }),
      credit('OPP-7', '2026-09-14', 50_000, { ...deal, repId: 'B', share: '0.5', custom: { splitType: 'Revenue' } }),
    ];
    const reps = [
      { repId: 'A', name: 'Rep A', role: 'AE' },
      { repId: 'B', name: 'Rep B', role: 'AE' },
    ];
    const result = run({ plans: [p], period: '2026-09', credits, reps });
    // A: 50,000 × 10 % = 5,000 + 20,000 × 5 % = 1,000 + SPIFF 500 × 0.5 = 250 → 6,250.
    // B: 50,000 × 10 % = 5,000 + SPIFF 250 → 5,250.
    expect(total(result, 'A')).toBe(usd(6_250));
    expect(total(result, 'B')).toBe(usd(5_250));
  });

  // Source: QuotaPath help center, "Team-based Commission": a sales leader earns a flat
  // percentage, 3.25 % in the template, of every deal the direct reports close. Deals are ours.
  it('QuotaPath team-based commission as a manager override: 3.25 % of the team credit', () => {
    const rep = plan([{ id: 'arr', creditBasis: 'booking', measure: 'bookings', rateSchedule: { kind: 'flat', tierBasis: 'amount', boundary: 'upper', rate: '0.10' } }]);
    const manager = plan([{ id: 'own', creditBasis: 'booking', measure: 'bookings', rateSchedule: { kind: 'flat', tierBasis: 'amount', boundary: 'upper', rate: '0.10' } }], {
      id: 'leader',
      name: 'Sales leader',
      managerOverride: { basis: 'team-credit', rate: '0.0325' },
    });
    const reps = [
      { repId: 'M', name: 'Morgan', role: 'Manager' },
      { repId: 'A', name: 'Rep A', role: 'AE', managerId: 'M' },
      { repId: 'B', name: 'Rep B', role: 'AE', managerId: 'M' },
    ];
    const assignments = [
      { plan: 'ae', role: 'AE', from: '2026-01-01' },
      { plan: 'leader', role: 'Manager', from: '2026-01-01' },
    ];
    const credits = [credit('X1', '2026-10-02', 40_000, { repId: 'A' }), credit('X2', '2026-10-09', 60_000, { repId: 'B' })];
    const result = run({ plans: [rep, manager], period: '2026-10', credits, reps, assignments });
    // 40,000 × 3.25 % = 1,300; 60,000 × 3.25 % = 1,950; total 3,250.
    const overrides = result.lines.filter((l) => l.kind === 'override');
    expect(overrides.map((l) => [l.dealId, l.amount])).toEqual([
      ['X1', usd(1_300)],
      ['X2', usd(1_950)],
    ]);
    expect(total(result, 'M')).toBe(usd(3_250));
  });

  // Source: Salesforce Help, "Adjust Compensation Variances with a Lump-Sum True-Up Rule"
  // (Salesforce Spiff): True-Up = YTD earned − YTD paid. The plan and deals are ours: quota
  // 10,000 a month, retroactive tiers on year-to-date attainment, 5 % below 100 %, 10 % from 100 %.
  it('year-to-date true-up: earlier months re-rated, YTD paid always equals YTD earned', () => {
    const p = plan(
      [
        {
          id: 'ytd',
          creditBasis: 'booking',
          measure: 'bookings',
          rateSchedule: {
            kind: 'retroactive',
            tierBasis: 'attainment',
            boundary: 'upper',
            tiers: [
              { from: '0', to: '1', rate: '0.05' },
              { from: '1', rate: '0.10' },
            ],
          },
        },
      ],
      { tierScope: 'year-to-date' },
    );
    const quotas = ['2026-01', '2026-02', '2026-03'].map((period) => ({ repId: 'R1', measure: 'bookings', period, amount: usd(10_000) }));
    const credits = [credit('JAN', '2026-01-20', 8_000), credit('FEB', '2026-02-11', 15_000), credit('MAR', '2026-03-05', 2_000)];
    const month = (m: string) => run({ plans: [p], period: m, quotas, credits });
    const kinds = (r: CommissionResult) => r.lines.map((l) => [l.kind, l.dealId, l.amount]);
    // January: 8,000 of 10,000 = 80 % → 5 %: 400.
    expect(kinds(month('2026-01'))).toEqual([['commission', 'JAN', usd(400)]]);
    // February: YTD 23,000 of 20,000 = 115 % → 10 % on all: FEB 1,500; JAN re-rated 800 − 400 = 400 true-up.
    expect(kinds(month('2026-02'))).toEqual([
      ['commission', 'FEB', usd(1_500)],
      ['true-up', '', usd(400)],
    ]);
    // March: YTD 25,000 of 30,000 = 83 % → 5 % on all: MAR 100; JAN+FEB now earn 1,150, paid 2,300: −1,150.
    expect(kinds(month('2026-03'))).toEqual([
      ['commission', 'MAR', usd(100)],
      ['true-up', '', -usd(1_150)],
    ]);
    // YTD earned at the end of March (25,000 × 5 % = 1,250) = 400 + 1,900 − 1,050.
    const paid = ['2026-01', '2026-02', '2026-03'].reduce((s, m) => s + (total(month(m)) ?? 0n), 0n);
    expect(paid).toBe(usd(1_250));
  });
});
