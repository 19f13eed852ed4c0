import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateOrderEvidence, isoFromExcelSerial, isoFromYmd, parseDate, type DateOrder } from '../src/ingest/parse-date.js';

describe('parseDate: accepted formats', () => {
  it.each<[string, DateOrder | undefined, string]>([
    ['2026-03-31', undefined, '2026-03-31'],
    ['2026/03/31', undefined, '2026-03-31'],
    ['2026-3-5', undefined, '2026-03-05'],
    // Timestamps: the calendar date is the date as written, whatever the offset.
    ['2026-03-31T23:30:00Z', undefined, '2026-03-31'],
    ['2026-03-31T23:30:00+02:00', undefined, '2026-03-31'],
    ['2026-03-31T23:30:00.000-08:00', undefined, '2026-03-31'],
    ['2026-03-31T23:30:00.000Z', undefined, '2026-03-31'],
    ['2026-03-31T23:30', undefined, '2026-03-31'],
    ['2026-04-01T00:30:00+14:00', undefined, '2026-04-01'],
    ['2026-03-31 14:05', undefined, '2026-03-31'],
    ['2026-03-31 14:05:00', undefined, '2026-03-31'],
    ['3/31/2026', undefined, '2026-03-31'],
    ['03/31/26', undefined, '2026-03-31'],
    ['02/23/26 08:55 PM', undefined, '2026-02-23'],
    ['2/3/24', 'MDY', '2024-02-03'],
    ['2/3/24', 'DMY', '2024-03-02'],
    ['31.03.2026', undefined, '2026-03-31'],
    ['01.02.2026', 'MDY', '2026-02-01'], // dot dates are day first whatever the order
    ['31-03-2026', undefined, '2026-03-31'],
    ['15/07/2026 10:00', 'DMY', '2026-07-15'],
    ['15 Jul 2026', undefined, '2026-07-15'],
    ['15 July 2026', undefined, '2026-07-15'],
    ['Jul 15, 2026', undefined, '2026-07-15'],
    ['July 15 2026', undefined, '2026-07-15'],
    ['15-Jul-2026', undefined, '2026-07-15'],
    ['15-jul-26', undefined, '2026-07-15'],
    ['Sept 5, 2026', undefined, '2026-09-05'],
    ['Wed, 15 Jul 2026', undefined, '2026-07-15'],
    ['Jul 15, 2026 3:00 PM', undefined, '2026-07-15'],
    ['03/03/2026', undefined, '2026-03-03'], // both readings agree
    ['13/04/2026', undefined, '2026-04-13'], // only day first works
    ['04/13/2026', undefined, '2026-04-13'], // only month first works
    ['03/04/2026', 'MDY', '2026-03-04'],
    ['03/04/2026', 'DMY', '2026-04-03'],
    ['2/29/2024', undefined, '2024-02-29'], // 2024 is a leap year
    ['2/29/2000', 'MDY', '2000-02-29'], // divisible by 400: leap
    // Two-digit years: 00–69 → 20xx, 70–99 → 19xx.
    ['1/13/69', undefined, '2069-01-13'],
    ['1/13/70', undefined, '1970-01-13'],
    ['12/31/99', undefined, '1999-12-31'],
    ['1/13/00', undefined, '2000-01-13'],
    // Excel serials (1900 system): date = 1899-12-30 + serial days (checked with Python's
    // datetime.date(1899, 12, 30) + timedelta(days=serial)).
    ['45382', undefined, '2024-03-31'],
    ['45382.75', undefined, '2024-03-31'],
    ['20000', undefined, '1954-10-03'],
    ['80000', undefined, '2119-01-11'],
  ])('%j (order %s) → %s', (raw, order, iso) => {
    expect(parseDate(raw, order)).toEqual({ ok: true, iso });
  });
});

