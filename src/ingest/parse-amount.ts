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
  body: string;
  negative: boolean;
  symbol: string | undefined;
  code: string | undefined;
}

/** Separate sign, parentheses and currency marks from the number itself. */
function splitAmount(raw: string): Parts | Failure {
  let s = raw.trim();
  if (s.startsWith("'")) s = s.slice(1).trim();
  if (s === '') return { ok: false, reason: 'empty', hint: 'fill in the amount, or leave the column out if it is optional' };

  let minus = 0;
  let plus = 0;
  let open = 0;
  let close = 0;
  let symbol: string | undefined;
  let code: string | undefined;
  /** Read marks from `from` forwards, or backwards down to `floor`; returns where they stop. */
  const marks = (from: number, forward: boolean, floor: number): number | Failure => {
    let i = from;
    for (;;) {
      if (!forward && i <= floor) return i;
      const rest = forward ? s.slice(i) : s.slice(floor, i);
      const ws = forward ? /^\s+/.exec(rest) : /\s+$/.exec(rest);
      if (ws) {
        i += forward ? ws[0].length : -ws[0].length;
        continue;
      }
      const ch = forward ? rest.charAt(0) : rest.charAt(rest.length - 1);
      if (ch === '-' || ch === '\u2212') minus++;
      else if (ch === '+' && forward) plus++;
      else if (ch === '(' && forward) open++;
      else if (ch === ')' && !forward) close++;
      else {
        const sym = SYMBOL_LIST.find((x) => (forward ? rest.startsWith(x) : rest.endsWith(x)));
        const iso = forward ? /^[A-Z]{3}(?![A-Za-z])/.exec(rest) : /(?<![A-Za-z])[A-Z]{3}$/.exec(rest);
        if (sym !== undefined) {
          if (symbol !== undefined) return fail(`it has two currency symbols (${symbol} and ${sym})`);
          symbol = sym;
          i += forward ? sym.length : -sym.length;
          continue;
        }
        if (iso) {
          if (code !== undefined && code !== iso[0]) return fail(`it names two currencies (${code} and ${iso[0]})`);
          code = iso[0];
          i += forward ? 3 : -3;
          continue;
        }
        return i;
      }
      i += forward ? 1 : -1;
    }
  };
  const start = marks(0, true, 0);
  if (typeof start !== 'number') return start;
  const end = marks(s.length, false, start);
  if (typeof end !== 'number') return end;
  const body = start < end ? s.slice(start, end) : '';
  const junk = /[^0-9.,'\u2019\s]/.exec(body);
  if (junk) {
    const from = body.slice(junk.index);
    if (/^[eE][+-]?\d/.test(from)) {
      return fail(`scientific notation (${s}) is not an exact amount`, 'format the column as a number with its decimals in the spreadsheet, then export again');
    }
    return fail(`unexpected "${from.trim()}"`);
  }
  if (!/\d/.test(body)) return fail(start >= end && (symbol || code) ? 'it has a currency but no digits' : 'it has no digits');
  if (open !== close || open > 1) return fail('its parentheses do not match');
  if (minus + open > 1 || (plus > 0 && minus + open > 0) || plus > 1) return fail('it has more than one sign');
  return { body: body.trim(), negative: minus + open === 1, symbol, code };
}

type Grouped = { int: string; frac: string } | Failure | { ambiguous: true };

const GROUP_SEPARATOR = /^[\s'\u2019]$/;

/**
 * Read the digits of `body` with decimal mark `mark`; when `mark` is undefined, infer it from
 * the value (or report that it cannot be told).
 */
function readDigits(body: string, mark: DecimalMark | undefined): Grouped {
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

export function parseAmount(raw: string, decimalMark: DecimalMark | undefined): ParseAmountResult {
  const parts = splitAmount(raw);
  if ('ok' in parts) return parts;
  const digits = readDigits(parts.body, decimalMark);
  if ('ambiguous' in digits) {
    const [a = '', b = ''] = parts.body.split(/[.,]/);
    return {
      ok: false,
      ambiguous: true,
      reason: `"${parts.body}" could be ${a}${b} or ${a}.${b}`,
      hint: 'no other amount in the file shows whether "," or "." is the decimal mark; write this amount with its decimals (e.g. 1,234.00)',
    };
  }
  if ('ok' in digits) return digits;

  let currency: string | undefined;
  if (parts.symbol !== undefined && parts.code !== undefined) {
    if (!(SYMBOLS.get(parts.symbol)?.codes ?? []).includes(parts.code)) {
      return fail(`the symbol ${parts.symbol} and the code ${parts.code} name different currencies`, 'keep one currency mark, or fix the one that is wrong');
    }
    currency = parts.code;
  } else {
    currency = parts.code ?? (parts.symbol === undefined ? undefined : SYMBOLS.get(parts.symbol)?.currency);
  }

  const int = digits.int.replace(/^0+(?=\d)/, '');
  const isZero = /^0*$/.test(int + digits.frac);
  const value = `${parts.negative && !isZero ? '-' : ''}${int}${digits.frac === '' ? '' : `.${digits.frac}`}`;
  return {
    ok: true,
    value,
    ...(currency === undefined ? {} : { currency }),
    ...(parts.symbol === undefined ? {} : { symbol: parts.symbol }),
  };
}

/**
 * Which decimal mark the value proves: `1,234.56` → '.', `1.234,56` → ',', `12,5` → ',',
 * `12.50` → '.', `1,234,567` → '.'; `1234` and the ambiguous `1,234` → undefined.
 */
export function decimalMarkEvidence(raw: string): DecimalMark | undefined {
  const parts = splitAmount(raw);
  if ('ok' in parts) return undefined;
  const groups = parts.body.split(/[.,'\u2019\s]/);
  const seps = parts.body.match(/[.,'\u2019\s]/g) ?? [];
  const mark = inferMark(groups, seps);
  if (mark === undefined || mark === 'ambiguous') return undefined;
  return parseAmount(raw, mark).ok ? mark : undefined;
}
