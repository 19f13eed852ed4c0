/**
 * `spm report metrics --period P [--by all|rep|team|manager|region] [--measure M]`: sales KPIs
 * (core/metrics.ts, formulas there and in the README glossary) as one Report. The default
 * `--by all` is one row for the whole company; with a grouping, a Total row follows.
 */
import type { CommandContext } from '../cli/context.js';
import { makeStageLookup } from '../config/stages.js';
import { computeAttainment } from '../core/attainment.js';
import { buildFxTable } from '../core/fx.js';
import { METRICS_BY, type MetricsRow, computeMetrics } from '../core/metrics.js';
import { minorToDecimalString } from '../core/money.js';
import { type Db, openDb } from '../db/open.js';
import { loadDealSums, loadFxRates, loadLeadSums } from '../db/report-data.js';
import type { Column, Report, Row } from '../render/index.js';
import { checkBy, groupLabel, invalidRate, loadAttainmentInput, quotaSettings, resolveBaseCurrency, resolvePeriod } from './report-attainment.js';

export interface ReportMetricsOptions {
  /** Any form of SPEC §3. */
  period: string;
  /** all (default) | rep | team | manager | region */
  by?: string;
  /** Quota measure for coverage and the attainment distribution (default bookings). */
  measure?: string;
}

function columns(by: string): Column[] {
  const c = (key: string, label: string, type: Column['type']): Column => ({ key, label, type });
  return [
    c('period', 'Period', 'text'), c('group', groupLabel(by), 'id'),
    c('won_revenue', 'Won revenue', 'money'), c('deals_won', 'Won', 'int'), c('deals_lost', 'Lost', 'int'),
    c('win_rate', 'Win rate', 'ratio'), c('win_rate_value', 'Win rate (value)', 'ratio'), c('avg_deal_size', 'Avg deal', 'money'),
    c('cycle_days_mean', 'Cycle mean (d)', 'decimal'), c('cycle_days_median', 'Cycle median (d)', 'decimal'),
    c('leads', 'Leads', 'int'), c('leads_converted', 'Converted', 'int'), c('lead_conversion_rate', 'Lead conv.', 'ratio'),
    c('pipeline', 'Pipeline', 'money'), c('weighted_pipeline', 'Weighted', 'money'), c('coverage', 'Coverage', 'ratio'),
    c('reps_with_quota', 'Reps w/ quota', 'int'), c('reps_at_quota', 'At quota', 'int'), c('share_at_quota', 'Share at quota', 'ratio'),
    c('currency', 'Currency', 'text'),
    c('name', 'Name', 'text'),
    c('cycle_days_mean_closed', 'Cycle mean won+lost (d)', 'decimal'), c('cycle_days_median_closed', 'Cycle median won+lost (d)', 'decimal'),
    c('reps_below_50', '<50%', 'int'), c('reps_50_to_79', '50–79%', 'int'), c('reps_80_to_99', '80–99%', 'int'),
    c('reps_100_to_119', '100–119%', 'int'), c('reps_120_plus', '≥120%', 'int'),
  ];
}

function cells(r: MetricsRow, base: string): Row {
  const money = (m: bigint | null): string | null => (m === null ? null : minorToDecimalString(m, base));
  return {
    won_revenue: money(r.wonRevenueMinor), deals_won: r.dealsWon, deals_lost: r.dealsLost,
    win_rate: r.winRate, win_rate_value: r.winRateValue, avg_deal_size: money(r.avgDealSizeMinor),
    cycle_days_mean: r.cycleDaysMean, cycle_days_median: r.cycleDaysMedian,
    leads: r.leads, leads_converted: r.leadsConverted, lead_conversion_rate: r.leadConversionRate,
    pipeline: money(r.pipelineMinor), weighted_pipeline: money(r.weightedPipelineMinor), coverage: r.coverage,
    reps_with_quota: r.repsWithQuota, reps_at_quota: r.repsAtQuota, share_at_quota: r.shareAtQuota, currency: base,
    cycle_days_mean_closed: r.cycleDaysMeanClosed, cycle_days_median_closed: r.cycleDaysMedianClosed,
    reps_below_50: r.bands.below50, reps_50_to_79: r.bands.from50to79, reps_80_to_99: r.bands.from80to99,
    reps_100_to_119: r.bands.from100to119, reps_120_plus: r.bands.from120,
  };
}

export function metricsReport(ctx: CommandContext, db: Db, opts: ReportMetricsOptions): Report {
  const period = resolvePeriod(ctx, opts.period);
  const by = checkBy(opts.by, METRICS_BY, 'all');
  const base = resolveBaseCurrency(ctx);
  const fx = buildFxTable(loadFxRates(db), base);
  const deals = loadDealSums(db, period, base);
  const input = loadAttainmentInput(db, period, by === 'all' ? 'rep' : by, opts.measure, fx, quotaSettings(ctx), deals);
  const attainment = computeAttainment(input);
  const stages = makeStageLookup(ctx.config.stages);
  const result = computeMetrics({
    period, by, fx, attainment,
    deals,
    leads: loadLeadSums(db, period),
    reps: input.reps,
    stageProbability: (stage) => stages.find(stage)?.probability,
  });
  const params = { period: period.label, period_start: period.start, period_end: period.end, by, measure: input.measure, currency: base };
  const title = `Sales metrics ${period.label} (${period.start}..${period.end})${by === 'all' ? '' : ` by ${by}`}, ${base}`;
  const report: Report = { command: 'report metrics', title, params, columns: columns(by), rows: [], warnings: [] };
  if (!result.hasData && !attainment.hasData) {
    report.notes = [`No deals closing, no leads created and no quotas in ${period.label} (${period.start}..${period.end}): nothing to report.`];
    return report;
  }
  report.rows = result.rows.map((r) => ({ period: period.label, group: r.group, ...cells(r, base), name: r.name }));
  if (by !== 'all') report.totals = cells(result.totals, base);
  report.warnings = [...fx.invalid.map(invalidRate), ...result.warnings, ...attainment.warnings];
  report.notes = [
    `Deals closing ${period.start}..${period.end} count for their owner's ${by === 'all' ? 'company total' : by}; amounts in ${base} at the FX rate effective on each close date.`,
    'Pipeline: open deals expected to close in the period; coverage = pipeline / (prorated quota − credited). Formulas: README glossary.',
  ];
  return report;
}

export function runReportMetrics(ctx: CommandContext, opts: ReportMetricsOptions): void {
  resolvePeriod(ctx, opts.period);
  checkBy(opts.by, METRICS_BY, 'all');
  const db = openDb({ path: ctx.dbPath, busyTimeoutMs: ctx.config.busyTimeoutMs, create: false });
  try {
    ctx.emit(metricsReport(ctx, db, opts));
  } finally {
    db.close();
  }
}
