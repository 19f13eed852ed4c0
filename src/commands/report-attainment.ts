/**
 * `spm report attainment --period P [--by rep|team|manager|region] [--measure M] [--rep R]`:
 * options → data → core/attainment.ts → one Report. Also the shared option checks and data
 * loading of `spm report metrics`.
 */
import type { CommandContext } from '../cli/context.js';
import { type AttainmentInput, type AttainmentResult, GROUP_BY, type GroupBy, computeAttainment, makeRepLookup } from '../core/attainment.js';
import type { DealSumRow } from '../core/credit.js';
import { currencyExponent } from '../core/currency.js';
import { buildFxTable, type FxRateRow, type FxTable, missingFxWarnings } from '../core/fx.js';
import { minorToDecimalString } from '../core/money.js';
import { type Period, PeriodError, parsePeriod } from '../core/period.js';
import type { QuotaSettings } from '../core/quota.js';
import { type Db, openDb } from '../db/open.js';
import { loadDealSums, loadFxRates, loadQuotas, loadReps, loadSplitsOf } from '../db/report-data.js';
import { UsageError } from '../errors.js';
import type { Column, Report } from '../render/index.js';

export interface ReportAttainmentOptions {
  /** Any form of SPEC §3: 2026-Q3, FY2027-Q1, last-quarter, 2026-10-01..2026-12-15 … */
  period: string;
  /** rep (default) | team | manager | region */
  by?: string;
  /** Quota measure (default bookings). */
  measure?: string;
  /** A rep_id, email or name: only that rep's row. */
  rep?: string;
}

export const DEFAULT_MEASURE = 'bookings';

export function resolvePeriod(ctx: CommandContext, text: string): Period {
  try {
    return parsePeriod(text, { fiscalYearStartMonth: ctx.config.fiscalYearStartMonth, asOf: ctx.asOf });
  } catch (err) {
    if (err instanceof PeriodError) throw new UsageError(`--period: ${err.message}`, `accepted periods:\n  ${err.accepted.join('\n  ')}`);
    throw err;
  }
}

export function resolveBaseCurrency(ctx: CommandContext): string {
  const base = ctx.config.baseCurrency;
  try {
    currencyExponent(base);
  } catch {
    throw new UsageError(`config baseCurrency "${base}" is not a known ISO 4217 currency`, 'set "baseCurrency" to a code such as USD, EUR or GBP');
  }
  return base;
}

export function quotaSettings(ctx: CommandContext): QuotaSettings {
  const q = ctx.config.quota;
  return q.distribution === undefined ? { proration: q.proration, ramp: q.ramp } : { proration: q.proration, ramp: q.ramp, distribution: q.distribution };
}

/**
 * Everything attainment needs for `period`, with --measure checked against the quotas table.
 * `deals` are the period's deal sums when the caller already loaded them (metrics does).
 */
export function loadAttainmentInput(
  db: Db, period: Period, by: GroupBy, measureOpt: string | undefined, fx: FxTable, settings: QuotaSettings, deals?: readonly DealSumRow[],
): AttainmentInput & { measure: string } {
  const quotas = loadQuotas(db, period);
  const measure = (measureOpt ?? DEFAULT_MEASURE).trim();
  const accepted = [...new Set([DEFAULT_MEASURE, ...quotas.measures])].sort();
  if (!accepted.includes(measure)) {
    throw new UsageError(`--measure: unknown quota measure "${measureOpt ?? ''}"`, `accepted measures (from the quotas table): ${accepted.join(', ')}`);
  }
  const won = (deals ?? loadDealSums(db, period, fx.baseCurrency, true)).filter((d) => d.status === 'won');
  // Only won deals listed one by one can have split rows (summed rows never do).
  const single = won.flatMap((d) => (d.dealId === null ? [] : [d.dealId]));
  return {
    period, by, measure, fx, settings, won,
    reps: loadReps(db),
    splits: loadSplitsOf(db, single),
    quotas: quotas.rows.filter((q) => q.measure === measure),
  };
}

export function invalidRate(r: FxRateRow): string {
  return `FX rate ${r.currency} ${r.date} "${r.rate}" is not a positive decimal: ignored`;
}

export function groupLabel(by: string): string {
  return by === 'all' ? 'Group' : by.charAt(0).toUpperCase() + by.slice(1);
}

/** The --by value among `accepted` (case-insensitive), or a UsageError listing them. */
export function checkBy<T extends string>(value: string | undefined, accepted: readonly T[], fallback: T): T {
  const wanted = (value ?? fallback).trim().toLowerCase();
  const found = accepted.find((a) => a === wanted);
  if (found === undefined) throw new UsageError(`--by: unknown grouping "${value ?? ''}"`, `accepted: ${accepted.join(', ')}`);
  return found;
}

