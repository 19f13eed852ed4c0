/**
 * Calendar arithmetic on ISO dates ('YYYY-MM-DD').
 *
 * Every date computation in spm goes through this module. Dates are plain calendar
 * dates: arithmetic uses integer day numbers (days since 1970-01-01 in the proleptic
 * Gregorian calendar), so no time zone or daylight-saving shift can move a date.
 * `todayIso` is the only function that reads a `Date`.
 */

/** A calendar date written 'YYYY-MM-DD'. */
export type IsoDate = string;

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** Supported years: four-digit ISO years. */
export const MIN_YEAR = 1;
export const MAX_YEAR = 9999;

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAYS_PER_400_YEARS = 146_097;
/** Day number of 0000-03-01, the epoch of the civil-date algorithm below. */
const EPOCH_SHIFT = 719_468;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in month `month` (1..12) of `year`; throws RangeError for a month outside 1..12. */
export function daysInMonth(year: number, month: number): number {
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`month ${month} does not exist`);
  }
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** The date year-month-day, or undefined when it does not exist (e.g. 2026-02-30). */
export function makeDate(year: number, month: number, day: number): IsoDate | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return undefined;
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** The year, month and day of `s`, or undefined when `s` is not an existing 'YYYY-MM-DD' date. */
export function tryDateParts(s: string): DateParts | undefined {
  const match = ISO_DATE_PATTERN.exec(s);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return makeDate(year, month, day) === undefined ? undefined : { year, month, day };
}

export function isValidIsoDate(s: string): boolean {
  return tryDateParts(s) !== undefined;
}

/** The year, month and day of `date`; throws RangeError when it is not a valid date. */
export function dateParts(date: IsoDate): DateParts {
  const parts = tryDateParts(date);
  if (parts === undefined) throw new RangeError(`"${date}" is not a valid YYYY-MM-DD date`);
  return parts;
}

/** Days since 1970-01-01 (negative before it). */
export function toDayNumber(date: IsoDate): number {
  const { year, month, day } = dateParts(date);
  // Count years from March so the leap day is the last day of the counted year.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * DAYS_PER_400_YEARS + dayOfEra - EPOCH_SHIFT;
}

/** The date `n` days after 1970-01-01; throws RangeError outside years 0001..9999. */
export function fromDayNumber(n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`day number ${n} is not an integer`);
  const z = n + EPOCH_SHIFT;
  const era = Math.floor(z / DAYS_PER_400_YEARS);
  const dayOfEra = z - era * DAYS_PER_400_YEARS;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / (DAYS_PER_400_YEARS - 1))) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const date = makeDate(year, month, day);
  if (date === undefined) {
    throw new RangeError(`day number ${n} is outside years ${MIN_YEAR}..${MAX_YEAR}`);
  }
  return date;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** `n` months after `date`; the day is clamped to the month end (2026-01-31 + 1 → 2026-02-28). */
export function addMonths(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`month count ${n} is not an integer`);
  const { year, month, day } = dateParts(date);
  const total = year * 12 + (month - 1) + n;
  const newYear = Math.floor(total / 12);
  const newMonth = total - newYear * 12 + 1;
  if (newYear < MIN_YEAR || newYear > MAX_YEAR) {
    throw new RangeError(`${date} plus ${n} months is outside years ${MIN_YEAR}..${MAX_YEAR}`);
  }
  const clamped = Math.min(day, daysInMonth(newYear, newMonth));
  return `${pad(newYear, 4)}-${pad(newMonth, 2)}-${pad(clamped, 2)}`;
}

/** b − a in days (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** Days in the inclusive range start..end; 0 when end is before start (an empty range). */
export function daysInclusive(start: IsoDate, end: IsoDate): number {
  return Math.max(0, daysBetween(start, end) + 1);
}

export function startOfMonth(date: IsoDate): IsoDate {
  const { year, month } = dateParts(date);
  return `${pad(year, 4)}-${pad(month, 2)}-01`;
}

export function endOfMonth(date: IsoDate): IsoDate {
  const { year, month } = dateParts(date);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(daysInMonth(year, month), 2)}`;
}

/** -1, 0 or 1; usable as a sort comparator. Valid ISO dates order as strings. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export function minDate(first: IsoDate, ...rest: IsoDate[]): IsoDate {
  return rest.reduce((min, d) => (compareDates(d, min) < 0 ? d : min), first);
}

export function maxDate(first: IsoDate, ...rest: IsoDate[]): IsoDate {
  return rest.reduce((max, d) => (compareDates(d, max) > 0 ? d : max), first);
}

/** The local calendar date of the instant `now` (the date on the user's wall calendar). */
export function todayIso(now: Date): IsoDate {
  const date = makeDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
  if (date === undefined) throw new RangeError('the current time is not a valid date');
  return date;
}

/** Excel's largest date, 9999-12-31. */
const EXCEL_MAX_SERIAL = 2_958_465;
/** Serial 1 is 1900-01-01, so serials 1..59 count from 1899-12-31. */
const EXCEL_BEFORE_LEAP_BUG_BASE = -25_568;
/** Excel counts a 1900-02-29 that never existed, so serials from 61 count from 1899-12-30. */
const EXCEL_AFTER_LEAP_BUG_BASE = -25_569;

/**
 * The date of an Excel serial number (1900 date system). A fractional part is a time of day
 * and is dropped. Serial 60 (Excel's fictitious 1900-02-29), serials below 1, and serials
 * beyond 9999-12-31 give undefined.
 */
export function excelSerialToIso(serial: number): IsoDate | undefined {
  if (!Number.isFinite(serial)) return undefined;
  const whole = Math.floor(serial);
  if (whole < 1 || whole === 60 || whole > EXCEL_MAX_SERIAL) return undefined;
  const base = whole < 60 ? EXCEL_BEFORE_LEAP_BUG_BASE : EXCEL_AFTER_LEAP_BUG_BASE;
  return fromDayNumber(base + whole);
}

/** Days shared by the inclusive ranges aStart..aEnd and bStart..bEnd; 0 when disjoint. */
export function overlapDays(aStart: IsoDate, aEnd: IsoDate, bStart: IsoDate, bEnd: IsoDate): number {
  return daysInclusive(maxDate(aStart, bStart), minDate(aEnd, bEnd));
}
