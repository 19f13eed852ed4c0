/**
 * Calendar dates as CRM/ERP exports write them → ISO `YYYY-MM-DD`.
 *
 * - The calendar date is the date part as written: `2026-03-31T23:30:00-08:00` is 2026-03-31;
 *   nothing is ever shifted by a time zone and no `Date` object is used.
 * - Numeric day/month dates follow the file's order (`MDY`/`DMY`); without one, a value the
 *   order changes (`03/04/2026`) is `ambiguous` and the caller decides per file
 *   ({@link dateOrderEvidence}). Dot dates (`31.03.2026`) are always day first; year-first dates
 *   are always year-month-day.
 * - Two-digit years: 00–69 → 2000–2069, 70–99 → 1970–1999 (as POSIX `strptime %y`).
 * - Excel serials: a bare number whose integer part is 20000–80000 (1954–2119), 1900 date system.
 */

export type DateOrder = 'MDY' | 'DMY' | 'YMD';

export type ParseDateResult =
  | { ok: true; iso: string }
  | { ok: false; reason: string; hint: string; ambiguous?: true };

/** @deprecated name kept for existing callers; use {@link ParseDateResult}. */
export type DateResult = ParseDateResult;

const HINT = 'write dates as YYYY-MM-DD, or as the rest of the file writes them';
const ORDER_HINT = 'pass --date-format MDY or DMY to say how this file writes dates';

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTHS: ReadonlyMap<string, number> = new Map([
  ...MONTH_NAMES.map((name, i): [string, number] => [name.toLowerCase(), i + 1]),
  ...MONTH_NAMES.map((name, i): [string, number] => [name.slice(0, 3).toLowerCase(), i + 1]),
  ['sept', 9],
]);

