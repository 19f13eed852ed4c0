import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalMarkEvidence, parseAmount, readAmountDigits, type DecimalMark } from '../src/ingest/parse-amount.js';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('parseAmount: accepted formats', () => {
  it.each<[string, DecimalMark | undefined, string, string | undefined, string | undefined]>([
    // raw, decimal mark of the file, canonical value, currency, symbol
    ['1234', undefined, '1234', undefined, undefined],
    ['1234.56', undefined, '1234.56', undefined, undefined],
    ['$1,234.56', undefined, '1234.56', undefined, '$'],
    ['1.234,56 €', undefined, '1234.56', 'EUR', '€'],
    ['€1.234,56', undefined, '1234.56', 'EUR', '€'],
    ['(1,234.00)', undefined, '-1234.00', undefined, undefined],
    ['($1,234.00)', undefined, '-1234.00', undefined, '$'],
    ['$(1,234.00)', undefined, '-1234.00', undefined, '$'],
    ['USD 1234.56', undefined, '1234.56', 'USD', undefined],
    ['USD1234.56', undefined, '1234.56', 'USD', undefined],
    ['1234.56 USD', undefined, '1234.56', 'USD', undefined],
    ['-1,234.00', undefined, '-1234.00', undefined, undefined],
    ['4380.31-', undefined, '-4380.31', undefined, undefined],
    ['1.234,56-', ',', '-1234.56', undefined, undefined],
    ['1 234,56', undefined, '1234.56', undefined, undefined],
    [`1${NBSP}234,56`, undefined, '1234.56', undefined, undefined],
    [`1${NNBSP}234,56`, undefined, '1234.56', undefined, undefined],
    [`1${NNBSP}234${NNBSP}567`, undefined, '1234567', undefined, undefined],
    ["'1,234.56", undefined, '1234.56', undefined, undefined],
    ["1'234.56", undefined, '1234.56', undefined, undefined],
    ['+12', undefined, '12', undefined, undefined],
    ['  42  ', undefined, '42', undefined, undefined],
    ['.5', undefined, '0.5', undefined, undefined],
    ['007', undefined, '7', undefined, undefined],
    ['-0.00', undefined, '0.00', undefined, undefined],
    ['12.50', undefined, '12.50', undefined, undefined],
    ['12,5', undefined, '12.5', undefined, undefined],
    ['1,234,567', undefined, '1234567', undefined, undefined],
    ['1.234.567,89', undefined, '1234567.89', undefined, undefined],
    ['0,123', undefined, '0.123', undefined, undefined],
    ['1234,567', undefined, '1234.567', undefined, undefined],
    ['£99', undefined, '99', 'GBP', '£'],
    ['¥1000', undefined, '1000', 'JPY', '¥'],
    ['₹ 500', undefined, '500', 'INR', '₹'],
    ['US$1,000.00', undefined, '1000.00', 'USD', 'US$'],
    ['$ 5 USD', undefined, '5', 'USD', '$'],
    ['-$5', undefined, '-5', undefined, '$'],
    ['$-5', undefined, '-5', undefined, '$'],
    ['€ -5', undefined, '-5', 'EUR', '€'],
    ['1,234', '.', '1234', undefined, undefined],
    ['1,234', ',', '1.234', undefined, undefined],
    ['1.234', ',', '1234', undefined, undefined],
    ['1.234', '.', '1.234', undefined, undefined],
  ])('%j (mark %s) → %s', (raw, mark, value, currency, symbol) => {
    const r = parseAmount(raw, mark);
    expect(r).toEqual({ ok: true, value, ...(currency ? { currency } : {}), ...(symbol ? { symbol } : {}) });
  });
});