function columns(by: GroupBy): Column[] {
  return [
    { key: 'period', label: 'Period', type: 'text' },
    { key: 'group', label: groupLabel(by), type: 'id' },
    { key: 'name', label: 'Name', type: 'text' },
    { key: 'quota', label: 'Quota', type: 'money' },
    { key: 'prorated_quota', label: 'Prorated quota', type: 'money' },
    { key: 'credited', label: 'Credited', type: 'money' },
    { key: 'attainment', label: 'Attainment', type: 'ratio' },
    { key: 'gap', label: 'Gap', type: 'money' },
    { key: 'deals', label: 'Deals', type: 'int' },
    { key: 'currency', label: 'Currency', type: 'text' },
  ];
}

export function attainmentReport(ctx: CommandContext, db: Db, opts: ReportAttainmentOptions): Report {
  const period = resolvePeriod(ctx, opts.period);
  const by = checkBy(opts.by, GROUP_BY, 'rep');
  const base = resolveBaseCurrency(ctx);
  const fx = buildFxTable(loadFxRates(db), base);
  const input = loadAttainmentInput(db, period, by, opts.measure, fx, quotaSettings(ctx));
  if (opts.rep !== undefined) {
    if (opts.by !== undefined && by !== 'rep') throw new UsageError('--rep shows one rep: it cannot be combined with --by ' + by, 'drop --by, or drop --rep');
    const repId = makeRepLookup(input.reps)(opts.rep);
    if (repId === undefined) {
      const examples = input.reps.slice(0, 5).map((r) => r.repId).join(', ');
      throw new UsageError(`--rep: no rep "${opts.rep}"`, `give a rep_id, email or name from the reps table${examples ? ` (e.g. ${examples})` : '; import reps first'}`);
    }
    input.onlyRep = repId;
  }
  const result = computeAttainment(input);
  const money = (m: bigint | null): string | null => (m === null ? null : minorToDecimalString(m, base));
  const params = { period: period.label, period_start: period.start, period_end: period.end, by, measure: input.measure, rep: input.onlyRep ?? null, currency: base };
  const title = `Quota attainment ${period.label} (${period.start}..${period.end}) by ${by}, measure ${input.measure}, ${base}`;
  const report: Report = { command: 'report attainment', title, params, columns: columns(by), rows: [], warnings: fx.invalid.map(invalidRate) };
  if (!result.hasData && input.onlyRep === undefined) {
    report.notes = [`No won deals closed and no quotas in ${period.label} (${period.start}..${period.end}): nothing to report.`];
    return report;
  }
  const toRow = (r: AttainmentResult['totals']): Report['rows'][number] => ({
    period: period.label, group: r.group, name: r.name, quota: money(r.quotaMinor), prorated_quota: money(r.proratedMinor),
    credited: money(r.creditedMinor), attainment: r.attainment, gap: money(r.gapMinor), deals: r.deals, currency: base,
  });
  report.rows = result.rows.map(toRow);
  const t = result.totals;
  report.totals = {
    quota: money(t.quotaMinor), prorated_quota: money(t.proratedMinor), credited: money(t.creditedMinor),
    attainment: t.attainment, gap: money(t.gapMinor), deals: t.deals, currency: base,
  };
  report.warnings.push(...missingFxWarnings(result.missingFx, base), ...result.warnings);
  report.notes = [
    `Credited: won deals closed ${period.start}..${period.end}, in ${base} at the FX rate effective on each close date, split by split rows (overlays on top).`,
    `Quota: ${input.measure}, ${quotaRule(ctx)}; gap = credited − prorated quota.`,
  ];
  return report;
}

function quotaRule(ctx: CommandContext): string {
  const q = ctx.config.quota;
  const spread = q.distribution === undefined ? 'spread pro rata by days' : 'spread by the seasonal distribution';
  const ramp = q.ramp.length === 0 ? 'no ramp' : `ramp ${q.ramp.join('/')}%`;
  return `${spread}, prorated by ${q.proration} employed, ${ramp}`;
}

export function runReportAttainment(ctx: CommandContext, opts: ReportAttainmentOptions): void {
  resolvePeriod(ctx, opts.period);
  checkBy(opts.by, GROUP_BY, 'rep');
  const db = openDb({ path: ctx.dbPath, busyTimeoutMs: ctx.config.busyTimeoutMs, create: false });
  try {
    ctx.emit(attainmentReport(ctx, db, opts));
  } finally {
    db.close();
  }
}
