import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../src/core/period.js';
import { type QuotaSettings, type QuotaSource, quotaDeriver, quotaForPeriod, quotaToBaseFactor } from '../src/core/quota.js';

const DAYS: QuotaSettings = { proration: 'days', ramp: [] };
const MONTHS: QuotaSettings = { proration: 'months', ramp: [] };
const Q1 = { start: '2026-01-01', end: '2026-03-31' }; // 31 + 28 + 31 = 90 days
const Q2 = { start: '2026-04-01', end: '2026-06-30' }; // 91 days

const row = (start: string, end: string, major: number): QuotaSource => ({ start, end, amountMinor: BigInt(major) * 100n });
const YEAR_365K = row('2026-01-01', '2026-12-31', 365_000);
const Q1_90K = row('2026-01-01', '2026-03-31', 90_000);

describe('deriving the quota of a period from rows of any granularity', () => {
  it('a year quota viewed by quarter is pro rata by days', () => {
    // 365,000 / 365 days = 1,000 a day: Q1 90 days, Q2 91 days.
    expect(quotaForPeriod([YEAR_365K], Q1, DAYS)?.quotaMinor).toBe(9_000_000n);
    expect(quotaForPeriod([YEAR_365K], Q2, DAYS)?.quotaMinor).toBe(9_100_000n);
    // 100,000 × 90/365 = 24,657.534… → 24,657.53; × 91/365 = 24,931.506… → 24,931.51
    const year100k = row('2026-01-01', '2026-12-31', 100_000);
    expect(quotaForPeriod([year100k], Q1, DAYS)?.quotaMinor).toBe(2_465_753n);
    expect(quotaForPeriod([year100k], Q2, DAYS)?.quotaMinor).toBe(2_493_151n);
  });

  it('a fiscal year starting in February: FY2027-Q1 is 2026-02-01..2026-04-30 (89 days)', () => {
    const period = parsePeriod('FY2027-Q1', { fiscalYearStartMonth: 2, asOf: '2026-06-01' });
    expect([period.start, period.end]).toEqual(['2026-02-01', '2026-04-30']);
    const fy2027 = row('2026-02-01', '2027-01-31', 365_000); // 365 days: 1,000 a day → 89,000
    expect(quotaForPeriod([fy2027], period, DAYS)?.quotaMinor).toBe(8_900_000n);
  });

  it('monthly rows add up for a quarter; a range takes the days it covers', () => {
    const months = [row('2026-01-01', '2026-01-31', 10_000), row('2026-02-01', '2026-02-28', 20_000), row('2026-03-01', '2026-03-31', 30_000)];
    expect(quotaForPeriod(months, Q1, DAYS)?.quotaMinor).toBe(6_000_000n);
    // 2026-01-16..2026-02-14: 16/31 × 10,000 + 14/28 × 20,000 = 5,161.290… + 10,000 → 15,161.29
    expect(quotaForPeriod(months, { start: '2026-01-16', end: '2026-02-14' }, DAYS)?.quotaMinor).toBe(1_516_129n);
  });

  it('rounds once for the whole period, not per month', () => {
    // 100.00 over Q1 by month would be 34.44 + 31.11 + 34.44 = 99.99; exactly it is 100.00.
    expect(quotaForPeriod([row('2026-01-01', '2026-03-31', 100)], Q1, DAYS)?.quotaMinor).toBe(10_000n);
  });

  it('a seasonal distribution replaces days pro rata', () => {
    const flat: QuotaSettings = { ...DAYS, distribution: Array<number>(12).fill(1) };
    // Equal month weights: Q1 = 3/12 of 120,000 = 30,000 (by days it would be 90/365).
    expect(quotaForPeriod([row('2026-01-01', '2026-12-31', 120_000)], Q1, flat)?.quotaMinor).toBe(3_000_000n);
    // Weights 2,1,1,1,… (total 13): Q1 = (2 + 1 + 1)/13 × 130,000 = 40,000; January alone 20,000.
    const janHeavy: QuotaSettings = { ...DAYS, distribution: [2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] };
    const year130k = row('2026-01-01', '2026-12-31', 130_000);
    expect(quotaForPeriod([year130k], Q1, janHeavy)?.quotaMinor).toBe(4_000_000n);
    expect(quotaForPeriod([year130k], { start: '2026-01-01', end: '2026-01-31' }, janHeavy)?.quotaMinor).toBe(2_000_000n);
    // Within a month the share is spread by days: Jan 1..10 = 10/31 × 20,000 = 6,451.612… → 6,451.61
    expect(quotaForPeriod([year130k], { start: '2026-01-01', end: '2026-01-10' }, janHeavy)?.quotaMinor).toBe(645_161n);
  });

  it('overlapping rows: the shortest row covering a day wins', () => {
    const q2Row = row('2026-04-01', '2026-06-30', 50_000);
    const r = quotaForPeriod([YEAR_365K, q2Row], Q2, DAYS);
    expect(r).toEqual({ quotaMinor: 5_000_000n, proratedMinor: 5_000_000n, overlapping: true });
    // The whole year: 365,000 − 91,000 (the year row's Q2 days) + 50,000 = 324,000.
    expect(quotaForPeriod([YEAR_365K, q2Row], { start: '2026-01-01', end: '2026-12-31' }, DAYS)?.quotaMinor).toBe(32_400_000n);
  });

  it('no row sharing a day with the period → undefined (no quota, not zero)', () => {
    expect(quotaForPeriod([Q1_90K], Q2, DAYS)).toBeUndefined();
    expect(quotaForPeriod([], Q1, DAYS)).toBeUndefined();
  });

  it('converts a row in another currency with an exact factor', () => {
    // 1,000.00 EUR at 1.1 → 1,100.00 USD; 100,000 JPY at 0.0067 → 670.00 USD.
    const eur: QuotaSource = { ...row('2026-01-01', '2026-03-31', 1_000), toBase: quotaToBaseFactor({ coef: 11n, scale: 1 }, 'EUR', 'USD') };
    expect(quotaForPeriod([eur], Q1, DAYS)?.quotaMinor).toBe(110_000n);
    const jpy: QuotaSource = { start: '2026-01-01', end: '2026-03-31', amountMinor: 100_000n, toBase: quotaToBaseFactor({ coef: 67n, scale: 4 }, 'JPY', 'USD') };
    expect(quotaForPeriod([jpy], Q1, DAYS)?.quotaMinor).toBe(67_000n);
  });
});

