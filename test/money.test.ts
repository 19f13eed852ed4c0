import { describe, expect, it } from 'vitest';
import {
  UnknownCurrencyError,
  currencyExponent,
  currencySymbolToCode,
  isCurrencyCode,
  normalizeCurrency,
} from '../src/core/currency.js';
import {
  DecimalFormatError,
  addDec,
  compareDec,
  decimalFromInt,
  decimalToString,
  divDec,
  divRound,
  isRoundingMode,
  isZero,
  mulDec,
  parseDecimal,
  subDec,
  toFixedScale,
} from '../src/core/decimal.js';
import {
  MoneyOverflowError,
  PrecisionError,
  allocate,
  applyRate,
  checkSafe,
  convertMinor,
  decimalToMinor,
  minorToDecimalString,
  minorToNumber,
  percentOf,
  roundToMinor,
  toMinor,
} from '../src/core/money.js';

const dec = parseDecimal;

describe('currency exponents', () => {
  it('follows ISO 4217, not a blind /100', () => {
    for (const c of ['USD', 'EUR', 'GBP', 'CHF', 'INR', 'HUF', 'TRY']) expect(currencyExponent(c)).toBe(2);
    for (const c of ['JPY', 'KRW', 'ISK', 'CLP', 'VND']) expect(currencyExponent(c)).toBe(0);
    for (const c of ['KWD', 'BHD', 'OMR', 'JOD', 'TND']) expect(currencyExponent(c)).toBe(3);
    expect(currencyExponent('CLF')).toBe(4);
  });

  it('refuses unknown, malformed and non-monetary codes, naming the code', () => {
    expect(() => currencyExponent('ABC')).toThrow(UnknownCurrencyError);
    expect(() => currencyExponent('ABC')).toThrow(/"ABC"/);
    expect(() => currencyExponent('usd')).toThrow(UnknownCurrencyError);
    expect(() => currencyExponent('US')).toThrow(UnknownCurrencyError);
    expect(() => currencyExponent('XAU')).toThrow(UnknownCurrencyError);
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(isCurrencyCode('eur')).toBe(false);
    expect(isCurrencyCode('ZZZ')).toBe(false);
  });

  it('normalises user input', () => {
    expect(normalizeCurrency(' usd ')).toBe('USD');
    expect(() => normalizeCurrency('dollars')).toThrow(/"dollars"/);
  });

  it('maps symbols to codes, refusing ambiguous ones', () => {
    expect(currencySymbolToCode('$')).toBe('USD');
    expect(currencySymbolToCode('€')).toBe('EUR');
    expect(currencySymbolToCode('£')).toBe('GBP');
    expect(currencySymbolToCode('¥')).toBe('JPY');
    expect(currencySymbolToCode('₹')).toBe('INR');
    expect(currencySymbolToCode('C$')).toBe('CAD');
    expect(currencySymbolToCode('CHF')).toBe('CHF');
    expect(currencySymbolToCode('sek')).toBe('SEK');
    expect(currencySymbolToCode('kr')).toBeUndefined();
    expect(currencySymbolToCode('Rs')).toBeUndefined();
    expect(currencySymbolToCode('?')).toBeUndefined();
  });
});