describe('parseAmount: refusals', () => {
  it('says "empty" for an empty cell and lets the caller decide', () => {
    for (const raw of ['', '   ', "'"]) expect(parseAmount(raw, undefined)).toMatchObject({ ok: false, reason: 'empty' });
  });

  it.each<[string, DecimalMark | undefined, string]>([
    ['12,3x', undefined, 'unexpected "x"'],
    ['1,2,3.4.5', undefined, 'it has more than one "." but "." is the decimal mark here'],
    ['--5', undefined, 'it has more than one sign'],
    ['-(5)', undefined, 'it has more than one sign'],
    ['+-5', undefined, 'it has more than one sign'],
    ['1e5', undefined, 'scientific notation (1e5) is not an exact amount'],
    ['1.5E+3', '.', 'scientific notation (1.5E+3) is not an exact amount'],
    ['0x10', undefined, 'unexpected "x10"'],
    ['$', undefined, 'it has a currency but no digits'],
    ['USD', undefined, 'it has a currency but no digits'],
    ['-', undefined, 'it has no digits'],
    ['1,23,456', undefined, 'Indian lakh/crore digit grouping (1,23,456) is not supported'],
    ['12,34,56,789', '.', 'Indian lakh/crore digit grouping (1,23,456) is not supported'],
    ['$ 5 EUR', undefined, 'the symbol $ and the code EUR name different currencies'],
    ['€5 USD', undefined, 'the symbol € and the code USD name different currencies'],
    ['USD 5 EUR', undefined, 'it names two currencies (USD and EUR)'],
    ['(5', undefined, 'its parentheses do not match'],
    ['5.', undefined, 'it has two separators in a row or ends with a separator'],
    ['1,,234', undefined, 'it has two separators in a row or ends with a separator'],
    ['12,5', '.', 'its digit groups are not thousands (12,5)'],
    ['1.234,56', '.', '"." is the decimal mark here but a separator follows it'],
    ['1,234.56', ',', '"," is the decimal mark here but a separator follows it'],
    ['0,123', '.', 'its digit groups are not thousands (0,123)'],
    ['1 234,56', '.', 'it mixes different thousands separators'],
    ['12%', undefined, 'unexpected "%"'],
  ])('%j (mark %s): %s', (raw, mark, reason) => {
    const r = parseAmount(raw, mark);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe(reason);
      expect(r.hint.length).toBeGreaterThan(10);
      expect(r.ambiguous).toBeUndefined();
    }
  });

  it('gives Indian grouping its own hint', () => {
    expect(parseAmount('1,23,456', undefined)).toMatchObject({ hint: 'remove the thousands separators (123456) or group by thousands (123,456)' });
  });

  it('calls 1,234 and 1.234 ambiguous when the file has not shown its decimal mark', () => {
    for (const raw of ['1,234', '1.234', '$1,000', '-12.500']) {
      expect(parseAmount(raw, undefined)).toMatchObject({ ok: false, ambiguous: true });
    }
    expect(parseAmount('1,234', undefined)).toMatchObject({ reason: '"1,234" could be 1234 or 1.234' });
  });
});

describe('decimalMarkEvidence', () => {
  it.each<[string, DecimalMark | undefined]>([
    ['1,234.56', '.'],
    ['1.234,56', ','],
    ['12,5', ','],
    ['12.50', '.'],
    ['1,234,567', '.'],
    ['1.234.567', ','],
    ['1 234,56', ','],
    ['$0.99', '.'],
    ['1234', undefined],
    ['1,234', undefined],
    ['1.234', undefined],
    ['1,2,3.4.5', undefined],
    ['', undefined],
    ['abc', undefined],
  ])('%j proves %s', (raw, mark) => {
    expect(decimalMarkEvidence(raw)).toBe(mark);
  });
});

describe('parseAmount: property', () => {
  /** Format cents the way an export might: grouped or not, either mark, symbol or code, sign styles. */
  it('reads back any amount written in any supported style', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.constantFrom<DecimalMark>('.', ','),
        fc.constantFrom('', ' ', NBSP, NNBSP, "'", 'mark'),
        fc.constantFrom('minus', 'parens', 'trailing'),
        fc.constantFrom('', '$', '€ ', 'USD '),
        (cents, mark, group, negative, currency) => {
          const abs = cents < 0n ? -cents : cents;
          const int = (abs / 100n).toString();
          const frac = (abs % 100n).toString().padStart(2, '0');
          const other = mark === '.' ? ',' : '.';
          const sep = group === 'mark' ? other : group;
          const grouped = sep === '' ? int : int.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
          const body = `${currency}${grouped}${mark}${frac}`;
          const raw = cents >= 0n ? body : negative === 'minus' ? `-${body}` : negative === 'parens' ? `(${body})` : `${body}-`;
          const expected = `${cents < 0n ? '-' : ''}${int}.${frac}`;
          const r = parseAmount(raw, mark);
          expect(r).toMatchObject({ ok: true, value: expected });
          // With two fraction digits the value proves its own decimal mark.
          expect(parseAmount(raw, undefined)).toMatchObject({ ok: true, value: expected });
          expect(decimalMarkEvidence(raw)).toBe(mark);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('parseAmount: the fast reader agrees with the general reader', () => {
  it('on any string of digits, commas and points, for each decimal mark', () => {
    const body = fc.string({ unit: fc.constantFrom('0', '1', '2', '5', '9', ',', '.'), minLength: 1, maxLength: 14 });
    fc.assert(
      fc.property(body, fc.constantFrom<DecimalMark | undefined>('.', ',', undefined), (raw, mark) => {
        const general = readAmountDigits(raw, mark);
        const result = parseAmount(raw, mark);
        if ('int' in general) {
          // Canonical form: leading zeros dropped (at least one digit kept), fraction as written.
          const int = general.int.replace(/^0+(?=\d)/, '') || '0';
          expect(result).toEqual({ ok: true, value: general.frac === '' ? int : `${int}.${general.frac}` });
        } else {
          expect(result.ok).toBe(false);
          expect(!result.ok && result.ambiguous === true).toBe('ambiguous' in general);
        }
      }),
      { numRuns: 3_000 },
    );
  });
});
