/**
 * Read a money amount as written in a CRM/ERP export into an exact canonical decimal string.
 *
 * Accepted: `1234`, `1234.56`, `$1,234.56`, `1.234,56 €`, `€1.234,56`, `(1,234.00)` (negative),
 * `USD 1234.56`, `1234.56 USD`, `-1,234.00`, `4380.31-` (SAP trailing minus), `1 234,56` with a
 * space, no-break or narrow no-break space between thousands, `1'234.56` (Swiss), `'1,234.56`
 * (Excel's text marker), `+12`, `.5`. Never goes through a binary float.
 *
 * The value keeps the fraction digits as written (`12.50` → `"12.50"`); leading zeros of the
 * integer part are dropped and `-0` is `0`.
 */

export type DecimalMark = '.' | ',';

export type ParseAmountResult =
  | { ok: true; value: string; currency?: string; symbol?: string }
  | { ok: false; reason: string; hint: string; ambiguous?: true };

type Failure = Extract<ParseAmountResult, { ok: false }>;

/** Symbols: the currency they name alone, and the ISO codes they may stand for. */
const SYMBOLS: ReadonlyMap<string, { currency?: string; codes: readonly string[] }> = new Map([
  ['US$', { currency: 'USD', codes: ['USD'] }],
  ['CA$', { currency: 'CAD', codes: ['CAD'] }],
  ['AU$', { currency: 'AUD', codes: ['AUD'] }],
  ['NZ$', { currency: 'NZD', codes: ['NZD'] }],
  ['HK$', { currency: 'HKD', codes: ['HKD'] }],
  ['MX$', { currency: 'MXN', codes: ['MXN'] }],
  ['C$', { currency: 'CAD', codes: ['CAD'] }],
  ['A$', { currency: 'AUD', codes: ['AUD'] }],
  ['S$', { currency: 'SGD', codes: ['SGD'] }],
  ['R$', { currency: 'BRL', codes: ['BRL'] }],
  // `$` alone is ambiguous: the caller decides (a currency column, --currency, the default).
  ['$', { codes: ['USD', 'CAD', 'AUD', 'NZD', 'MXN', 'SGD', 'HKD', 'TWD', 'ARS', 'CLP', 'COP'] }],
  ['€', { currency: 'EUR', codes: ['EUR'] }],
  ['£', { currency: 'GBP', codes: ['GBP'] }],
  ['¥', { currency: 'JPY', codes: ['JPY', 'CNY'] }],
  ['₹', { currency: 'INR', codes: ['INR'] }],
  ['₩', { currency: 'KRW', codes: ['KRW'] }],
]);
const SYMBOL_LIST = [...SYMBOLS.keys()]; // longest first, so `US$` wins over `$`

const FORMATS_HINT = 'write amounts like 1234.56, 1,234.56, 1.234,56 €, (1,234.00) or USD 1234.56';

function fail(reason: string, hint = FORMATS_HINT): Failure {
  return { ok: false, reason, hint };
}

interface Parts {
  s: string;
  /** The number is `s[start, end)`. */
  start: number;
  end: number;
  minus: number;
  plus: number;
  open: number;
  close: number;
  symbol: string | undefined;
  code: string | undefined;
}

interface Digits {
  int: string;
  frac: string;
  /** The decimal mark used: the given one, or the one the value's shape proves. */
  decimal?: DecimalMark;
}

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\u00a0' || c === '\u202f' || c === '\u2007';
const isUpper = (c: string): boolean => c >= 'A' && c <= 'Z';
const isLetter = (c: string): boolean => isUpper(c) || (c >= 'a' && c <= 'z');
const isCode = (s: string, at: number): boolean =>
  isUpper(s.charAt(at)) && isUpper(s.charAt(at + 1)) && isUpper(s.charAt(at + 2)) && !isLetter(s.charAt(at + 3)) && !isLetter(s.charAt(at - 1));