describe('decimal parsing and arithmetic', () => {
  it('parses plain decimals exactly and keeps the written scale', () => {
    expect(dec('12.500')).toEqual({ coef: 12500n, scale: 3 });
    expect(dec('-0.05')).toEqual({ coef: -5n, scale: 2 });
    expect(dec('+7')).toEqual({ coef: 7n, scale: 0 });
  });

  it('refuses anything but plain decimals', () => {
    for (const bad of ['', '1e3', '1,234.50', '$5', ' 5', '5.', '.5', '--1', '0x1F', 'NaN', '1.2.3']) {
      expect(() => dec(bad), bad).toThrow(DecimalFormatError);
    }
  });

  it('formats canonically: no trailing zeros, never -0', () => {
    expect(decimalToString(dec('12.500'))).toBe('12.5');
    expect(decimalToString(dec('-0.000'))).toBe('0');
    expect(decimalToString(dec('-0.050'))).toBe('-0.05');
    expect(decimalToString(dec('100'))).toBe('100');
    expect(decimalToString({ coef: 5n, scale: 4 })).toBe('0.0005');
  });

  it('adds, subtracts, multiplies and compares exactly', () => {
    // 0.1 + 0.2 is 0.3 exactly, unlike binary floating point
    expect(decimalToString(addDec(dec('0.1'), dec('0.2')))).toBe('0.3');
    expect(decimalToString(subDec(dec('1'), dec('0.001')))).toBe('0.999');
    // 1234.56 × 0.075 = 92.592
    expect(decimalToString(mulDec(dec('1234.56'), dec('0.075')))).toBe('92.592');
    expect(compareDec(dec('1.50'), dec('1.5'))).toBe(0);
    expect(compareDec(dec('-2'), dec('1.99'))).toBe(-1);
    expect(isZero(dec('0.000'))).toBe(true);
    expect(decimalFromInt(42)).toEqual({ coef: 42n, scale: 0 });
    expect(() => decimalFromInt(1.5)).toThrow(RangeError);
  });

  it('divides with one named rounding', () => {
    // 2 / 3 = 0.6666… → 0.6667 half-up, 0.6666 down
    expect(decimalToString(divDec(dec('2'), dec('3'), 4, 'half-up'))).toBe('0.6667');
    expect(decimalToString(divDec(dec('2'), dec('3'), 4, 'down'))).toBe('0.6666');
    // 1 / 8 = 0.125 → 0.12 half-even (2 is even), 0.13 half-up
    expect(decimalToString(divDec(dec('1'), dec('8'), 2, 'half-even'))).toBe('0.12');
    expect(decimalToString(divDec(dec('1'), dec('8'), 2, 'half-up'))).toBe('0.13');
    // 10 / -0.4 = -25
    expect(decimalToString(divDec(dec('10'), dec('-0.4'), 0, 'down'))).toBe('-25');
    expect(() => divDec(dec('1'), dec('0.00'), 2, 'half-up')).toThrow(RangeError);
  });

  it('rescales to a fixed number of places', () => {
    expect(toFixedScale(dec('2.345'), 2, 'half-up')).toEqual({ coef: 235n, scale: 2 });
    expect(toFixedScale(dec('2.345'), 2, 'half-even')).toEqual({ coef: 234n, scale: 2 });
    expect(toFixedScale(dec('2.3'), 3, 'down')).toEqual({ coef: 2300n, scale: 3 });
    expect(() => toFixedScale(dec('2.3'), -1, 'down')).toThrow(RangeError);
  });
});

describe('divRound on .5 cases, both signs', () => {
  // Each row: n/d, then the result for half-up, half-even, down, up.
  const cases: Array<[bigint, bigint, bigint, bigint, bigint, bigint]> = [
    [5n, 2n, 3n, 2n, 2n, 3n], // 2.5
    [7n, 2n, 4n, 4n, 3n, 4n], // 3.5
    [-5n, 2n, -3n, -2n, -2n, -3n], // -2.5: symmetric, not Math.round's -2 for half-up
    [5n, -2n, -3n, -2n, -2n, -3n], // 2.5 with the sign on the divisor
    [-7n, -2n, 4n, 4n, 3n, 4n], // 3.5 from two negatives
    [7n, 3n, 2n, 2n, 2n, 3n], // 2.333…
    [-8n, 3n, -3n, -3n, -2n, -3n], // -2.666…
    [6n, 3n, 2n, 2n, 2n, 2n], // exact
    [1n, 2n, 1n, 0n, 0n, 1n], // 0.5: half-even goes to 0
  ];
  it.each(cases)('%i / %i', (n, d, halfUp, halfEven, down, up) => {
    expect(divRound(n, d, 'half-up')).toBe(halfUp);
    expect(divRound(n, d, 'half-even')).toBe(halfEven);
    expect(divRound(n, d, 'down')).toBe(down);
    expect(divRound(n, d, 'up')).toBe(up);
  });

  it('refuses division by zero and knows its modes', () => {
    expect(() => divRound(1n, 0n, 'half-up')).toThrow(RangeError);
    expect(isRoundingMode('half-even')).toBe(true);
    expect(isRoundingMode('bankers')).toBe(false);
  });
});

