/**
 * Reporting periods: parsing ('2026-Q3', 'FY2027-H1', 'last-quarter', ranges), the fiscal
 * calendar, and period arithmetic. All date arithmetic is delegated to calendar.ts.
 *
 * Fiscal calendar: a fiscal year starts on the first day of `fiscalYearStartMonth` and is
 * named by the calendar year in which it ENDS. With start month 2, FY2027 runs
 * 2026-02-01..2027-01-31; with start month 1, FY2027 is calendar 2027.
 *
 * Which calendar a period follows:
 * - Explicit labels say it: '2026-Q3' is always a calendar quarter, 'FY2027-Q1' always fiscal.
 * - Relative quarters, halves and years ('this-quarter', 'last-year', ...) and `periodOfDate`
 *   follow the fiscal calendar when fiscalYearStartMonth ≠ 1 and are labelled in fiscal form
 *   ('FY2027-Q1'); with start month 1 they are calendar periods labelled '2026-Q3'.
 * - Months are the same in both calendars and are labelled '2026-10', except fiscal months
 *   written explicitly as 'FY2027-P01'.
 */
import {
  type IsoDate,
  MAX_YEAR,
  MIN_YEAR,
  addDays,
  addMonths,
  compareDates,
  dateParts,
  daysBetween,
  daysInclusive,
  isValidIsoDate,
  makeDate,
  maxDate,
  minDate,
} from './calendar.js';

export type PeriodKind = 'month' | 'quarter' | 'half' | 'year' | 'range';
/** The kinds that tile the calendar. */
export type PeriodUnit = Exclude<PeriodKind, 'range'>;

export interface Period {
  label: string;
  start: IsoDate;
  /** Inclusive. */
  end: IsoDate;
  kind: PeriodKind;
  fiscal: boolean;
}

export interface CalendarOptions {
  /** 1..12; 1 = the fiscal year is the calendar year. */
  fiscalYearStartMonth: number;
}

export interface ParsePeriodOptions extends CalendarOptions {
  /** The date relative periods ('this-month', 'last-quarter', ...) are resolved against. */
  asOf: IsoDate;
}

export const ACCEPTED_PERIOD_FORMS: readonly string[] = [
  '2026-10 (calendar month)',
  '2026-Q3 (calendar quarter, Q1..Q4)',
  '2026-H1 (calendar half, H1 or H2)',
  '2026 (calendar year)',
  'FY2027 (fiscal year, named by the calendar year in which it ends)',
  'FY2027-Q1 (fiscal quarter, Q1..Q4)',
  'FY2027-H2 (fiscal half, H1 or H2)',
  'FY2027-P01 (fiscal month, P01..P12)',
  '2026-10-01..2026-12-15 (date range, both ends included)',
  'this-month, last-month, this-quarter, last-quarter, this-half, last-half, this-year, last-year (relative to the as-of date)',
];

export class PeriodError extends Error {
  override readonly name = 'PeriodError';
  readonly accepted: string[] = [...ACCEPTED_PERIOD_FORMS];

  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`invalid period "${input}": ${reason}`);
  }
}

const MONTHS_IN: Record<PeriodUnit, number> = { month: 1, quarter: 3, half: 6, year: 12 };

/** How periods are cut and labelled: the month a year starts in, and fiscal or calendar labels. */
interface Style {
  startMonth: number;
  fiscal: boolean;
}

const CALENDAR: Style = { startMonth: 1, fiscal: false };

function checkedStartMonth(opts: CalendarOptions): number {
  const m = opts.fiscalYearStartMonth;
  if (!Number.isInteger(m) || m < 1 || m > 12) {
    throw new RangeError(`fiscalYearStartMonth must be 1..12, got ${m}`);
  }
  return m;
}

/** The style `periodOfDate` and relative periods use for `unit`. */
function styleFor(unit: PeriodUnit, opts: CalendarOptions): Style {
  const startMonth = checkedStartMonth(opts);
  return unit === 'month' || startMonth === 1 ? CALENDAR : { startMonth, fiscal: true };
}

/** The style a parsed period was cut in. */
function styleOf(period: Period, opts: CalendarOptions): Style {
  return period.fiscal ? { startMonth: checkedStartMonth(opts), fiscal: true } : CALENDAR;
}