describe('proration for hires and leavers', () => {
  it('a mid-quarter hire by days: hired 2026-02-15 → 14 + 31 = 45 of 90 days', () => {
    const r = quotaForPeriod([Q1_90K], Q1, DAYS, { hireDate: '2026-02-15', endDate: null });
    expect(r).toEqual({ quotaMinor: 9_000_000n, proratedMinor: 4_500_000n, overlapping: false });
  });

  it('a mid-quarter hire by months: only March is a whole month employed → 31/90 of the quarter row', () => {
    expect(quotaForPeriod([Q1_90K], Q1, MONTHS, { hireDate: '2026-02-15', endDate: null })?.proratedMinor).toBe(3_100_000n);
    // Hired on the 1st: February counts too → (28 + 31)/90 × 90,000 = 59,000.
    expect(quotaForPeriod([Q1_90K], Q1, MONTHS, { hireDate: '2026-02-01', endDate: null })?.proratedMinor).toBe(5_900_000n);
  });

  it('a leaver: last day 2026-01-20 → 20 of 90 days; by months nothing (January not whole)', () => {
    expect(quotaForPeriod([Q1_90K], Q1, DAYS, { hireDate: '2020-01-01', endDate: '2026-01-20' })?.proratedMinor).toBe(2_000_000n);
    expect(quotaForPeriod([Q1_90K], Q1, MONTHS, { hireDate: null, endDate: '2026-01-20' })?.proratedMinor).toBe(0n);
    // Leaving on the last day of February: January and February count by months → 59/90.
    expect(quotaForPeriod([Q1_90K], Q1, MONTHS, { hireDate: null, endDate: '2026-02-28' })?.proratedMinor).toBe(5_900_000n);
  });

  it('a year quota for a rep hired in the middle of the year: 1,000 a day from the hire date', () => {
    // Hired 2026-07-01: Jul..Dec = 184 days → 184,000 of the 365,000 year; Q1 gets nothing.
    const hire = { hireDate: '2026-07-01', endDate: null };
    expect(quotaForPeriod([YEAR_365K], { start: '2026-01-01', end: '2026-12-31' }, DAYS, hire)?.proratedMinor).toBe(18_400_000n);
    expect(quotaForPeriod([YEAR_365K], Q1, DAYS, hire)).toEqual({ quotaMinor: 9_000_000n, proratedMinor: 0n, overlapping: false });
  });
});

