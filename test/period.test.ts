import { describe, expect, it } from 'vitest';
import {
  ACCEPTED_PERIOD_FORMS,
  PeriodError,
  containsDate,
  fiscalYearOf,
  parsePeriod,
  periodDays,
  periodOfDate,
  previousPeriod,
  splitPeriod,
  type Period,
} from '../src/core/period.js';

const CAL = { fiscalYearStartMonth: 1 };
const FEB = { fiscalYearStartMonth: 2 };
const JUL = { fiscalYearStartMonth: 7 };
const asOf = '2026-03-31';

function span(p: Period): [string, string, string] {
  return [p.label, p.start, p.end];
}

function parseError(input: string, opts = { ...CAL, asOf }): PeriodError {
  try {
    parsePeriod(input, opts);
  } catch (error) {
    if (error instanceof PeriodError) return error;
    throw error;
  }
  throw new Error(`"${input}" parsed without error`);
}

describe('parsePeriod: calendar forms', () => {
  it('parses months, quarters, halves and years', () => {
    expect(parsePeriod('2026-10', { ...CAL, asOf })).toEqual({
      label: '2026-10',
      start: '2026-10-01',
      end: '2026-10-31',
      kind: 'month',
      fiscal: false,
    });
    expect(span(parsePeriod('2024-02', { ...CAL, asOf }))).toEqual(['2024-02', '2024-02-01', '2024-02-29']);
    expect(span(parsePeriod('2026-Q3', { ...CAL, asOf }))).toEqual(['2026-Q3', '2026-07-01', '2026-09-30']);
    expect(span(parsePeriod('2026-H1', { ...CAL, asOf }))).toEqual(['2026-H1', '2026-01-01', '2026-06-30']);
    expect(span(parsePeriod('2026-H2', { ...CAL, asOf }))).toEqual(['2026-H2', '2026-07-01', '2026-12-31']);
    expect(span(parsePeriod('2026', { ...CAL, asOf }))).toEqual(['2026', '2026-01-01', '2026-12-31']);
  });

  it('keeps 2026-Q3 a calendar quarter whatever the fiscal year', () => {
    const q3 = parsePeriod('2026-Q3', { ...FEB, asOf });
    expect(span(q3)).toEqual(['2026-Q3', '2026-07-01', '2026-09-30']);
    expect(q3.fiscal).toBe(false);
    expect(span(parsePeriod('2026', { ...JUL, asOf }))).toEqual(['2026', '2026-01-01', '2026-12-31']);
  });

  it('is case-insensitive and trims', () => {
    expect(span(parsePeriod('  2026-q3 ', { ...CAL, asOf }))).toEqual(['2026-Q3', '2026-07-01', '2026-09-30']);
    expect(span(parsePeriod('fy2027-h2', { ...FEB, asOf }))).toEqual(['FY2027-H2', '2026-08-01', '2027-01-31']);
    expect(parsePeriod(' Last-Month\n', { ...CAL, asOf }).label).toBe('2026-02');
  });

  it('counts 2026-03-31 in March, Q1, H1 and 2026', () => {
    for (const label of ['2026-03', '2026-Q1', '2026-H1', '2026']) {
      expect(containsDate(parsePeriod(label, { ...CAL, asOf }), '2026-03-31')).toBe(true);
    }
    expect(containsDate(parsePeriod('2026-Q2', { ...CAL, asOf }), '2026-03-31')).toBe(false);
    expect(periodOfDate('2026-03-31', 'month', CAL).label).toBe('2026-03');
    expect(periodOfDate('2026-03-31', 'quarter', CAL).label).toBe('2026-Q1');
  });
});

