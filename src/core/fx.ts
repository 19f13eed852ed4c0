/**
 * Exchange rates to the base currency, effective-dated.
 *
 * A rate row (currency, date, rate) means: from `date` on, one unit of `currency` is worth
 * `rate` units of the base currency, until the next row of that currency takes effect. Before
 * a currency's first row there is no rate (undefined), and an amount is never converted at 1.0
 * by default: the base currency itself is the only currency with an implicit rate of 1.
 * Rates are exact decimals; converting rounds once, half-up, to minor units of the base.
 */
import { compareDates, type IsoDate } from './calendar.js';
import { type Decimal, type RoundingMode, decimalFromInt, parseDecimal } from './decimal.js';
import { convertMinor } from './money.js';

/** One stored rate, as loaded from the database (rate is exact decimal text). */
export interface FxRateRow {
  currency: string;
  date: IsoDate;
  rate: string;
}

export interface FxTable {
  readonly baseCurrency: string;
  /** The rate effective at `date` (the latest row dated on or before it), or undefined. */
  rateAt(currency: string, date: IsoDate): Decimal | undefined;
  /** Rows ignored because their rate is not a positive exact decimal. */
  readonly invalid: readonly FxRateRow[];
}

const ONE = decimalFromInt(1);

interface Dated {
  date: IsoDate;
  rate: Decimal;
}

function parsePositive(text: string): Decimal | undefined {
  try {
    const rate = parseDecimal(text.trim());
    return rate.coef > 0n ? rate : undefined;
  } catch {
    return undefined;
  }
}

/** Index of the last entry dated on or before `date`, or -1 (binary search over sorted dates). */
function lastOnOrBefore(entries: readonly Dated[], date: IsoDate): number {
  let lo = 0;
  let hi = entries.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const entry = entries[mid];
    if (entry !== undefined && compareDates(entry.date, date) <= 0) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export function buildFxTable(rows: readonly FxRateRow[], baseCurrency: string): FxTable {
  const byCurrency = new Map<string, Dated[]>();
  const invalid: FxRateRow[] = [];
  for (const row of rows) {
    if (row.currency === baseCurrency) continue;
    const rate = parsePositive(row.rate);
    if (rate === undefined) {
      invalid.push(row);
      continue;
    }
    const list = byCurrency.get(row.currency) ?? [];
    list.push({ date: row.date, rate });
    byCurrency.set(row.currency, list);
  }
  for (const list of byCurrency.values()) list.sort((a, b) => compareDates(a.date, b.date));
  return {
    baseCurrency,
    invalid,
    rateAt(currency, date) {
      if (currency === baseCurrency) return ONE;
      const list = byCurrency.get(currency);
      if (list === undefined) return undefined;
      return list[lastOnOrBefore(list, date)]?.rate;
    },
  };
}

/**
 * `minor` units of `currency` in minor units of the base currency at the rate effective on
 * `date`, rounded once with `mode` (default half-up); undefined when no rate is effective.
 */
export function toBase(
  fx: FxTable,
  minor: bigint,
  currency: string,
  date: IsoDate,
  mode: RoundingMode = 'half-up',
): bigint | undefined {
  if (currency === fx.baseCurrency) return minor;
  const rate = fx.rateAt(currency, date);
  if (rate === undefined) return undefined;
  return convertMinor(minor, currency, fx.baseCurrency, rate, mode);
}

/** Deals left out for want of a rate, by currency: currency → deal ids. */
export type MissingFx = Map<string, string[]>;

export function noteMissingFx(missing: MissingFx, currency: string, dealId: string): void {
  const ids = missing.get(currency) ?? [];
  ids.push(dealId);
  missing.set(currency, ids);
}

const EXAMPLES = 5;

/** One warning per currency, naming the deals (up to five, then a count). */
export function missingFxWarnings(missing: MissingFx, baseCurrency: string): string[] {
  return [...missing.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, ids]) => {
      const shown = ids.slice(0, EXAMPLES).join(', ');
      const more = ids.length > EXAMPLES ? ` and ${ids.length - EXAMPLES} more` : '';
      const noun = ids.length === 1 ? 'deal' : 'deals';
      return (
        `no ${currency}→${baseCurrency} FX rate effective at the close date of ${ids.length} ${noun} ` +
        `(${shown}${more}): excluded, not converted; import a rate with \`spm import fx-rates\``
      );
    });
}
