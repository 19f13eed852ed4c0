/**
 * Sales credit: which reps a won deal credits, and how much, in the base currency.
 *
 * Rules:
 * 1. The deal amount is converted to the base currency once, with the FX rate effective at the
 *    close date, rounded half-up to minor units. No rate → the deal is not credited at all (the
 *    caller excludes it and names it in a warning); it is never converted at 1.0.
 * 2. Ordinary split rows share the converted amount by their percentages. The shares are
 *    allocated with the largest-remainder method (`allocate`), so when the percentages total
 *    100 the credit lines sum exactly to the converted amount.
 * 3. Ordinary splits that do not total 100% are credited as given: the credited total is
 *    converted × total% (rounded once, half-up), allocated among them by their percentages, and
 *    a warning names the deal.
 * 4. Overlay splits add credit on top: converted × percent (rounded half-up per line); they
 *    reduce nobody's share.
 * 5. A deal with no ordinary split rows credits 100% to its owner (overlays still add on top).
 * 6. A line whose rep is not resolved (unknown owner or split rep) keeps repId null: the caller
 *    reports it as unassigned rather than dropping the money.
 * 7. Summed rows (see DealSumRow: base-currency deals without split rows, summed per owner by
 *    the database) credit their owner the sum, exactly what rule 5 gives deal by deal.
 */
import type { IsoDate } from './calendar.js';
import { type Decimal, decimalFromInt, decimalToString, divRound, parseDecimal, pow10 } from './decimal.js';
import { type FxTable, type MissingFx, noteMissingFx, toBase } from './fx.js';
import { allocate, percentOf } from './money.js';

export interface CreditDeal {
  dealId: string;
  ownerRepId: string | null;
  /** Minor units of `currency`; null (no amount in the export) credits 0. */
  amountMinor: number | bigint | null;
  currency: string;
  closeDate: IsoDate;
}

/**
 * Deals as the database hands them to the reports: either one deal (`dealId` set, `count` 1),
 * or several deals of one owner and status summed (`dealId` null). Summed rows are only ever
 * deals in the base currency without split rows, so summing before crediting loses nothing:
 * each would credit its owner 100% of an amount that needs no conversion.
 */
export interface DealSumRow {
  ownerRepId: string | null;
  status: 'open' | 'won' | 'lost';
  /** Open deals only (null otherwise): the CRM stage and probability (percent text). */
  stage: string | null;
  probability: string | null;
  currency: string;
  dealId: string | null;
  /**
   * The deal's close date; for a summed row, one of its deals' (summed rows are in the base
   * currency, which takes no rate, so their date never chooses one).
   */
  closeDate: IsoDate;
  /** close_date − created_date in days (won and lost deals; null when unknown or negative). */
  cycleDays: number | null;
  count: number;
  /** Sum of amounts in minor units of `currency` (a missing amount counts 0). */
  amountMinor: bigint;
}

export interface CreditSplit {
  dealId: string;
  repId: string | null;
  /** Exact decimal text in percent ("60", "33.333"). */
  percent: string;
  isOverlay: boolean;
}

export interface CreditLine {
  dealId: string;
  repId: string | null;
  /** Minor units of the base currency. */
  amountMinor: bigint;
  percent: Decimal;
  isOverlay: boolean;
}

export type DealCreditResult =
  | { ok: true; convertedMinor: bigint; lines: CreditLine[]; warning?: string }
  | { ok: false; reason: 'no-fx' };

const HUNDRED = decimalFromInt(100);

function parsePercent(text: string): Decimal | undefined {
  try {
    const p = parseDecimal(text.trim());
    return p.coef < 0n ? undefined : p;
  } catch {
    return undefined;
  }
}

/** Percent coefficients brought to one scale, so they can serve as integer weights. */
function commonScale(percents: readonly Decimal[]): { weights: bigint[]; scale: number } {
  const scale = percents.reduce((max, p) => Math.max(max, p.scale), 0);
  return { weights: percents.map((p) => p.coef * pow10(scale - p.scale)), scale };
}

/** Converts a deal's amount to base minor units at its close date; undefined without a rate. */
export function convertDealAmount(deal: CreditDeal, fx: FxTable): bigint | undefined {
  const minor = deal.amountMinor === null ? 0n : BigInt(deal.amountMinor);
  return toBase(fx, minor, deal.currency, deal.closeDate);
}