describe('ramp by tenure month', () => {
  const ramp: QuotaSettings = { proration: 'days', ramp: [25, 50, 75, 100] };

  it('hired 2026-01-01 with 25/50/75/100: Jan 31×25% + Feb 28×50% + Mar 31×75% = 45 of 90 days', () => {
    // 7.75 + 14 + 23.25 = 45 → 45/90 × 90,000 = 45,000.
    expect(quotaForPeriod([Q1_90K], Q1, ramp, { hireDate: '2026-01-01', endDate: null })?.proratedMinor).toBe(4_500_000n);
  });

  it('ramp and proration combine: hired 2026-02-15 with ramp [50] → 14 × 50% + 31 = 38 of 90 days', () => {
    const half: QuotaSettings = { proration: 'days', ramp: [50] };
    expect(quotaForPeriod([Q1_90K], Q1, half, { hireDate: '2026-02-15', endDate: null })?.proratedMinor).toBe(3_800_000n);
  });

  it('a rep past the schedule is fully ramped; no hire date means no ramp', () => {
    expect(quotaForPeriod([Q1_90K], Q1, ramp, { hireDate: '2025-06-01', endDate: null })?.proratedMinor).toBe(9_000_000n);
    expect(quotaForPeriod([Q1_90K], Q1, ramp, { hireDate: null, endDate: null })?.proratedMinor).toBe(9_000_000n);
  });

  it('fractional ramp percentages are exact: 33.3% of January (31/90 of 90,000 = 31,000) = 10,323.00', () => {
    const r = quotaForPeriod([Q1_90K], { start: '2026-01-01', end: '2026-01-31' }, { proration: 'days', ramp: [33.3] }, { hireDate: '2026-01-01', endDate: null });
    expect(r?.proratedMinor).toBe(1_032_300n);
  });
});

describe('a deriver for one period remembers results', () => {
  it('gives what quotaForPeriod gives, once per distinct rows and employment', () => {
    const ramp: QuotaSettings = { proration: 'days', ramp: [50, 100] };
    const derive = quotaDeriver(Q1, ramp);
    const q2Row = row('2026-01-01', '2026-03-31', 50_000);
    const cases: [QuotaSource[], { hireDate: string | null; endDate: string | null } | undefined][] = [
      [[Q1_90K], { hireDate: '2026-02-01', endDate: null }],
      [[Q1_90K], { hireDate: '2026-02-01', endDate: '2026-03-15' }],
      [[Q1_90K], { hireDate: null, endDate: null }],
      [[Q1_90K], undefined],
      // Same ranges, other order: on a tie the first row wins (rule 3), so these differ.
      [[Q1_90K, q2Row], { hireDate: null, endDate: null }],
      [[q2Row, Q1_90K], { hireDate: null, endDate: null }],
      [[{ ...Q1_90K, toBase: { coef: 11n, scale: 1 } }], { hireDate: null, endDate: null }],
      [[], { hireDate: null, endDate: null }],
    ];
    for (const [sources, employment] of cases) {
      const expected = quotaForPeriod(sources, Q1, ramp, employment);
      expect(derive(sources, employment)).toEqual(expected);
      expect(derive([...sources], employment === undefined ? undefined : { ...employment })).toBe(derive(sources, employment));
    }
    expect(derive([Q1_90K, q2Row], { hireDate: null, endDate: null })?.quotaMinor).toBe(9_000_000n);
    expect(derive([q2Row, Q1_90K], { hireDate: null, endDate: null })?.quotaMinor).toBe(5_000_000n);
  });
});