/** Find the sign, parentheses and currency marks around the number. */
function splitAmount(raw: string): Parts | Failure {
  let s = raw.trim();
  if (s.startsWith("'")) s = s.slice(1).trim();
  if (s === '') return { ok: false, reason: 'empty', hint: 'fill in the amount, or leave the column out if it is optional' };
  const p: Parts = { s, start: 0, end: s.length, minus: 0, plus: 0, open: 0, close: 0, symbol: undefined, code: undefined };
  const take = (mark: string, isSymbol: boolean): Failure | undefined => {
    const had = isSymbol ? p.symbol : p.code;
    if (had !== undefined && (isSymbol || had !== mark)) {
      return fail(isSymbol ? `it has two currency symbols (${had} and ${mark})` : `it names two currencies (${had} and ${mark})`);
    }
    if (isSymbol) p.symbol = mark;
    else p.code = mark;
    return undefined;
  };

  for (;;) {
    const c = s.charAt(p.start);
    if ((c >= '0' && c <= '9') || c === '.' || c === ',') break; // the number starts
    if (isSpace(c) || c === '-' || c === '\u2212' || c === '+' || c === '(') {
      if (c === '-' || c === '\u2212') p.minus++;
      if (c === '+') p.plus++;
      if (c === '(') p.open++;
      p.start++;
      continue;
    }
    const code = isCode(s, p.start) ? s.slice(p.start, p.start + 3) : undefined;
    const mark = code ?? SYMBOL_LIST.find((x) => s.startsWith(x, p.start));
    if (mark === undefined) break;
    const failed = take(mark, code === undefined);
    if (failed) return failed;
    p.start += mark.length;
  }
  while (p.end > p.start) {
    const c = s.charAt(p.end - 1);
    if (c >= '0' && c <= '9') break; // the number ends
    if (isSpace(c) || c === '-' || c === '\u2212' || c === ')') {
      if (c === '-' || c === '\u2212') p.minus++;
      if (c === ')') p.close++;
      p.end--;
      continue;
    }
    const end = p.end;
    const code = end - 3 >= p.start && isCode(s, end - 3) ? s.slice(end - 3, end) : undefined;
    const mark = code ?? SYMBOL_LIST.find((x) => end - x.length >= p.start && s.endsWith(x, end));
    if (mark === undefined) break;
    const failed = take(mark, code === undefined);
    if (failed) return failed;
    p.end -= mark.length;
  }
  return p;
}

function signProblem(p: Parts): Failure | undefined {
  if (p.open !== p.close || p.open > 1) return fail('its parentheses do not match');
  if (p.minus + p.open > 1 || (p.plus > 0 && p.minus + p.open > 0) || p.plus > 1) return fail('it has more than one sign');
  return undefined;
}

/** Why `body` (the text between the marks) is not a number, before reading its digits. */
function bodyProblem(body: string, p: Parts): Failure | undefined {
  const junk = /[^0-9.,'\u2019\s]/.exec(body);
  if (junk) {
    const from = body.slice(junk.index);
    if (/^[eE][+-]?\d/.test(from)) {
      return fail(`scientific notation (${p.s}) is not an exact amount`, 'format the column as a number with its decimals in the spreadsheet, then export again');
    }
    return fail(`unexpected "${from.trim()}"`);
  }
  if (!/\d/.test(body)) return fail(body === '' && (p.symbol || p.code) ? 'it has a currency but no digits' : 'it has no digits');
  return undefined;
}

/**
 * Fast exact reader for digits with `,`/`.` separators (most cells), in one pass over
 * `s[from, to)`. Undefined means "ask the general reader" (which also words refusals): it never
 * accepts a value the general reader refuses, nor reads one differently.
 */
function scanNumber(s: string, from: number, to: number, mark: DecimalMark | undefined): Digits | undefined {
  if (to <= from) return undefined;
  let commas = 0;
  let points = 0;
  let last = -1;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 44) commas++;
    else if (c === 46) points++;
    else if (c < 48 || c > 57) return undefined;
    if (c === 44 || c === 46) last = i;
  }
  if (last === -1) return { int: s.slice(from, to), frac: '' };
  if (last === from || last === to - 1) return undefined;
  const lastChar: DecimalMark = s.charCodeAt(last) === 44 ? ',' : '.';
  let decimal = mark;
  if (decimal === undefined) {
    if (commas > 0 && points > 0) decimal = lastChar; // 1,234.56
    else if (commas + points > 1) decimal = lastChar === ',' ? '.' : ','; // 1,234,567: all groups
    else if (to - last - 1 === 3 && last - from <= 3 && !(last - from === 1 && s.charCodeAt(from) === 48)) return undefined; // 1,234: ambiguous
    else decimal = lastChar; // 12,5 / 1234,567 / 0,123
  }
  const decimals = decimal === ',' ? commas : points;
  if (decimals > 1 || (decimals === 1 && lastChar !== decimal)) return undefined;
  const intEnd = decimals === 1 ? last : to;
  const frac = decimals === 1 ? s.slice(last + 1, to) : '';
  if ((decimal === ',' ? points : commas) === 0) return { int: s.slice(from, intEnd), frac, decimal };
  // Thousands groups: a first group of 1–3 digits not starting with 0, then groups of exactly 3.
  if (s.charCodeAt(from) === 48) return undefined;
  let int = '';
  let segment = from;
  for (let i = from; i <= intEnd; i++) {
    if (i < intEnd && s.charCodeAt(i) >= 48) continue;
    const length = i - segment;
    if (segment === from ? length < 1 || length > 3 : length !== 3) return undefined;
    int += s.slice(segment, i);
    segment = i + 1;
  }
  return { int, frac, decimal };
}

