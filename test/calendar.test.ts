import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  compareDates,
  dateParts,
  daysBetween,
  daysInclusive,
  daysInMonth,
  endOfMonth,
  excelSerialToIso,
  fromDayNumber,
  isLeapYear,
  isValidIsoDate,
  makeDate,
  maxDate,
  minDate,
  overlapDays,
  startOfMonth,
  toDayNumber,
  todayIso,
} from '../src/core/calendar.js';

describe('validity and leap years', () => {
  it('knows the Gregorian leap-year rule', () => {
    expect(isLeapYear(2024)).toBe(true); // divisible by 4
    expect(isLeapYear(2026)).toBe(false);
    expect(isLeapYear(1900)).toBe(false); // century not divisible by 400
    expect(isLeapYear(2000)).toBe(true); // divisible by 400
  });

  it('accepts existing dates and rejects impossible ones', () => {
    expect(isValidIsoDate('2024-02-29')).toBe(true);
    expect(isValidIsoDate('2000-02-29')).toBe(true);
    expect(isValidIsoDate('2026-02-29')).toBe(false);
    expect(isValidIsoDate('1900-02-29')).toBe(false);
    expect(isValidIsoDate('2026-04-31')).toBe(false);
    expect(isValidIsoDate('2026-13-01')).toBe(false);
    expect(isValidIsoDate('2026-00-10')).toBe(false);
    expect(isValidIsoDate('2026-01-00')).toBe(false);
    expect(isValidIsoDate('0000-01-01')).toBe(false);
    expect(isValidIsoDate('2026-3-31')).toBe(false);
    expect(isValidIsoDate('2026-03-31T00:00')).toBe(false);
    expect(isValidIsoDate(' 2026-03-31')).toBe(false);
    expect(isValidIsoDate('03/31/2026')).toBe(false);
  });

  it('makes dates with range checks', () => {
    expect(makeDate(2026, 2, 30)).toBeUndefined();
    expect(makeDate(2026, 2, 28)).toBe('2026-02-28');
    expect(makeDate(2024, 2, 29)).toBe('2024-02-29');
    expect(makeDate(2026, 1, 1.5)).toBeUndefined();
    expect(makeDate(10000, 1, 1)).toBeUndefined();
    expect(makeDate(5, 7, 4)).toBe('0005-07-04');
  });

  it('knows month lengths', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2026, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(() => daysInMonth(2026, 13)).toThrow(RangeError);
  });

  it('throws on invalid input to arithmetic', () => {
    expect(() => toDayNumber('2026-02-30')).toThrow(RangeError);
    expect(() => dateParts('nope')).toThrow(/not a valid/);
    expect(() => fromDayNumber(1.5)).toThrow(RangeError);
  });
});

describe('day numbers', () => {
  it('counts days from 1970-01-01', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(fromDayNumber(-1)).toBe('1969-12-31');
    // 30 years of 365 days plus 7 leap days (1972..1996) = 10957.
    expect(toDayNumber('2000-01-01')).toBe(10_957);
    // 56 years × 365 + 14 leap days (1972..2024) = 20454 for 2026-01-01; + 31 + 28 + 30 = 20543.
    expect(toDayNumber('2026-03-31')).toBe(20_543);
    expect(fromDayNumber(20_543)).toBe('2026-03-31');
  });

  it('round-trips and agrees with the UTC clock for years 0001..9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: -719_162, max: 2_932_896 }), (n) => {
        const date = fromDayNumber(n);
        expect(toDayNumber(date)).toBe(n);
        // Independent oracle: UTC milliseconds have no time-zone shift.
        expect(new Date(n * 86_400_000).toISOString().slice(0, 10)).toBe(date);
      }),
      { numRuns: 2_000 },
    );
  });

  it('rejects day numbers outside years 0001..9999', () => {
    expect(fromDayNumber(-719_162)).toBe('0001-01-01');
    expect(fromDayNumber(2_932_896)).toBe('9999-12-31');
    expect(() => fromDayNumber(-719_163)).toThrow(RangeError);
    expect(() => fromDayNumber(2_932_897)).toThrow(RangeError);
  });
});