describe('amounts in minor units', () => {
  it('converts decimal text exactly, per currency exponent', () => {
    expect(toMinor('1234.50', 'USD')).toBe(123450n);
    expect(toMinor('12.500', 'USD')).toBe(1250n); // trailing zeros are not precision
    expect(toMinor('-0.05', 'EUR')).toBe(-5n);
    expect(toMinor('1235', 'JPY')).toBe(1235n);
    expect(toMinor('1235.000', 'JPY')).toBe(1235n);
    expect(toMinor('1.234', 'KWD')).toBe(1234n);
    expect(toMinor('1', 'CLF')).toBe(10000n);
    expect(decimalToMinor(dec('0.1'), 'BHD')).toBe(100n);
  });

  it('refuses more decimals than the currency allows instead of rounding', () => {
    expect(() => toMinor('12.345', 'USD')).toThrow(PrecisionError);
    expect(() => toMinor('12.3450', 'USD')).toThrow('has 3 decimals but USD allows 2');
    expect(() => toMinor('1234.5', 'JPY')).toThrow('has 1 decimals but JPY allows 0');
    expect(() => toMinor('1.2345', 'KWD')).toThrow('has 4 decimals but KWD allows 3');
    expect(() => toMinor('1,234.50', 'USD')).toThrow(DecimalFormatError);
    expect(() => toMinor('5', 'ZZZ')).toThrow(UnknownCurrencyError);
  });

  it('formats minor units with the currency decimals', () => {
    expect(minorToDecimalString(123450n, 'USD')).toBe('1234.50');
    expect(minorToDecimalString(-5n, 'USD')).toBe('-0.05');
    expect(minorToDecimalString(0, 'USD')).toBe('0.00');
    expect(minorToDecimalString(1235, 'JPY')).toBe('1235');
    expect(minorToDecimalString(1234n, 'KWD')).toBe('1.234');
    expect(minorToDecimalString(-7n, 'CLF')).toBe('-0.0007');
    expect(() => minorToDecimalString(1.5, 'USD')).toThrow(RangeError);
  });

  it('gives major-unit numbers for JSON', () => {
    expect(minorToNumber(123450n, 'USD')).toBe(1234.5);
    expect(minorToNumber(-5, 'USD')).toBe(-0.05);
    expect(minorToNumber(1235n, 'JPY')).toBe(1235);
    expect(minorToNumber(1234n, 'KWD')).toBe(1.234);
    // 16 digits cannot be promised to survive a double: refused
    expect(() => minorToNumber(10n ** 15n, 'USD')).toThrow(MoneyOverflowError);
  });

  it('refuses amounts beyond safe integers for storage', () => {
    expect(checkSafe(9007199254740991n, 'Deal D-1 amount')).toBe(Number.MAX_SAFE_INTEGER);
    expect(checkSafe(-9007199254740991n, 'Deal D-1 amount')).toBe(-Number.MAX_SAFE_INTEGER);
    expect(() => checkSafe(9007199254740992n, 'Deal D-1 amount')).toThrow(MoneyOverflowError);
    expect(() => checkSafe(-9007199254740992n, 'Deal D-1 amount')).toThrow(/Deal D-1 amount/);
    expect(() => minorToDecimalString(2 ** 53, 'USD')).toThrow(MoneyOverflowError);
  });
});