export function creditDeal(deal: CreditDeal, splits: readonly CreditSplit[], fx: FxTable): DealCreditResult {
  const converted = convertDealAmount(deal, fx);
  if (converted === undefined) return { ok: false, reason: 'no-fx' };
  const problems: string[] = [];
  const parsed = splits.map((s) => ({ split: s, percent: parsePercent(s.percent) }));
  for (const p of parsed) {
    if (p.percent === undefined) problems.push(`split of ${p.split.repId ?? '(unknown rep)'} has percent "${p.split.percent}" (credited 0)`);
  }
  const ordinary = parsed.filter((p) => !p.split.isOverlay);
  const overlays = parsed.filter((p) => p.split.isOverlay);
  const lines: CreditLine[] = [];

  if (ordinary.length === 0) {
    lines.push({ dealId: deal.dealId, repId: deal.ownerRepId, amountMinor: converted, percent: HUNDRED, isOverlay: false });
  } else {
    const percents = ordinary.map((p) => p.percent ?? decimalFromInt(0));
    const { weights, scale } = commonScale(percents);
    const totalWeight = weights.reduce((sum, w) => sum + w, 0n);
    const full = 100n * pow10(scale);
    const credited = totalWeight === full ? converted : divRound(converted * totalWeight, full, 'half-up');
    if (totalWeight !== full) {
      problems.push(`ordinary splits total ${decimalToString({ coef: totalWeight, scale })}% (expected 100%); credited as given`);
    }
    const parts = totalWeight === 0n ? weights.map(() => 0n) : allocate(credited, weights);
    ordinary.forEach((p, i) => {
      lines.push({
        dealId: deal.dealId,
        repId: p.split.repId,
        amountMinor: parts[i] ?? 0n,
        percent: percents[i] ?? decimalFromInt(0),
        isOverlay: false,
      });
    });
  }
  for (const p of overlays) {
    const percent = p.percent ?? decimalFromInt(0);
    lines.push({
      dealId: deal.dealId,
      repId: p.split.repId,
      amountMinor: percentOf(converted, percent, 'half-up'),
      percent,
      isOverlay: true,
    });
  }
  const warning = problems.length > 0 ? `deal ${deal.dealId}: ${problems.join('; ')}` : undefined;
  return warning === undefined ? { ok: true, convertedMinor: converted, lines } : { ok: true, convertedMinor: converted, lines, warning };
}

export interface CreditResult {
  lines: CreditLine[];
  /** Converted amount of every credited deal, by deal id. */
  converted: Map<string, bigint>;
  /** Deals excluded for want of an FX rate, by currency. */
  missingFx: MissingFx;
  /** One warning per deal whose splits are irregular. */
  warnings: string[];
}

/** Credits every deal; `splits` may hold rows of any deal (they are grouped here). */
export function creditDeals(deals: readonly CreditDeal[], splits: readonly CreditSplit[], fx: FxTable): CreditResult {
  const byDeal = new Map<string, CreditSplit[]>();
  for (const s of splits) {
    const list = byDeal.get(s.dealId) ?? [];
    list.push(s);
    byDeal.set(s.dealId, list);
  }
  const result: CreditResult = { lines: [], converted: new Map(), missingFx: new Map(), warnings: [] };
  for (const deal of deals) {
    const credit = creditDeal(deal, byDeal.get(deal.dealId) ?? [], fx);
    if (!credit.ok) {
      noteMissingFx(result.missingFx, deal.currency, deal.dealId);
      continue;
    }
    result.converted.set(deal.dealId, credit.convertedMinor);
    for (const line of credit.lines) result.lines.push(line);
    if (credit.warning !== undefined) result.warnings.push(credit.warning);
  }
  return result;
}

/** Credit of one rep: the amount, the deals seen one by one, and deals only counted in a sum. */
export interface RepCredit {
  credit: bigint;
  /** Deals seen one by one (they may credit several reps). */
  deals: Set<string>;
  /** Deals seen only as a count in a summed row (they credit their owner alone). */
  counted: number;
}

export const newRepCredit = (): RepCredit => ({ credit: 0n, deals: new Set(), counted: 0 });

export interface CreditByRepResult {
  /** By rep_id; null collects credit of reps not in `known` (unassigned). */
  byRep: Map<string | null, RepCredit>;
  missingFx: MissingFx;
  /** Irregular splits: five deals named, then a count. */
  warnings: string[];
  /** Won rows read (single deals and summed rows). */
  wonCount: number;
}

/** Credit per rep from won deal rows: single deals through creditDeals, summed rows to their owner. */
export function creditByRep(won: readonly DealSumRow[], splits: readonly CreditSplit[], fx: FxTable, known: ReadonlySet<string>): CreditByRepResult {
  const single: CreditDeal[] = [];
  const summed: DealSumRow[] = [];
  for (const row of won) {
    if (row.status !== 'won') continue;
    if (row.dealId === null) summed.push(row);
    else single.push({ dealId: row.dealId, ownerRepId: row.ownerRepId, amountMinor: row.amountMinor, currency: row.currency, closeDate: row.closeDate });
  }
  const credit = creditDeals(single, splits, fx);
  const warnings = credit.warnings.slice(0, 5);
  if (credit.warnings.length > 5) warnings.push(`…and ${credit.warnings.length - 5} more deals with irregular splits (see \`spm doctor\`)`);
  const byRep = new Map<string | null, RepCredit>();
  const of = (repId: string | null): RepCredit => {
    const key = repId !== null && known.has(repId) ? repId : null;
    const entry = byRep.get(key) ?? newRepCredit();
    byRep.set(key, entry);
    return entry;
  };
  for (const line of credit.lines) {
    const entry = of(line.repId);
    entry.credit += line.amountMinor;
    entry.deals.add(line.dealId);
  }
  for (const row of summed) {
    const amount = toBase(fx, row.amountMinor, row.currency, row.closeDate);
    if (amount === undefined) {
      noteMissingFx(credit.missingFx, row.currency, `${row.count} deals of ${row.ownerRepId ?? 'no owner'}`);
      continue;
    }
    const entry = of(row.ownerRepId);
    entry.credit += amount;
    entry.counted += row.count;
  }
  return { byRep, missingFx: credit.missingFx, warnings, wonCount: single.length + summed.length };
}