describe('adding days and months', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-03-31', 1)).toBe('2026-04-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('clamps addMonths to the month end', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-05-31', 1)).toBe('2026-06-30');
    expect(addMonths('2026-11-15', 2)).toBe('2027-01-15');
    expect(addMonths('2026-02-15', -14)).toBe('2024-12-15');
    expect(addMonths('2026-10-10', 0)).toBe('2026-10-10');
  });

  it('measures distances', () => {
    expect(daysBetween('2026-01-01', '2026-03-31')).toBe(89); // 30 + 28 + 31 days later
    expect(daysBetween('2026-03-31', '2026-01-01')).toBe(-89);
    expect(daysInclusive('2026-01-01', '2026-03-31')).toBe(90); // Q1 2026: 31 + 28 + 31
    expect(daysInclusive('2024-01-01', '2024-12-31')).toBe(366);
    expect(daysInclusive('2026-05-05', '2026-05-05')).toBe(1);
    expect(daysInclusive('2026-05-05', '2026-05-01')).toBe(0); // empty range
  });

  it('keeps addDays and daysBetween consistent', () => {
    const dayNumber = fc.integer({ min: -25_000, max: 100_000 });
    fc.assert(
      fc.property(dayNumber, fc.integer({ min: -5_000, max: 5_000 }), (n, k) => {
        const a = fromDayNumber(n);
        const b = addDays(a, k);
        expect(daysBetween(a, b)).toBe(k);
        expect(addDays(b, -k)).toBe(a);
        expect(Math.sign(compareDates(a, b))).toBe(Math.sign(-k) + 0);
      }),
      { numRuns: 1_000 },
    );
  });

  it('moves addMonths to the right month and never past its end', () => {
    fc.assert(
      fc.property(fc.integer({ min: -25_000, max: 100_000 }), fc.integer({ min: -240, max: 240 }), (n, k) => {
        const date = fromDayNumber(n);
        const from = dateParts(date);
        const to = dateParts(addMonths(date, k));
        expect(to.year * 12 + to.month).toBe(from.year * 12 + from.month + k);
        expect(to.day).toBe(Math.min(from.day, daysInMonth(to.year, to.month)));
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('months, comparison and overlap', () => {
  it('finds month bounds', () => {
    expect(startOfMonth('2026-03-31')).toBe('2026-03-01');
    expect(endOfMonth('2024-02-10')).toBe('2024-02-29');
    expect(endOfMonth('2026-02-10')).toBe('2026-02-28');
  });

  it('compares and picks extremes', () => {
    expect(compareDates('2026-03-31', '2026-04-01')).toBe(-1);
    expect(compareDates('2026-04-01', '2026-03-31')).toBe(1);
    expect(compareDates('2026-04-01', '2026-04-01')).toBe(0);
    expect(['2026-12-01', '2025-01-31', '2026-02-01'].sort(compareDates)).toEqual([
      '2025-01-31',
      '2026-02-01',
      '2026-12-01',
    ]);
    expect(minDate('2026-05-01', '2026-04-30', '2026-06-01')).toBe('2026-04-30');
    expect(maxDate('2026-05-01', '2026-04-30', '2026-06-01')).toBe('2026-06-01');
    expect(minDate('2026-05-01')).toBe('2026-05-01');
  });

  it('counts overlapping days of inclusive ranges', () => {
    // Q1 2026 vs 2026-03-15..2026-04-10: 03-15..03-31 = 17 days.
    expect(overlapDays('2026-01-01', '2026-03-31', '2026-03-15', '2026-04-10')).toBe(17);
    expect(overlapDays('2026-01-01', '2026-01-31', '2026-01-31', '2026-02-28')).toBe(1); // touch on one day
    expect(overlapDays('2026-01-01', '2026-01-30', '2026-01-31', '2026-02-28')).toBe(0); // adjacent
    expect(overlapDays('2026-06-01', '2026-06-30', '2026-01-01', '2026-02-01')).toBe(0); // disjoint
    expect(overlapDays('2024-01-01', '2024-12-31', '2024-02-01', '2024-02-29')).toBe(29); // contained
  });
});

describe('today and Excel serials', () => {
  it('reads the local calendar date of an instant', () => {
    // Constructed from local fields, so the expected date holds in every time zone.
    expect(todayIso(new Date(2026, 2, 31, 23, 59, 59))).toBe('2026-03-31');
    expect(todayIso(new Date(2026, 3, 1, 0, 0, 0))).toBe('2026-04-01');
    expect(() => todayIso(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('converts 1900-system serials, skipping the fictitious 1900-02-29', () => {
    expect(excelSerialToIso(1)).toBe('1900-01-01');
    expect(excelSerialToIso(59)).toBe('1900-02-28');
    expect(excelSerialToIso(60)).toBeUndefined();
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    // 1899-12-30 is day −25569, so 45000 is day 19431 = 2023-01-01 (day 19358) + 73 = 2023-03-15.
    expect(excelSerialToIso(45_000)).toBe('2023-03-15');
    expect(excelSerialToIso(25_569)).toBe('1970-01-01');
    expect(excelSerialToIso(46_112.75)).toBe('2026-03-31'); // 18:00 on 2026-03-31; time dropped
    expect(excelSerialToIso(2_958_465)).toBe('9999-12-31');
    expect(excelSerialToIso(2_958_466)).toBeUndefined();
    expect(excelSerialToIso(0)).toBeUndefined();
    expect(excelSerialToIso(-3)).toBeUndefined();
    expect(excelSerialToIso(Number.NaN)).toBeUndefined();
  });
});
