/**
 * Sales KPIs for a period, for the whole company or by rep, team, manager or region.
 *
 * Each deal counts wholly for its owner's group (splits do not apply to deal counts, rates and
 * cycle times); the attainment distribution and coverage use attainment.ts, split credit
 * included. Amounts are in the base currency, converted at the rate effective at the close date;
 * deals without such a rate are left out of every figure (and named in a warning).
 *
 *   won_revenue          = Σ amount of won deals with close_date in the period
 *   deals_won, deals_lost = number of won / lost deals with close_date in the period
 *   win_rate             = deals_won / (deals_won + deals_lost)                 (empty when 0/0)
 *   win_rate_value       = won_revenue / (won_revenue + Σ amount of lost deals) (empty when 0/0)
 *   avg_deal_size        = won_revenue / deals_won, rounded half-up to minor units
 *   cycle_days           = close_date − created_date in days, for won deals (mean and median);
 *                          the *_closed columns use won and lost deals; deals without a created
 *                          date or created after they closed are left out. Mean rounded half-up
 *                          to 0.1 day, median exact (a .5 when the count is even).
 *   leads                = leads with created_date in the period
 *   leads_converted      = of those, the ones marked converted (or with a conversion date)
 *   lead_conversion_rate = leads_converted / leads
 *   pipeline             = Σ amount of open deals whose expected close_date is in the period
 *   weighted_pipeline    = Σ amount × probability / 100 of those deals, rounded once half-up;
 *                          probability is the CRM's, else the configured stage probability,
 *                          else 0 (with a warning)
 *   coverage             = pipeline / remaining quota, remaining = prorated quota − credited
 *                          (empty when no quota remains)
 *   reps_with_quota      = reps whose prorated quota for the period is above 0
 *   reps_at_quota        = of those, reps with credited ≥ prorated quota
 *   share_at_quota       = reps_at_quota / reps_with_quota
 *   bands                = reps with quota by attainment: < 50%, 50–79%, 80–99%, 100–119%, ≥ 120%
 *                          (band edges compared exactly: 80–99% means 0.8 ≤ a < 1.0)
 */
import { type AttainmentResult, type AttainmentRow, type RepInfo, compareGroups, groupOf, managerGroups } from './attainment.js';
import type { DealSumRow } from './credit.js';
import { type Decimal, addDec, decimalFromInt, divRound, mulDec, parseDecimal, toFixedScale } from './decimal.js';
import { type FxTable, type MissingFx, missingFxWarnings, noteMissingFx, toBase } from './fx.js';
import type { DateRange } from './quota.js';

export const METRICS_BY = ['all', 'rep', 'team', 'manager', 'region'] as const;
export type MetricsBy = (typeof METRICS_BY)[number];

export function isMetricsBy(s: string): s is MetricsBy {
  return METRICS_BY.some((b) => b === s);
}

/** Leads created in the period, counted per owner. */
export interface LeadSumRow {
  ownerRepId: string | null;
  leads: number;
  /** Of those, the leads marked converted (or, when unmarked, given a conversion date). */
  converted: number;
}

export interface MetricsInput {
  period: DateRange;
  by: MetricsBy;
  /** Deals with close_date in the period, any status (one by one or summed, see DealSumRow). */
  deals: readonly DealSumRow[];
  leads: readonly LeadSumRow[];
  reps: readonly RepInfo[];
  fx: FxTable;
  /** Configured default probability (percent) of a stage. */
  stageProbability: (stage: string) => number | undefined;
  /** Attainment for the same period, grouped by `by` ('rep' when by is 'all'). */
  attainment: AttainmentResult;
}

export interface AttainmentBands {
  below50: number;
  from50to79: number;
  from80to99: number;
  from100to119: number;
  from120: number;
}

export interface MetricsRow {
  group: string | null;
  name: string;
  wonRevenueMinor: bigint;
  dealsWon: number;
  dealsLost: number;
  winRate: number | null;
  winRateValue: number | null;
  avgDealSizeMinor: bigint | null;
  cycleDaysMean: string | null;
  cycleDaysMedian: string | null;
  cycleDaysMeanClosed: string | null;
  cycleDaysMedianClosed: string | null;
  leads: number;
  leadsConverted: number;
  leadConversionRate: number | null;
  pipelineMinor: bigint;
  weightedPipelineMinor: bigint;
  coverage: number | null;
  repsWithQuota: number;
  repsAtQuota: number;
  shareAtQuota: number | null;
  bands: AttainmentBands;
}

export interface MetricsResult {
  rows: MetricsRow[];
  totals: MetricsRow;
  missingFx: MissingFx;
  warnings: string[];
  hasData: boolean;
}