/** A time after the date: ` 14:05`, `T23:30:00Z`, ` 08:55 PM`, `T10:00:00.000+02:00`. */
const TIME = /(?:T|,?\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([AaPp]\.?[Mm]\.?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)?$/;
const ISO_TIME = /^[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;
const YEAR_FIRST = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/;
const WEEKDAY = /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/i;
const DAY_MONTH_YEAR = /^(\d{1,2})(?:st|nd|rd|th)?[\s./-]*([A-Za-z]{3,9})\.?,?[\s./-]*(\d{4}|\d{2})$/;
const MONTH_DAY_YEAR = /^([A-Za-z]{3,9})\.?[\s./-]*(\d{1,2})(?:st|nd|rd|th)?,?[\s./-]+(\d{4})$/;
const BARE_NUMBER = /^\d+(?:\.\d+)?$/;

function fail(reason: string, hint = HINT): ParseDateResult {
  return { ok: false, reason, hint };
}

export function parseDate(raw: string, order: DateOrder | undefined): ParseDateResult {
  const s = raw.trim();
  if (s === '') return fail('empty', 'fill in the date, or leave the column out if it is optional');

  // Fast path: `YYYY-MM-DD`, alone or followed by an ISO time (API exports).
  if (s.length >= 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    const y = digitsAt(s, 0, 4);
    const mo = digitsAt(s, 5, 7);
    const d = digitsAt(s, 8, 10);
    const time = s.length === 10 ? undefined : ISO_TIME.exec(s.slice(10));
    const timeOk = s.length === 10 || (time != null && timeProblem(Number(time[1]), Number(time[2]), Number(time[3] ?? 0), false) === undefined);
    if (y >= 0 && mo >= 0 && d >= 0 && timeOk && dateProblem(y, mo, d) === undefined) return { ok: true, iso: s.slice(0, 10) };
  }

  const numeric = scanNumericDate(s);
  if (numeric) return fromNumeric(numeric.a, numeric.b, numeric.year, numeric.dayFirst ? 'DMY' : order, s);

  // A time after the date is checked, then ignored: the date is the date as written.
  let datePart = s;
  const time = TIME.exec(s);
  if (time) {
    const problem = timeProblem(Number(time[1]), Number(time[2]), time[3] === undefined ? 0 : Number(time[3]), time[4] !== undefined);
    if (problem !== undefined) return fail(problem);
    datePart = s.slice(0, time.index);
  }

  let m = YEAR_FIRST.exec(datePart);
  if (m) return fromParts(Number(m[1]), Number(m[3]), Number(m[4]));

  const withTime = scanNumericDate(datePart);
  if (withTime) return fromNumeric(withTime.a, withTime.b, withTime.year, withTime.dayFirst ? 'DMY' : order, datePart);

  const named = datePart.replace(WEEKDAY, '');
  m = DAY_MONTH_YEAR.exec(named);
  if (m) return fromMonthName(m[2] ?? '', Number(m[1]), fullYear(m[3] ?? ''));
  m = MONTH_DAY_YEAR.exec(named);
  if (m) return fromMonthName(m[1] ?? '', Number(m[2]), Number(m[3]));

  if (BARE_NUMBER.test(s)) {
    const serial = Math.floor(Number(s));
    if (serial >= 20_000 && serial <= 80_000) {
      const iso = isoFromExcelSerial(serial);
      if (iso !== undefined) return { ok: true, iso };
    }
    return fail('a bare number that is not an Excel date serial (20000–80000)', 'format the column as a date (YYYY-MM-DD) in the spreadsheet, then export again');
  }
  return fail('not a date format spm knows');
}

/** `a/b/year` read in `order`; with no order, inferred where only one reading is a real date. */
/**
 * `a/b/year`, `a-b-year` or `a.b.year` with 1–2 digit parts and a 2- or 4-digit year, read
 * without a regular expression (the common case); `dayFirst` for the dot form.
 */
function scanNumericDate(s: string): { a: number; b: number; year: number; dayFirst: boolean } | undefined {
  const n = s.length;
  if (n < 6 || n > 10) return undefined;
  const first = s.charCodeAt(1) >= 48 && s.charCodeAt(1) <= 57 ? 2 : 1; // digits in part a
  const sep = s.charCodeAt(first);
  if (sep !== 47 && sep !== 45 && sep !== 46) return undefined; // '/', '-', '.'
  const second = s.charCodeAt(first + 2) === sep ? 1 : 2;
  const yearAt = first + 1 + second + 1;
  if (s.charCodeAt(yearAt - 1) !== sep || (n - yearAt !== 2 && n - yearAt !== 4)) return undefined;
  const a = digitsAt(s, 0, first);
  const b = digitsAt(s, first + 1, first + 1 + second);
  const y = digitsAt(s, yearAt, n);
  if (a < 0 || b < 0 || y < 0) return undefined;
  return { a, b, year: n - yearAt === 4 ? y : y < 70 ? 2000 + y : 1900 + y, dayFirst: sep === 46 };
}

/** The number written in `s[from, to)`, or -1 if any of it is not a digit. */
function digitsAt(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function fromNumeric(a: number, b: number, year: number, order: DateOrder | undefined, text: string): ParseDateResult {
  if (order === 'MDY' || order === 'DMY') {
    const [month, day] = order === 'MDY' ? [a, b] : [b, a];
    const result = fromParts(year, month, day);
    if (result.ok || month <= 12 || isoFromYmd(year, day, month) === undefined) return result;
    const other = order === 'MDY' ? 'day first (DMY)' : 'month first (MDY)';
    return { ok: false, reason: result.reason, hint: `the file's dates are read as ${describe(order)}; "${text}" looks ${other}: check --date-format` };
  }
  if (a > 12 && b > 12) return fail(a === b ? `${a} cannot be a month` : `neither ${a} nor ${b} can be a month`);
  if (a === b || a > 12 || b > 12) return fromParts(year, a > 12 ? b : a, a > 12 ? a : b);
  return { ok: false, ambiguous: true, reason: `"${text}" could be month/day or day/month`, hint: ORDER_HINT };
}

function fromMonthName(name: string, day: number, year: number): ParseDateResult {
  const month = MONTHS.get(name.toLowerCase());
  if (month === undefined) return fail(`"${name}" is not an English month name`);
  return fromParts(year, month, day);
}

function fromParts(year: number, month: number, day: number): ParseDateResult {
  const problem = dateProblem(year, month, day);
  return problem === undefined ? { ok: true, iso: formatIso(year, month, day) } : fail(problem, 'check this date in the source system');
}

function describe(order: 'MDY' | 'DMY'): string {
  return order === 'MDY' ? 'month/day/year' : 'day/month/year';
}

function fullYear(text: string): number {
  const n = Number(text);
  if (text.length === 4) return n;
  return n < 70 ? 2000 + n : 1900 + n;
}

function timeProblem(hour: number, minute: number, second: number, hasMeridiem: boolean): string | undefined {
  const hourOk = hasMeridiem ? hour >= 1 && hour <= 12 : hour <= 23;
  if (!hourOk || minute > 59 || second > 60) return `the time ${hour}:${String(minute).padStart(2, '0')} is not valid`;
  return undefined;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysIn(year: number, month: number): number {
  return month === 2 ? (isLeap(year) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Why `year-month-day` is not a calendar date, or undefined when it is one. */
export function dateProblem(year: number, month: number, day: number): string | undefined {
  if (!Number.isInteger(year) || year < 1 || year > 9999) return `year ${year} is out of range`;
  if (!Number.isInteger(month) || month < 1 || month > 12) return `month ${month} does not exist`;
  if (!Number.isInteger(day) || day < 1 || day > daysIn(year, month)) {
    const name = MONTH_NAMES[month - 1] ?? '';
    if (month === 2 && day === 29) return `February 29 does not exist in ${year} (not a leap year)`;
    return `${name} ${day} does not exist`;
  }
  return undefined;
}

/** `YYYY-MM-DD` for a real calendar date, else undefined. */
export function isoFromYmd(year: number, month: number, day: number): string | undefined {
  return dateProblem(year, month, day) === undefined ? formatIso(year, month, day) : undefined;
}

function formatIso(year: number, month: number, day: number): string {
  const y = year >= 1000 ? String(year) : String(year).padStart(4, '0');
  return y + (month < 10 ? '-0' : '-') + month + (day < 10 ? '-0' : '-') + day;
}

/**
 * Excel's 1900 date system: serial 1 = 1900-01-01; 60 is Excel's fictitious 1900-02-29
 * (undefined); from 61 = 1900-03-01 on, serial n is n days after 1899-12-30. Pure integer day
 * arithmetic; a fraction (the time of day) is dropped.
 */
export function isoFromExcelSerial(serial: number): string | undefined {
  const n = Math.floor(serial);
  if (!Number.isFinite(n) || n < 1 || n === 60 || n > 2_958_465) return undefined;
  // Days since 1970-01-01: 1899-12-30 is day -25569; before the fictitious day, one day less.
  return isoFromDayNumber(n - (n < 60 ? 25_568 : 25_569));
}

/** Civil date of a day number (0 = 1970-01-01), after Howard Hinnant's `civil_from_days`. */
function isoFromDayNumber(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return formatIso(yoe + era * 400 + (month <= 2 ? 1 : 0), month, day);
}

/**
 * The day/month order a value proves: `13/04/2026` → DMY, `04/13/2026` → MDY (only when that
 * reading is a real date). Dot dates, year-first dates, month names and ambiguous values prove
 * nothing (undefined).
 */
export function dateOrderEvidence(raw: string): 'MDY' | 'DMY' | undefined {
  const s = raw.trim();
  let date = scanNumericDate(s);
  if (!date) {
    const time = TIME.exec(s);
    date = time ? scanNumericDate(s.slice(0, time.index)) : undefined;
  }
  if (!date || date.dayFirst) return undefined;
  const { a, b, year } = date;
  if (a > 12 && b <= 12 && isoFromYmd(year, b, a) !== undefined) return 'DMY';
  if (b > 12 && a <= 12 && isoFromYmd(year, a, b) !== undefined) return 'MDY';
  return undefined;
}