describe('parsePeriod: fiscal forms', () => {
  it('names a fiscal year by the calendar year in which it ends', () => {
    expect(span(parsePeriod('FY2027', { ...FEB, asOf }))).toEqual(['FY2027', '2026-02-01', '2027-01-31']);
    expect(span(parsePeriod('FY2027', { ...JUL, asOf }))).toEqual(['FY2027', '2026-07-01', '2027-06-30']);
    // With a January start the fiscal year is the calendar year.
    expect(span(parsePeriod('FY2027', { ...CAL, asOf }))).toEqual(['FY2027', '2027-01-01', '2027-12-31']);
  });

  it('cuts fiscal quarters, halves and months from the fiscal year start', () => {
    const opts = { ...FEB, asOf };
    expect(span(parsePeriod('FY2027-Q1', opts))).toEqual(['FY2027-Q1', '2026-02-01', '2026-04-30']);
    expect(span(parsePeriod('FY2027-Q4', opts))).toEqual(['FY2027-Q4', '2026-11-01', '2027-01-31']);
    expect(span(parsePeriod('FY2027-H1', opts))).toEqual(['FY2027-H1', '2026-02-01', '2026-07-31']);
    expect(span(parsePeriod('FY2027-P01', opts))).toEqual(['FY2027-P01', '2026-02-01', '2026-02-28']);
    expect(span(parsePeriod('FY2027-P12', opts))).toEqual(['FY2027-P12', '2027-01-01', '2027-01-31']);
    expect(span(parsePeriod('FY2027-P1', opts))).toEqual(['FY2027-P01', '2026-02-01', '2026-02-28']);
    // July start: FY2025-Q3 = third quarter from 2024-07-01 = 2025-01-01..2025-03-31.
    expect(span(parsePeriod('FY2025-Q3', { ...JUL, asOf }))).toEqual(['FY2025-Q3', '2025-01-01', '2025-03-31']);
  });

  it('knows the fiscal year of a date', () => {
    expect(fiscalYearOf('2026-01-31', FEB)).toBe(2026); // last day of FY2026
    expect(fiscalYearOf('2026-02-01', FEB)).toBe(2027); // first day of FY2027
    expect(fiscalYearOf('2026-06-30', JUL)).toBe(2026);
    expect(fiscalYearOf('2026-07-01', JUL)).toBe(2027);
    expect(fiscalYearOf('2026-12-31', CAL)).toBe(2026);
  });

  it('labels periodOfDate in fiscal form when the fiscal year does not start in January', () => {
    expect(span(periodOfDate('2026-03-31', 'quarter', FEB))).toEqual(['FY2027-Q1', '2026-02-01', '2026-04-30']);
    expect(span(periodOfDate('2026-01-15', 'year', FEB))).toEqual(['FY2026', '2025-02-01', '2026-01-31']);
    expect(span(periodOfDate('2026-03-31', 'half', JUL))).toEqual(['FY2026-H2', '2026-01-01', '2026-06-30']);
    // Months are the same in both calendars and keep the plain label.
    expect(span(periodOfDate('2026-03-31', 'month', FEB))).toEqual(['2026-03', '2026-03-01', '2026-03-31']);
  });
});

describe('parsePeriod: ranges', () => {
  it('parses inclusive ranges', () => {
    const range = parsePeriod('2026-10-01..2026-12-15', { ...CAL, asOf });
    expect(range).toEqual({
      label: '2026-10-01..2026-12-15',
      start: '2026-10-01',
      end: '2026-12-15',
      kind: 'range',
      fiscal: false,
    });
    expect(periodDays(range)).toBe(76); // 31 (Oct) + 30 (Nov) + 15 (Dec)
    expect(span(parsePeriod('2026-05-05 .. 2026-05-05', { ...CAL, asOf }))).toEqual([
      '2026-05-05..2026-05-05',
      '2026-05-05',
      '2026-05-05',
    ]);
  });
});