type Grouped = { int: string; frac: string } | Failure | { ambiguous: true };

const GROUP_SEPARATOR = /^[\s'\u2019]$/;

/**
 * The general reader: the digits of `body` (no signs or currency marks) with decimal mark `mark`;
 * when `mark` is undefined, inferred from the value (or reported as ambiguous). Exported so tests
 * can pin the fast reader to it.
 */
export function readAmountDigits(body: string, mark: DecimalMark | undefined): Grouped {
  const groups = body.split(/[.,'\u2019\s]/);
  const seps = body.match(/[.,'\u2019\s]/g) ?? [];
  if (groups.slice(1).some((g) => g === '')) return fail('it has two separators in a row or ends with a separator');
  const decided = mark ?? inferMark(groups, seps);
  if (decided === 'ambiguous') return { ambiguous: true };

  let fracIndex: number | undefined;
  if (decided !== undefined) {
    const markAt = seps.flatMap((c, i) => (c === decided ? [i] : []));
    if (markAt.length > 1) return fail(`it has more than one "${decided}" but "${decided}" is the decimal mark here`, markHint(decided));
    fracIndex = markAt[0];
    if (fracIndex !== undefined && fracIndex !== seps.length - 1) {
      return fail(`"${decided}" is the decimal mark here but a separator follows it`, markHint(decided));
    }
  }
  const intGroups = fracIndex === undefined ? groups : groups.slice(0, -1);
  const frac = fracIndex === undefined ? '' : groups[groups.length - 1] ?? '';
  const intSeps = fracIndex === undefined ? seps : seps.slice(0, -1);
  if (intGroups.length === 1 && intGroups[0] === '' && frac !== '') return { int: '0', frac };
  if (intGroups[0] === '') return fail('it starts with a separator');
  if (intSeps.length > 0) {
    const sep = intSeps[0] ?? '';
    if (!intSeps.every((c) => c === sep || (GROUP_SEPARATOR.test(c) && GROUP_SEPARATOR.test(sep)))) {
      return fail('it mixes different thousands separators');
    }
    if (decided !== undefined && sep === decided) return fail(`"${sep}" is the decimal mark here`, markHint(decided));
    const [first = '', ...rest] = intGroups;
    if (first.length > 3 || first.startsWith('0') || rest.some((g) => g.length !== 3)) {
      const indian = first.length <= 2 && rest.length >= 2 && rest.slice(0, -1).every((g) => g.length === 2) && rest[rest.length - 1]?.length === 3;
      if (indian) {
        return fail('Indian lakh/crore digit grouping (1,23,456) is not supported', 'remove the thousands separators (123456) or group by thousands (123,456)');
      }
      return fail(`its digit groups are not thousands (${body})`, decided === undefined ? FORMATS_HINT : markHint(decided));
    }
  }
  return { int: intGroups.join(''), frac };
}

/** The decimal mark the value's own shape proves, 'ambiguous', or undefined (no mark needed). */
function inferMark(groups: readonly string[], seps: readonly string[]): DecimalMark | 'ambiguous' | undefined {
  const points = seps.filter((c) => c === '.' || c === ',');
  if (points.length === 0) return undefined;
  const last = points[points.length - 1] === ',' ? ',' : '.';
  const other: DecimalMark = last === ',' ? '.' : ',';
  if (points.includes(other)) return last; // 1,234.56 / 1.234,56
  if (points.length > 1) return other; // 1,234,567 → ',' groups thousands
  if (seps.length > 1) return last; // 1 234,56 → spaces group, ',' is decimal
  const [before = '', after = ''] = groups;
  if (after.length !== 3 || before === '' || before === '0' || before.length > 3) return last;
  return 'ambiguous'; // 1,234 or 1.234
}

function markHint(mark: DecimalMark): string {
  const other = mark === '.' ? ',' : '.';
  return `this file's amounts use "${mark}" as the decimal mark and "${other}" only between thousands; fix this value or the other values`;
}

function canonical(negative: boolean, intDigits: string, frac: string): string {
  let k = 0;
  while (k < intDigits.length - 1 && intDigits.charCodeAt(k) === 48) k++;
  const int = k === 0 ? intDigits : intDigits.slice(k);
  const isZero = int === '0' && !/[1-9]/.test(frac);
  return (negative && !isZero ? '-' : '') + int + (frac === '' ? '' : '.' + frac);
}

export function parseAmount(raw: string, decimalMark: DecimalMark | undefined): ParseAmountResult {
  const negative = raw.charCodeAt(0) === 45; // '-'
  const quick = scanNumber(raw, negative ? 1 : 0, raw.length, decimalMark);
  if (quick !== undefined) return { ok: true, value: canonical(negative, quick.int, quick.frac) };

  const parts = splitAmount(raw);
  if ('ok' in parts) return parts;
  let digits: Digits | undefined = scanNumber(parts.s, parts.start, parts.end, decimalMark);
  if (digits === undefined) {
    const body = parts.s.slice(parts.start, parts.end);
    const problem = bodyProblem(body, parts) ?? signProblem(parts);
    if (problem) return problem;
    const read = readAmountDigits(body, decimalMark);
    if ('ambiguous' in read) {
      const [a = '', b = ''] = body.split(/[.,]/);
      return {
        ok: false,
        ambiguous: true,
        reason: `"${body}" could be ${a}${b} or ${a}.${b}`,
        hint: 'no other amount in the file shows whether "," or "." is the decimal mark; write this amount with its decimals (e.g. 1,234.00)',
      };
    }
    if ('ok' in read) return read;
    digits = read;
  } else {
    const problem = signProblem(parts);
    if (problem) return problem;
  }

  let currency: string | undefined;
  if (parts.symbol !== undefined && parts.code !== undefined) {
    if (!(SYMBOLS.get(parts.symbol)?.codes ?? []).includes(parts.code)) {
      return fail(`the symbol ${parts.symbol} and the code ${parts.code} name different currencies`, 'keep one currency mark, or fix the one that is wrong');
    }
    currency = parts.code;
  } else {
    currency = parts.code ?? (parts.symbol === undefined ? undefined : SYMBOLS.get(parts.symbol)?.currency);
  }
  const result: { ok: true; value: string; currency?: string; symbol?: string } = {
    ok: true,
    value: canonical(parts.minus + parts.open === 1, digits.int, digits.frac),
  };
  if (currency !== undefined) result.currency = currency;
  if (parts.symbol !== undefined) result.symbol = parts.symbol;
  return result;
}

/**
 * Which decimal mark the value proves: `1,234.56` → '.', `1.234,56` → ',', `12,5` → ',',
 * `12.50` → '.', `1,234,567` → '.'; `1234` and the ambiguous `1,234` → undefined. A value that
 * is not an amount proves nothing.
 */
export function decimalMarkEvidence(raw: string): DecimalMark | undefined {
  const negative = raw.charCodeAt(0) === 45;
  const quick = scanNumber(raw, negative ? 1 : 0, raw.length, undefined);
  if (quick !== undefined) return quick.decimal;
  const parts = splitAmount(raw);
  if ('ok' in parts) return undefined;
  const scanned = scanNumber(parts.s, parts.start, parts.end, undefined);
  if (scanned !== undefined) return signProblem(parts) ? undefined : scanned.decimal;
  const body = parts.s.slice(parts.start, parts.end);
  const mark = inferMark(body.split(/[.,'\u2019\s]/), body.match(/[.,'\u2019\s]/g) ?? []);
  if (mark === undefined || mark === 'ambiguous') return undefined;
  return parseAmount(raw, mark).ok ? mark : undefined;
}