class Tally {
  won = 0n;
  lost = 0n;
  dealsWon = 0;
  dealsLost = 0;
  /** Sales cycle histograms: days → number of deals. */
  cyclesWon = new Map<number, number>();
  cyclesClosed = new Map<number, number>();
  leads = 0;
  converted = 0;
  pipeline = 0n;
  weighted: Decimal = decimalFromInt(0);
}

const div = (a: number, b: number): number | null => (b === 0 ? null : a / b);
const divBig = (a: bigint, b: bigint): number | null => (b === 0n ? null : Number(a) / Number(b));

/** Tenths of a day as text with one decimal: 425n → "42.5". */
function tenths(value: bigint): string {
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 10n}.${abs % 10n}`;
}

function addCycle(histogram: Map<number, number>, days: number, count: number): void {
  histogram.set(days, (histogram.get(days) ?? 0) + count);
}

function meanDays(histogram: ReadonlyMap<number, number>): string | null {
  let sum = 0n;
  let n = 0n;
  for (const [days, count] of histogram) {
    sum += BigInt(days) * BigInt(count);
    n += BigInt(count);
  }
  return n === 0n ? null : tenths(divRound(sum * 10n, n, 'half-up'));
}

/** The middle value (the mean of the two middle values for an even count): whole or half days. */
function medianDays(histogram: ReadonlyMap<number, number>): string | null {
  const sorted = [...histogram.entries()].sort((a, b) => a[0] - b[0]);
  const n = sorted.reduce((s, [, c]) => s + c, 0);
  if (n === 0) return null;
  const nth = (k: number): number => {
    let seen = 0;
    for (const [days, count] of sorted) {
      seen += count;
      if (seen > k) return days;
    }
    return sorted[sorted.length - 1]?.[0] ?? 0;
  };
  const twice = n % 2 === 1 ? 2 * nth((n - 1) / 2) : nth(n / 2 - 1) + nth(n / 2);
  return tenths(BigInt(twice) * 5n);
}

function probabilityOf(deal: DealSumRow, stageProbability: (stage: string) => number | undefined): Decimal | undefined {
  if (deal.probability !== null) {
    try {
      return parseDecimal(deal.probability.trim());
    } catch {
      return undefined;
    }
  }
  const configured = deal.stage === null ? undefined : stageProbability(deal.stage);
  if (configured === undefined) return undefined;
  return parseDecimal(Number.isInteger(configured) ? String(configured) : configured.toFixed(12));
}

function bandsOf(reps: readonly { creditedMinor: bigint; proratedMinor: bigint | null }[]): { bands: AttainmentBands; withQuota: number; atQuota: number } {
  const bands: AttainmentBands = { below50: 0, from50to79: 0, from80to99: 0, from100to119: 0, from120: 0 };
  let withQuota = 0;
  let atQuota = 0;
  for (const r of reps) {
    const q = r.proratedMinor;
    if (q === null || q <= 0n) continue;
    withQuota++;
    const c100 = r.creditedMinor * 100n; // compare credited/quota with p% exactly: c×100 ≥ q×p
    if (c100 >= q * 100n) atQuota++;
    if (c100 >= q * 120n) bands.from120++;
    else if (c100 >= q * 100n) bands.from100to119++;
    else if (c100 >= q * 80n) bands.from80to99++;
    else if (c100 >= q * 50n) bands.from50to79++;
    else bands.below50++;
  }
  return { bands, withQuota, atQuota };
}

function toRow(group: string | null, name: string, t: Tally, reps: readonly { creditedMinor: bigint; proratedMinor: bigint | null }[], remaining: bigint | null): MetricsRow {
  const dist = bandsOf(reps);
  const weighted = toFixedScale({ coef: t.weighted.coef, scale: t.weighted.scale + 2 }, 0, 'half-up').coef;
  return {
    group, name,
    wonRevenueMinor: t.won, dealsWon: t.dealsWon, dealsLost: t.dealsLost,
    winRate: div(t.dealsWon, t.dealsWon + t.dealsLost), winRateValue: divBig(t.won, t.won + t.lost),
    avgDealSizeMinor: t.dealsWon === 0 ? null : divRound(t.won, BigInt(t.dealsWon), 'half-up'),
    cycleDaysMean: meanDays(t.cyclesWon), cycleDaysMedian: medianDays(t.cyclesWon),
    cycleDaysMeanClosed: meanDays(t.cyclesClosed), cycleDaysMedianClosed: medianDays(t.cyclesClosed),
    leads: t.leads, leadsConverted: t.converted, leadConversionRate: div(t.converted, t.leads),
    pipelineMinor: t.pipeline, weightedPipelineMinor: weighted,
    coverage: remaining === null || remaining <= 0n ? null : divBig(t.pipeline, remaining),
    repsWithQuota: dist.withQuota, repsAtQuota: dist.atQuota, shareAtQuota: div(dist.atQuota, dist.withQuota), bands: dist.bands,
  };
}

export function computeMetrics(input: MetricsInput): MetricsResult {
  const { by, fx, attainment } = input;
  const repById = new Map(input.reps.map((r) => [r.repId, r]));
  const manager = managerGroups(input.reps);
  const keyOf = (repId: string | null): { key: string | null; name: string } => {
    if (by === 'all') return { key: 'all', name: 'All reps' };
    const rep = repId === null ? undefined : repById.get(repId);
    return rep === undefined ? { key: null, name: '(unassigned)' } : groupOf(rep, by, manager);
  };
  const groups = new Map<string | null, { name: string; tally: Tally }>();
  const total = new Tally();
  const tallyFor = (repId: string | null): Tally[] => {
    const { key, name } = keyOf(repId);
    const entry = groups.get(key) ?? { name, tally: new Tally() };
    groups.set(key, entry);
    return [entry.tally, total];
  };

  const missingFx: MissingFx = new Map();
  const noProbability = new Map<string, number>();
  for (const deal of input.deals) {
    const amount = toBase(fx, deal.amountMinor, deal.currency, deal.closeDate);
    if (amount === undefined) {
      noteMissingFx(missingFx, deal.currency, deal.dealId ?? `${deal.count} deals`);
      continue;
    }
    const probability = deal.status === 'open' ? probabilityOf(deal, input.stageProbability) : undefined;
    if (deal.status === 'open' && probability === undefined) {
      const stage = deal.stage ?? '(no stage)';
      noProbability.set(stage, (noProbability.get(stage) ?? 0) + deal.count);
    }
    for (const t of tallyFor(deal.ownerRepId)) {
      if (deal.status === 'won') {
        t.won += amount;
        t.dealsWon += deal.count;
        if (deal.cycleDays !== null && deal.cycleDays >= 0) addCycle(t.cyclesWon, deal.cycleDays, deal.count);
      } else if (deal.status === 'lost') {
        t.lost += amount;
        t.dealsLost += deal.count;
      } else {
        t.pipeline += amount;
        if (probability !== undefined) t.weighted = addDec(t.weighted, mulDec(decimalFromInt(amount), probability));
      }
      if (deal.status !== 'open' && deal.cycleDays !== null && deal.cycleDays >= 0) addCycle(t.cyclesClosed, deal.cycleDays, deal.count);
    }
  }
  for (const lead of input.leads) {
    for (const t of tallyFor(lead.ownerRepId)) {
      t.leads += lead.leads;
      t.converted += lead.converted;
    }
  }
  // Groups that only have quota or reps still get a row.
  for (const row of by === 'all' ? [] : attainment.rows) if (!groups.has(row.group)) groups.set(row.group, { name: row.name, tally: new Tally() });

  const remainingOf = (r: { creditedMinor: bigint; proratedMinor: bigint | null } | undefined): bigint | null =>
    r === undefined || r.proratedMinor === null ? null : r.proratedMinor - r.creditedMinor;
  const attainmentRow = new Map(attainment.rows.map((r) => [r.group, r]));
  const members = new Map<string | null, AttainmentRow[]>();
  for (const r of attainment.perRep) {
    const key = by === 'all' ? 'all' : attainment.groupOfRep.get(r.group ?? '') ?? null;
    const list = members.get(key) ?? [];
    list.push(r);
    members.set(key, list);
  }
  const rows: MetricsRow[] = [];
  for (const [key, g] of groups) {
    const remaining = remainingOf(by === 'all' ? attainment.totals : attainmentRow.get(key));
    rows.push(toRow(key, g.name, g.tally, members.get(key) ?? [], remaining));
  }
  rows.sort(compareGroups);
  const totals = toRow(null, 'Total', total, attainment.perRep, remainingOf(attainment.totals));

  const warnings = missingFxWarnings(missingFx, fx.baseCurrency);
  if (noProbability.size > 0) {
    const stages = [...noProbability.entries()].map(([s, n]) => `${s} (${n})`).join(', ');
    warnings.push(`open deals without a probability, weighted at 0%: ${stages}; set a probability for the stage in config "stages"`);
  }
  return { rows, totals, missingFx, warnings, hasData: input.deals.length > 0 || input.leads.length > 0 };
}