describe('parsePeriod: relative forms', () => {
  it('resolves calendar relative periods against the as-of date', () => {
    const opts = { ...CAL, asOf: '2026-01-15' };
    expect(span(parsePeriod('this-month', opts))).toEqual(['2026-01', '2026-01-01', '2026-01-31']);
    expect(span(parsePeriod('last-month', opts))).toEqual(['2025-12', '2025-12-01', '2025-12-31']);
    expect(span(parsePeriod('this-quarter', opts))).toEqual(['2026-Q1', '2026-01-01', '2026-03-31']);
    expect(span(parsePeriod('last-quarter', opts))).toEqual(['2025-Q4', '2025-10-01', '2025-12-31']);
    expect(span(parsePeriod('this-half', opts))).toEqual(['2026-H1', '2026-01-01', '2026-06-30']);
    expect(span(parsePeriod('last-half', opts))).toEqual(['2025-H2', '2025-07-01', '2025-12-31']);
    expect(span(parsePeriod('this-year', opts))).toEqual(['2026', '2026-01-01', '2026-12-31']);
    expect(span(parsePeriod('last-year', opts))).toEqual(['2025', '2025-01-01', '2025-12-31']);
  });

  it('follows the fiscal calendar for quarters, halves and years', () => {
    // Feb start: 2026-01-15 is in the 12th fiscal month of FY2026 (2025-02-01..2026-01-31) → Q4.
    const opts = { ...FEB, asOf: '2026-01-15' };
    expect(span(parsePeriod('this-quarter', opts))).toEqual(['FY2026-Q4', '2025-11-01', '2026-01-31']);
    expect(span(parsePeriod('last-quarter', opts))).toEqual(['FY2026-Q3', '2025-08-01', '2025-10-31']);
    expect(span(parsePeriod('this-year', opts))).toEqual(['FY2026', '2025-02-01', '2026-01-31']);
    expect(span(parsePeriod('last-year', opts))).toEqual(['FY2025', '2024-02-01', '2025-01-31']);
    expect(span(parsePeriod('last-half', opts))).toEqual(['FY2026-H1', '2025-02-01', '2025-07-31']);
    expect(span(parsePeriod('last-month', opts))).toEqual(['2025-12', '2025-12-01', '2025-12-31']);
  });

  it('crosses year ends for last-month', () => {
    expect(parsePeriod('last-month', { ...CAL, asOf: '2026-01-01' }).label).toBe('2025-12');
    expect(parsePeriod('last-month', { ...CAL, asOf: '2024-03-31' }).end).toBe('2024-02-29');
  });
});

describe('parsePeriod: errors', () => {
  it('explains what was wrong and lists the accepted forms', () => {
    const error = parseError('2026-13');
    expect(error.message).toBe('invalid period "2026-13": month 13 does not exist (use 01..12)');
    expect(error.name).toBe('PeriodError');
    expect(error.accepted).toEqual([...ACCEPTED_PERIOD_FORMS]);
    expect(error.accepted.some((form) => form.startsWith('FY2027-Q1'))).toBe(true);
    expect(error.accepted.some((form) => form.includes('last-quarter'))).toBe(true);
  });

  it.each([
    ['2026-12-15..2026-10-01', 'range end 2026-10-01 is before start 2026-12-15'],
    ['2026-02-30..2026-03-10', '2026-02-30 is not a valid YYYY-MM-DD date'],
    ['2026-00', 'month 00 does not exist'],
    ['2026-Q5', 'quarter Q5 does not exist'],
    ['2026-Q0', 'quarter Q0 does not exist'],
    ['2026-H3', 'half H3 does not exist'],
    ['FY2027-P13', 'fiscal month P13 does not exist'],
    ['FY2027-03', 'fiscal months are written with P, e.g. FY2027-P03'],
    ['2026-P03', 'fiscal months need the FY prefix'],
    ['2026-3', 'two digits, e.g. 2026-03'],
    ['2026-10-01', 'a single date is not a period'],
    ['0000', 'year 0 is outside'],
    ['FY0001', 'year 1 is outside the supported years 2..9999'],
    ['', 'no period given'],
    ['next-month', 'not a recognised period form'],
    ['Q3 2026', 'not a recognised period form'],
    ['this_month', 'not a recognised period form'],
  ])('rejects %j', (input, reason) => {
    expect(parseError(input, { ...FEB, asOf }).message).toContain(reason);
  });

  it('rejects an invalid as-of date for relative periods', () => {
    expect(parseError('this-month', { ...CAL, asOf: '2026-02-30' }).message).toContain('as-of date');
  });

  it('rejects a fiscal start month outside 1..12', () => {
    expect(() => parsePeriod('2026', { fiscalYearStartMonth: 13, asOf })).toThrow(RangeError);
  });
});

