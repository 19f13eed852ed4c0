import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, fromDayNumber, toDayNumber } from '../src/core/calendar.js';
import {
  containsDate,
  parsePeriod,
  periodDays,
  periodOfDate,
  previousPeriod,
  splitPeriod,
  type Period,
  type PeriodUnit,
} from '../src/core/period.js';

const RUNS = { numRuns: 1_000 };
const UNITS: PeriodUnit[] = ['month', 'quarter', 'half', 'year'];
const UNIT_DAYS: Record<PeriodUnit, [number, number]> = {
  month: [28, 31],
  quarter: [89, 92],
  half: [181, 184],
  year: [365, 366],
};

/** Dates 1900-01-01..2199-12-31. */
const date = fc
  .integer({ min: toDayNumber('1900-01-01'), max: toDayNumber('2199-12-31') })
  .map(fromDayNumber);
const startMonth = fc.integer({ min: 1, max: 12 });
const unit = fc.constantFrom(...UNITS);

function expectContiguous(pieces: Period[]): void {
  for (let i = 1; i < pieces.length; i++) {
    const before = pieces[i - 1];
    const after = pieces[i];
    if (before === undefined || after === undefined) throw new Error('missing piece');
    expect(after.start).toBe(addDays(before.end, 1));
  }
}

describe('periods tile the calendar', () => {
  it('puts every day in exactly one month, quarter, half and year for every fiscal start', () => {
    fc.assert(
      fc.property(date, startMonth, unit, fc.nat(), (d, s, u, pick) => {
        const opts = { fiscalYearStartMonth: s };
        const p = periodOfDate(d, u, opts);
        expect(containsDate(p, d)).toBe(true);
        const [minDays, maxDays] = UNIT_DAYS[u];
        expect(periodDays(p)).toBeGreaterThanOrEqual(minDays);
        expect(periodDays(p)).toBeLessThanOrEqual(maxDays);
        // Every other day of p maps back to p: the units partition the days.
        const other = addDays(p.start, pick % periodDays(p));
        expect(periodOfDate(other, u, opts)).toEqual(p);
        // The neighbours are different units that touch p without overlapping it.
        const before = periodOfDate(addDays(p.start, -1), u, opts);
        const after = periodOfDate(addDays(p.end, 1), u, opts);
        expect(before.end).toBe(addDays(p.start, -1));
        expect(after.start).toBe(addDays(p.end, 1));
        expect(previousPeriod(p, opts)).toEqual(before);
        expect(containsDate(before, d) || containsDate(after, d)).toBe(false);
        // Fiscal form exactly when the unit depends on the fiscal start.
        expect(p.fiscal).toBe(u !== 'month' && s !== 1);
      }),
      RUNS,
    );
  });

  it('partitions each (fiscal) year into quarters, halves and months without gap or overlap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1901, max: 2199 }), startMonth, fc.boolean(), (year, s, fy) => {
        const opts = { fiscalYearStartMonth: s, asOf: '2026-03-31' };
        const prefix = fy ? `FY${year}` : `${year}`;
        const whole = parsePeriod(prefix, opts);
        const parts = [
          [1, 2, 3, 4].map((q) => parsePeriod(`${prefix}-Q${q}`, opts)),
          [1, 2].map((h) => parsePeriod(`${prefix}-H${h}`, opts)),
          fy
            ? Array.from({ length: 12 }, (_, i) => parsePeriod(`${prefix}-P${String(i + 1).padStart(2, '0')}`, opts))
            : Array.from({ length: 12 }, (_, i) => parsePeriod(`${prefix}-${String(i + 1).padStart(2, '0')}`, opts)),
        ];
        for (const pieces of parts) {
          expect(pieces[0]?.start).toBe(whole.start);
          expect(pieces[pieces.length - 1]?.end).toBe(whole.end);
          expectContiguous(pieces);
          expect(pieces.reduce((sum, p) => sum + periodDays(p), 0)).toBe(periodDays(whole));
        }
        // The fiscal year ends in the calendar year that names it.
        expect(whole.end.slice(0, 4)).toBe(String(year));
      }),
      RUNS,
    );
  });
});

describe('labels round-trip through parsePeriod', () => {
  it('reparses the label of any unit to the same period', () => {
    fc.assert(
      fc.property(date, startMonth, unit, (d, s, u) => {
        const opts = { fiscalYearStartMonth: s, asOf: d };
        const p = periodOfDate(d, u, opts);
        expect(parsePeriod(p.label, opts)).toEqual(p);
        expect(parsePeriod(p.label.toLowerCase(), opts)).toEqual(p);
        const prev = previousPeriod(p, opts);
        expect(parsePeriod(prev.label, opts)).toEqual(prev);
      }),
      RUNS,
    );
  });

  it('reparses relative periods and ranges', () => {
    const relative = fc.constantFrom('this', 'last').chain((w) => unit.map((u) => `${w}-${u}`));
    fc.assert(
      fc.property(date, startMonth, relative, fc.nat({ max: 1_000 }), (d, s, rel, len) => {
        const opts = { fiscalYearStartMonth: s, asOf: d };
        const p = parsePeriod(rel, opts);
        expect(parsePeriod(p.label, opts)).toEqual(p);
        if (rel.startsWith('this')) expect(containsDate(p, d)).toBe(true);
        else expect(p.end < d).toBe(true);
        const range = parsePeriod(`${d}..${addDays(d, len)}`, opts);
        expect(periodDays(range)).toBe(len + 1);
        expect(parsePeriod(range.label, opts)).toEqual(range);
      }),
      RUNS,
    );
  });
});

describe('splitPeriod', () => {
  it('covers any range exactly, in order, with whole units inside', () => {
    fc.assert(
      fc.property(
        date,
        fc.nat({ max: 800 }),
        startMonth,
        fc.constantFrom<PeriodUnit>('month', 'quarter'),
        (start, len, s, u) => {
          const opts = { fiscalYearStartMonth: s, asOf: start };
          const range = parsePeriod(`${start}..${addDays(start, len)}`, opts);
          const pieces = splitPeriod(range, u, opts);
          expect(pieces[0]?.start).toBe(range.start);
          expect(pieces[pieces.length - 1]?.end).toBe(range.end);
          expectContiguous(pieces);
          expect(pieces.reduce((sum, p) => sum + periodDays(p), 0)).toBe(periodDays(range));
          for (const piece of pieces) {
            const whole = periodOfDate(piece.start, u, opts);
            expect(whole.end >= piece.end).toBe(true);
            if (piece.kind === 'range') expect(periodDays(piece)).toBeLessThan(periodDays(whole));
            else expect(piece).toEqual(whole);
          }
        },
      ),
      RUNS,
    );
  });
});
