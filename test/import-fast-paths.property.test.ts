/**
 * The import's fast paths against the exact general code they stand in for:
 * - plainMinor / plainPercent (no BigInt) give what toMinor / the decimal percentage path give,
 *   wherever they answer at all, and toMinorNumber (the import's amount conversion) gives what
 *   checkSafe(toMinor) gives, errors included;
 * - rows packed for the trip from the import worker (RowPacker) come back as they were
 *   (RowUnpacker), in whole messages or in parts, across messages.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDec, decimalFromInt, decimalToString, mulDec, parseDecimal } from '../src/core/decimal.js';
import { checkSafe, plainMinor, toMinor, toMinorNumber } from '../src/core/money.js';
import type { DbValue } from '../src/db/tables.js';
import { plainPercent } from '../src/ingest/plain-number.js';
import { RowPacker, RowUnpacker } from '../src/ingest/row-batch.js';

const RUNS = { numRuns: 1000 };
const CURRENCY_BY_EXPONENT: Record<number, string> = { 0: 'JPY', 2: 'USD', 3: 'KWD' };

const digits = (min: number, max: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
/** Decimal-looking text, mostly well-formed, sometimes not. */
const decimalText = fc.oneof(
  fc.tuple(fc.constantFrom('', '-', '+'), digits(0, 17), fc.constantFrom('', '.'), digits(0, 5)).map(([s, w, dot, f]) => `${s}${w}${dot}${f}`),
  fc.string({ unit: fc.constantFrom(...'0123456789.-,e '), maxLength: 12 }),
);

/** The general path: exact minor units, or undefined where it refuses the value. */
function generalMinor(value: string, currency: string): number | undefined {
  try {
    const m = toMinor(value, currency);
    return Number.isSafeInteger(Number(m)) ? Number(m) : undefined;
  } catch {
    return undefined;
  }
}

/** The general percentage path of normalize-row.ts, in canonical text, or undefined. */
function generalPercent(body: string, fromFraction: boolean, max: number): string | undefined {
  try {
    let d = parseDecimal(body);
    if (fromFraction) d = mulDec(d, decimalFromInt(100));
    if (compareDec(d, decimalFromInt(0)) < 0 || compareDec(d, decimalFromInt(max)) > 0) return undefined;
    return decimalToString(d);
  } catch {
    return undefined;
  }
}

describe('plain-number fast paths', () => {
  it('plainMinor gives the exact minor units toMinor gives, whenever it answers', () => {
    fc.assert(
      fc.property(decimalText, fc.constantFrom(0, 2, 3), (value, exponent) => {
        const fast = plainMinor(value, exponent);
        if (fast === undefined) return;
        expect(fast).toBe(generalMinor(value, CURRENCY_BY_EXPONENT[exponent] as string));
      }),
      RUNS,
    );
  });

  it('toMinorNumber gives what checkSafe(toMinor) gives, and fails where it fails', () => {
    const outcome = (f: () => number): string => {
      try {
        return `= ${f()}`;
      } catch (err) {
        return `! ${err instanceof Error ? err.message : String(err)}`;
      }
    };
    fc.assert(
      fc.property(decimalText, fc.constantFrom('JPY', 'USD', 'KWD'), (value, currency) => {
        expect(outcome(() => toMinorNumber(value, currency, 'amount'))).toBe(outcome(() => checkSafe(toMinor(value, currency), 'amount')));
      }),
      RUNS,
    );
  });

  it('plainMinor answers for the usual amounts', () => {
    expect(plainMinor('42170.03', 2)).toBe(4_217_003);
    expect(plainMinor('-0.5', 2)).toBe(-50);
    expect(plainMinor('1234', 0)).toBe(1234);
    expect(plainMinor('1.5', 3)).toBe(1500);
    expect(plainMinor('-0.00', 2)).toBe(0);
    expect(plainMinor('1.234', 2)).toBeUndefined(); // more decimals than USD: the general path words it
    expect(plainMinor('9999999999999.99', 2)).toBe(999_999_999_999_999);
    expect(plainMinor('99999999999999.99', 2)).toBeUndefined(); // 16 digits: left to BigInt
  });

  it('plainPercent gives the canonical text of the general path, whenever it answers', () => {
    fc.assert(
      fc.property(decimalText, fc.boolean(), fc.constantFrom(100, 1000), (body, fromFraction, max) => {
        const fast = plainPercent(body, fromFraction, max);
        if (fast === undefined) return;
        expect(fast).toBe(generalPercent(body, fromFraction, max));
      }),
      RUNS,
    );
    expect(plainPercent('060.50', false, 100)).toBe('60.5');
    expect(plainPercent('0.35', true, 100)).toBe('35');
    expect(plainPercent('0.355', true, 100)).toBe('35.5');
    expect(plainPercent('100.5', false, 100)).toBeUndefined();
  });
});

describe('rows packed for the import worker', () => {
  const WIDTH = 5;
  const value: fc.Arbitrary<DbValue> = fc.oneof(
    fc.constant(null),
    fc.constantFrom('USD', 'won', 'Closed Won', ''), // repeats, as a column often holds
    fc.string({ maxLength: 12 }),
    fc.string({ unit: 'grapheme', maxLength: 6 }),
    fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
  );
  const row = fc.array(value, { minLength: WIDTH, maxLength: WIDTH });
  const message = fc.array(row, { minLength: 1, maxLength: 20 });
  // Small dictionaries, full or given up on after a few values, as well as the real limits.
  const limits = fc.oneof(fc.record({ maxEntries: fc.integer({ min: 0, max: 6 }), trial: fc.integer({ min: 1, max: 12 }) }), fc.constant(undefined));

  it('unpack(pack(rows)) gives the rows and their line numbers back, message by message and in parts', () => {
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 7 }), limits, (messages, part, lim) => {
        const packer = new RowPacker(WIDTH, 4, lim); // a small capacity: the packer grows
        const unpacker = new RowUnpacker(WIDTH);
        let line = 2;
        for (const rows of messages) {
          const expected: DbValue[] = [];
          for (const r of rows) {
            packer.push(r, line);
            expected.push(...r, line++);
          }
          const packed = packer.take();
          const got: DbValue[] = [];
          for (let from = 0; from < packed.count; from += part) {
            const batch = unpacker.unpack(packed, from, Math.min(packed.count, from + part));
            got.push(...batch.values);
          }
          expect(got).toEqual(expected);
        }
      }),
      RUNS,
    );
  });

  it('refuses a message that does not fit the unpacker', () => {
    const packer = new RowPacker(3);
    packer.push(['a', 1, null], 2);
    expect(() => new RowUnpacker(4).unpack(packer.take())).toThrow(/do not fit/);
  });
});