describe('period arithmetic', () => {
  it('finds the previous period of the same kind', () => {
    const prev = (label: string, opts = CAL) => span(previousPeriod(parsePeriod(label, { ...opts, asOf }), opts));
    expect(prev('2026-01')).toEqual(['2025-12', '2025-12-01', '2025-12-31']);
    expect(prev('2026-Q1')).toEqual(['2025-Q4', '2025-10-01', '2025-12-31']);
    expect(prev('2026-H1')).toEqual(['2025-H2', '2025-07-01', '2025-12-31']);
    expect(prev('2026')).toEqual(['2025', '2025-01-01', '2025-12-31']);
    expect(prev('FY2027-Q1', FEB)).toEqual(['FY2026-Q4', '2025-11-01', '2026-01-31']);
    expect(prev('FY2027-P01', FEB)).toEqual(['FY2026-P12', '2026-01-01', '2026-01-31']);
    // A calendar quarter stays calendar even with a fiscal start month.
    expect(prev('2026-Q1', FEB)).toEqual(['2025-Q4', '2025-10-01', '2025-12-31']);
    // Ranges: the same number of days (76) ending the day before the start.
    expect(prev('2026-10-01..2026-12-15')).toEqual(['2026-07-17..2026-09-30', '2026-07-17', '2026-09-30']);
  });

  it('refuses a fiscal period cut under a different fiscal start month', () => {
    const q1 = parsePeriod('FY2027-Q1', { ...FEB, asOf });
    expect(() => previousPeriod(q1, JUL)).toThrow(PeriodError);
  });

  it('splits a range into clipped months and quarters', () => {
    const range = parsePeriod('2026-10-15..2027-02-10', { ...CAL, asOf });
    expect(splitPeriod(range, 'month', CAL).map(span)).toEqual([
      ['2026-10-15..2026-10-31', '2026-10-15', '2026-10-31'],
      ['2026-11', '2026-11-01', '2026-11-30'],
      ['2026-12', '2026-12-01', '2026-12-31'],
      ['2027-01', '2027-01-01', '2027-01-31'],
      ['2027-02-01..2027-02-10', '2027-02-01', '2027-02-10'],
    ]);
    expect(splitPeriod(range, 'quarter', CAL).map(span)).toEqual([
      ['2026-10-15..2026-12-31', '2026-10-15', '2026-12-31'],
      ['2027-01-01..2027-02-10', '2027-01-01', '2027-02-10'],
    ]);
    // With a February start the same range falls in FY2027-Q4 (2026-11-01..2027-01-31) and around it.
    expect(splitPeriod(range, 'quarter', FEB).map((p) => p.label)).toEqual([
      '2026-10-15..2026-10-31',
      'FY2027-Q4',
      '2027-02-01..2027-02-10',
    ]);
  });

  it('splits whole periods in their own calendar', () => {
    const fy = parsePeriod('FY2027', { ...FEB, asOf });
    expect(splitPeriod(fy, 'quarter', FEB).map((p) => p.label)).toEqual([
      'FY2027-Q1',
      'FY2027-Q2',
      'FY2027-Q3',
      'FY2027-Q4',
    ]);
    expect(splitPeriod(fy, 'month', FEB).map((p) => p.label)).toEqual([
      '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07',
      '2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2027-01',
    ]);
    const year = parsePeriod('2026', { ...FEB, asOf });
    expect(splitPeriod(year, 'quarter', FEB).map((p) => p.label)).toEqual([
      '2026-Q1',
      '2026-Q2',
      '2026-Q3',
      '2026-Q4',
    ]);
  });

  it('counts days', () => {
    expect(periodDays(parsePeriod('2024', { ...CAL, asOf }))).toBe(366);
    expect(periodDays(parsePeriod('2026-Q1', { ...CAL, asOf }))).toBe(90); // 31 + 28 + 31
    expect(periodDays(parsePeriod('FY2025', { ...FEB, asOf }))).toBe(366); // 2024-02-01..2025-01-31 holds 2024-02-29
  });
});