describe('rates, percentages and conversion', () => {
  it('applies a rate with one rounding', () => {
    // 1001 cents × 0.05 = 50.05 cents → 50
    expect(applyRate(1001n, dec('0.05'), 'half-up')).toBe(50n);
    // 1050 cents × 0.05 = 52.5 cents: half-up 53, half-even 52, down 52, up 53
    expect(applyRate(1050n, dec('0.05'), 'half-up')).toBe(53n);
    expect(applyRate(1050n, dec('0.05'), 'half-even')).toBe(52n);
    expect(applyRate(1050n, dec('0.05'), 'down')).toBe(52n);
    expect(applyRate(1050n, dec('0.05'), 'up')).toBe(53n);
    // a clawback rounds like the payment it reverses: -52.5 → -53 half-up
    expect(applyRate(-1050n, dec('0.05'), 'half-up')).toBe(-53n);
    // 7.5% of 1999 cents = 149.925 → 150 half-up
    expect(applyRate(1999n, dec('0.075'), 'half-up')).toBe(150n);
  });

  it('takes percentages', () => {
    // 12.5% of 1999 cents = 249.875 → 250 (half-up), 249 (down)
    expect(percentOf(1999n, dec('12.5'), 'half-up')).toBe(250n);
    expect(percentOf(1999n, dec('12.5'), 'down')).toBe(249n);
    // 10% of 125 cents = 12.5 → 12 half-even, -12.5 → -12 half-even
    expect(percentOf(125n, dec('10'), 'half-even')).toBe(12n);
    expect(percentOf(-125n, dec('10'), 'half-even')).toBe(-12n);
  });

  it('rounds computed decimals to minor units', () => {
    // 92.592 USD → 92.59 → 9259 cents; 0.5 JPY → 1 half-up, 0 half-even
    expect(roundToMinor(dec('92.592'), 'USD', 'half-up')).toBe(9259n);
    expect(roundToMinor(dec('0.5'), 'JPY', 'half-up')).toBe(1n);
    expect(roundToMinor(dec('0.5'), 'JPY', 'half-even')).toBe(0n);
  });

  it('converts across exponents with one rounding', () => {
    // 1000 JPY × 0.0067 = 6.70 USD = 670 cents
    expect(convertMinor(1000n, 'JPY', 'USD', dec('0.0067'), 'half-up')).toBe(670n);
    // 10.00 USD × 149.255 = 1492.55 JPY → 1493 half-up, 1492 down
    expect(convertMinor(1000n, 'USD', 'JPY', dec('149.255'), 'half-up')).toBe(1493n);
    expect(convertMinor(1000n, 'USD', 'JPY', dec('149.255'), 'down')).toBe(1492n);
    // 1.000 KWD × 3.2551 = 3.2551 USD → 3.26 (326 cents)
    expect(convertMinor(1000n, 'KWD', 'USD', dec('3.2551'), 'half-up')).toBe(326n);
    // -12.34 EUR × 1.085 = -13.3889 USD → -13.39 half-up
    expect(convertMinor(-1234n, 'EUR', 'USD', dec('1.085'), 'half-up')).toBe(-1339n);
    // 0.125 USD is not representable; 25 cents × 0.5 = 12.5 EUR cents → 12 half-even
    expect(convertMinor(25n, 'USD', 'EUR', dec('0.5'), 'half-even')).toBe(12n);
    expect(() => convertMinor(100n, 'USD', 'EUR', dec('0'), 'half-up')).toThrow(RangeError);
  });
});

describe('allocate', () => {
  it('hands the leftover cent to the first of equal shares', () => {
    // 100 / 3 = 33.33… each; 1 cent left goes to index 0
    expect(allocate(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    // 101 / 3: 2 cents left → indexes 0 and 1
    expect(allocate(101n, [1n, 1n, 1n])).toEqual([34n, 34n, 33n]);
  });

  it('splits 60/40 with the largest remainder', () => {
    // 1001 × 0.6 = 600.6, × 0.4 = 400.4 → floors 600 + 400, 1 left → 600.6 has the larger remainder
    expect(allocate(1001n, [60n, 40n])).toEqual([601n, 400n]);
    // 1001 × 0.4 = 400.4, × 0.6 = 600.6 regardless of order
    expect(allocate(1001n, [40n, 60n])).toEqual([400n, 601n]);
  });

  it('breaks a remainder tie toward the larger weight', () => {
    // 2 × 1/4 = 0.5 and 2 × 3/4 = 1.5: equal remainders, the larger weight gets the cent
    expect(allocate(2n, [1n, 3n])).toEqual([0n, 2n]);
    expect(allocate(2n, [3n, 1n])).toEqual([2n, 0n]);
  });

  it('is symmetric for negative totals and gives zero weights nothing', () => {
    expect(allocate(-100n, [1n, 1n, 1n])).toEqual([-34n, -33n, -33n]);
    expect(allocate(5n, [0n, 1n, 0n, 1n])).toEqual([0n, 3n, 0n, 2n]);
    expect(allocate(0n, [2n, 3n])).toEqual([0n, 0n]);
  });

  it('refuses weights it cannot split by', () => {
    expect(() => allocate(100n, [])).toThrow(RangeError);
    expect(() => allocate(100n, [0n, 0n])).toThrow(RangeError);
    expect(() => allocate(100n, [1n, -1n, 2n])).toThrow(RangeError);
  });
});