describe('parseDate: refusals', () => {
  it.each<[string, DateOrder | undefined, string]>([
    ['2/30/2026', undefined, 'February 30 does not exist'],
    ['2/30/2026', 'MDY', 'February 30 does not exist'],
    ['2/29/2026', undefined, 'February 29 does not exist in 2026 (not a leap year)'],
    ['2/29/1900', 'MDY', 'February 29 does not exist in 1900 (not a leap year)'],
    ['4/31/2026', undefined, 'April 31 does not exist'],
    ['2026-13-01', undefined, 'month 13 does not exist'],
    ['2026-00-10', undefined, 'month 0 does not exist'],
    ['0000-01-01', undefined, 'year 0 is out of range'],
    ['13/13/2026', undefined, '13 cannot be a month'],
    ['14/13/2026', undefined, 'neither 14 nor 13 can be a month'],
    ['13/04/2026', 'MDY', 'month 13 does not exist'],
    ['2026-03-31 25:00', undefined, 'the time 25:00 is not valid'],
    ['2026-03-31T24:30:00Z', undefined, 'the time 24:30 is not valid'],
    ['2026-02-30T10:00:00Z', undefined, 'February 30 does not exist'],
    ['02/23/26 13:55 PM', undefined, 'the time 13:55 is not valid'],
    ['15 Foo 2026', undefined, '"Foo" is not an English month name'],
    ['1234', undefined, 'a bare number that is not an Excel date serial (20000–80000)'],
    ['19999', undefined, 'a bare number that is not an Excel date serial (20000–80000)'],
    ['80001', undefined, 'a bare number that is not an Excel date serial (20000–80000)'],
    ['next Tuesday', undefined, 'not a date format spm knows'],
    ['', undefined, 'empty'],
  ])('%j (order %s): %s', (raw, order, reason) => {
    const r = parseDate(raw, order);
    expect(r).toMatchObject({ ok: false, reason });
    if (!r.ok) expect(r.ambiguous).toBeUndefined();
  });

  it('says which order a refused date looks like', () => {
    expect(parseDate('13/04/2026', 'MDY')).toMatchObject({
      hint: 'the file\'s dates are read as month/day/year; "13/04/2026" looks day first (DMY): check --date-format',
    });
  });

  it('calls a date ambiguous when the order is unknown and both readings are dates', () => {
    expect(parseDate('03/04/2026', undefined)).toEqual({
      ok: false,
      ambiguous: true,
      reason: '"03/04/2026" could be month/day or day/month',
      hint: 'pass --date-format MDY or DMY to say how this file writes dates',
    });
    expect(parseDate('1/2/26 10:00 AM', undefined)).toMatchObject({ ok: false, ambiguous: true });
    // A year-first order says nothing about day/month: year-last values are still inferred.
    expect(parseDate('03/04/2026', 'YMD')).toMatchObject({ ok: false, ambiguous: true });
    expect(parseDate('13/04/2026', 'YMD')).toEqual({ ok: true, iso: '2026-04-13' });
  });
});

describe('dateOrderEvidence', () => {
  it.each<[string, 'MDY' | 'DMY' | undefined]>([
    ['13/04/2026', 'DMY'],
    ['31-12-2026', 'DMY'],
    ['04/13/2026', 'MDY'],
    ['02/23/26 08:55 PM', 'MDY'],
    ['03/04/2026', undefined],
    ['03/03/2026', undefined],
    ['31.03.2026', undefined], // dot dates are day first anyway
    ['2026-03-31', undefined],
    ['15 Jul 2026', undefined],
    ['31/02/2026', undefined], // not a date either way
    ['45382', undefined],
  ])('%j proves %s', (raw, order) => {
    expect(dateOrderEvidence(raw)).toBe(order);
  });
});

describe('calendar helpers', () => {
  it('validates year-month-day', () => {
    expect(isoFromYmd(2024, 2, 29)).toBe('2024-02-29');
    expect(isoFromYmd(2026, 2, 29)).toBeUndefined();
    expect(isoFromYmd(2100, 2, 29)).toBeUndefined(); // divisible by 100, not 400
    expect(isoFromYmd(2026, 12, 31)).toBe('2026-12-31');
    expect(isoFromYmd(2026, 6, 31)).toBeUndefined();
    expect(isoFromYmd(2026, 1, 0)).toBeUndefined();
  });

  it("follows Excel's 1900 system, fictitious 1900-02-29 included", () => {
    expect(isoFromExcelSerial(1)).toBe('1900-01-01');
    expect(isoFromExcelSerial(59)).toBe('1900-02-28');
    expect(isoFromExcelSerial(60)).toBeUndefined();
    expect(isoFromExcelSerial(61)).toBe('1900-03-01');
    expect(isoFromExcelSerial(25_569)).toBe('1970-01-01');
    expect(isoFromExcelSerial(46_112)).toBe('2026-03-31');
    expect(isoFromExcelSerial(2_958_465)).toBe('9999-12-31');
    expect(isoFromExcelSerial(0)).toBeUndefined();
  });

  it('agrees with UTC day arithmetic for every serial in the accepted range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 2_958_465 }), (serial) => {
        // Oracle: 1899-12-30 (UTC) plus `serial` days.
        const oracle = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
        expect(isoFromExcelSerial(serial)).toBe(oracle);
      }),
      { numRuns: 2_000 },
    );
  });

  it('reads back any real date written month-first, day-first or as ISO', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2199 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        const iso = isoFromYmd(y, m, d);
        const oracle = new Date(Date.UTC(y, m - 1, d));
        const real = oracle.getUTCDate() === d; // Date.UTC rolls an impossible day into the next month
        expect(iso !== undefined).toBe(real);
        if (iso === undefined) return;
        expect(parseDate(`${m}/${d}/${y}`, 'MDY')).toEqual({ ok: true, iso });
        expect(parseDate(`${d}/${m}/${y}`, 'DMY')).toEqual({ ok: true, iso });
        expect(parseDate(`${d}.${m}.${y}`, undefined)).toEqual({ ok: true, iso });
        expect(parseDate(iso, undefined)).toEqual({ ok: true, iso });
      }),
      { numRuns: 1_000 },
    );
  });
});