/** The year (named by the calendar year it ends in) that contains `date` in `style`. */
function yearOf(date: IsoDate, startMonth: number): number {
  const { year, month } = dateParts(date);
  return startMonth !== 1 && month >= startMonth ? year + 1 : year;
}

export function fiscalYearOf(date: IsoDate, opts: CalendarOptions): number {
  return yearOf(date, checkedStartMonth(opts));
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function unitLabel(
  unit: PeriodUnit,
  year: number,
  index: number,
  start: IsoDate,
  fiscal: boolean,
): string {
  const prefix = fiscal ? `FY${year}` : `${year}`;
  switch (unit) {
    case 'year':
      return prefix;
    case 'half':
      return `${prefix}-H${index}`;
    case 'quarter':
      return `${prefix}-Q${index}`;
    case 'month':
      return fiscal ? `${prefix}-P${pad2(index)}` : start.slice(0, 7);
  }
}

/** The `index`-th (1-based) `unit` of year `year` in `style`. */
function buildUnit(unit: PeriodUnit, year: number, index: number, style: Style, input: string): Period {
  const yearStart =
    style.startMonth === 1 ? makeDate(year, 1, 1) : makeDate(year - 1, style.startMonth, 1);
  if (yearStart === undefined || year > MAX_YEAR) {
    const first = style.startMonth === 1 ? MIN_YEAR : MIN_YEAR + 1;
    throw new PeriodError(input, `year ${year} is outside the supported years ${first}..${MAX_YEAR}`);
  }
  const months = MONTHS_IN[unit];
  const start = addMonths(yearStart, (index - 1) * months);
  const end = addDays(addMonths(start, months), -1);
  const label = unitLabel(unit, year, index, start, style.fiscal);
  return { label, start, end, kind: unit, fiscal: style.fiscal };
}

function unitContaining(date: IsoDate, unit: PeriodUnit, style: Style): Period {
  const year = yearOf(date, style.startMonth);
  const monthOfYear = (dateParts(date).month - style.startMonth + 12) % 12;
  const index = Math.floor(monthOfYear / MONTHS_IN[unit]) + 1;
  return buildUnit(unit, year, index, style, date);
}

/**
 * The month, quarter, half or year containing `date`; quarters, halves and years are fiscal
 * (labelled 'FY…') when the fiscal year does not start in January.
 */
export function periodOfDate(date: IsoDate, unit: PeriodUnit, opts: CalendarOptions): Period {
  return unitContaining(date, unit, styleFor(unit, opts));
}

function rangePeriod(start: IsoDate, end: IsoDate): Period {
  return { label: `${start}..${end}`, start, end, kind: 'range', fiscal: false };
}

export function periodDays(period: Period): number {
  return daysInclusive(period.start, period.end);
}

export function containsDate(period: Period, date: IsoDate): boolean {
  return compareDates(period.start, date) <= 0 && compareDates(date, period.end) <= 0;
}

/** The period of the same kind immediately before `period`; for a range, the range of the same length. */
export function previousPeriod(period: Period, opts: CalendarOptions): Period {
  if (period.kind === 'range') {
    const end = addDays(period.start, -1);
    return rangePeriod(addDays(end, -(periodDays(period) - 1)), end);
  }
  const style = styleOf(period, opts);
  const self = unitContaining(period.start, period.kind, style);
  if (self.start !== period.start || self.end !== period.end) {
    throw new PeriodError(
      period.label,
      `it is not a whole ${period.kind} of a year starting in month ${style.startMonth}`,
    );
  }
  return unitContaining(addDays(period.start, -1), period.kind, style);
}

/**
 * The months, quarters, halves or years covering `period`, in order, clipped to it. A piece cut
 * short by the period's edges is a range. Quarters, halves and years follow the period's own
 * calendar (fiscal or not); a range is cut like `periodOfDate`. Months are always labelled
 * '2026-10'.
 */
export function splitPeriod(period: Period, unit: PeriodUnit, opts: CalendarOptions): Period[] {
  const style =
    unit === 'month'
      ? CALENDAR
      : period.kind === 'range'
        ? styleFor(unit, opts)
        : styleOf(period, opts);
  const pieces: Period[] = [];
  let cursor = period.start;
  while (compareDates(cursor, period.end) <= 0) {
    const whole = unitContaining(cursor, unit, style);
    if (!containsDate(whole, cursor)) throw new RangeError(`no ${unit} contains ${cursor}`);
    const start = maxDate(whole.start, period.start);
    const end = minDate(whole.end, period.end);
    pieces.push(start === whole.start && end === whole.end ? whole : rangePeriod(start, end));
    if (end === period.end) break;
    cursor = addDays(end, 1);
  }
  return pieces;
}

/** The number in `raw` when it is 1..max; `shown` is how the user wrote it, e.g. 'Q5'. */
function parseIndex(
  input: string,
  raw: string,
  max: number,
  what: string,
  shown: string,
  form: string,
): number {
  const n = Number(raw);
  if (n < 1 || n > max) throw new PeriodError(input, `${what} ${shown} does not exist (use ${form})`);
  return n;
}

const RELATIVE_UNITS: Partial<Record<string, PeriodUnit>> = {
  month: 'month',
  quarter: 'quarter',
  half: 'half',
  year: 'year',
};

function parseRelative(input: string, text: string, opts: ParsePeriodOptions): Period | undefined {
  const match = /^(this|last)-(month|quarter|half|year)$/.exec(text);
  if (match === null) return undefined;
  if (!isValidIsoDate(opts.asOf)) {
    throw new PeriodError(input, `as-of date "${opts.asOf}" is not a valid YYYY-MM-DD date`);
  }
  const unit = RELATIVE_UNITS[match[2] ?? ''];
  if (unit === undefined) return undefined;
  const current = periodOfDate(opts.asOf, unit, opts);
  return match[1] === 'this' ? current : previousPeriod(current, opts);
}

function parseRange(input: string, text: string): Period | undefined {
  const match = /^(\S+?)\s*\.\.\s*(\S+)$/.exec(text);
  if (match === null) return undefined;
  const start = match[1] ?? '';
  const end = match[2] ?? '';
  for (const d of [start, end]) {
    if (!isValidIsoDate(d)) throw new PeriodError(input, `${d} is not a valid YYYY-MM-DD date`);
  }
  if (daysBetween(start, end) < 0) throw new PeriodError(input, `range end ${end} is before start ${start}`);
  return rangePeriod(start, end);
}

/** Parse a period; see ACCEPTED_PERIOD_FORMS. Case-insensitive; surrounding spaces ignored. */
export function parsePeriod(input: string, opts: ParsePeriodOptions): Period {
  const text = input.trim().toUpperCase();
  if (text === '') throw new PeriodError(input, 'no period given');
  const startMonth = checkedStartMonth(opts);
  const relative = parseRelative(input, text.toLowerCase(), opts);
  if (relative !== undefined) return relative;
  const range = parseRange(input, text);
  if (range !== undefined) return range;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    throw new PeriodError(input, `a single date is not a period; for one day write ${text}..${text}`);
  }

  const match = /^(FY)?(\d{4})(?:-([QHP]?)(\d{1,2}))?$/.exec(text);
  if (match === null) throw new PeriodError(input, 'not a recognised period form');
  const isFiscal = match[1] !== undefined;
  const year = Number(match[2]);
  const letter = match[3] ?? '';
  const number = match[4];
  const style: Style = isFiscal ? { startMonth, fiscal: true } : CALENDAR;
  if (number === undefined) return buildUnit('year', year, 1, style, input);
  const shown = `${letter}${number}`;
  if (letter === 'Q') {
    return buildUnit('quarter', year, parseIndex(input, number, 4, 'quarter', shown, 'Q1..Q4'), style, input);
  }
  if (letter === 'H') {
    return buildUnit('half', year, parseIndex(input, number, 2, 'half', shown, 'H1 or H2'), style, input);
  }
  const fiscalMonth = `FY${match[2]}-P${number.padStart(2, '0')}`;
  if (isFiscal && letter === '') {
    throw new PeriodError(input, `fiscal months are written with P, e.g. ${fiscalMonth}`);
  }
  if (!isFiscal && letter === 'P') {
    throw new PeriodError(input, `fiscal months need the FY prefix, e.g. ${fiscalMonth}`);
  }
  if (letter === 'P') {
    const index = parseIndex(input, number, 12, 'fiscal month', shown, 'P01..P12');
    return buildUnit('month', year, index, style, input);
  }
  if (number.length !== 2) {
    throw new PeriodError(input, `write the month with two digits, e.g. ${match[2]}-0${number}`);
  }
  return buildUnit('month', year, parseIndex(input, number, 12, 'month', shown, '01..12'), style, input);
}
