import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../src/cli/context.js';
import { runReportMetrics } from '../src/commands/report-metrics.js';
import { configSchema } from '../src/config/schema.js';
import { makeStageLookup } from '../src/config/stages.js';
import { type GroupBy, type RepInfo, computeAttainment } from '../src/core/attainment.js';
import { buildFxTable } from '../src/core/fx.js';
import type { DealSumRow } from '../src/core/credit.js';
import { type LeadSumRow, type MetricsBy, type MetricsRow, computeMetrics } from '../src/core/metrics.js';
import { openDb } from '../src/db/open.js';
import { UsageError } from '../src/errors.js';
import { createPalette, type Report } from '../src/render/index.js';

/*
 * 2026-Q1, base USD, EUR at 1.20. Reps and quotas (2026-Q1):
 *   ana East 90,000 · ben East 20,000 · cara West 5,000 · dee West 10,000
 * Deals closing in Q1 (created → closed, cycle days):
 *   W1 won  ana 10,000       2026-01-01 → 01-11  10      L1 lost ben 20,000  2026-01-05 → 01-25  20
 *   W2 won  ana 30,000       2025-12-02 → 02-10  70      L2 lost cara 4,000  no created date
 *   W3 won  cara 5,000 EUR = 6,000 USD  03-01 → 03-31 30  X1 won  ben 1,000 GBP: no rate → excluded
 *   W4 won  dee 8,000        2026-02-01 → 02-11  10
 *   O1 open ana 50,000 probability 40%                 → weighted 20,000
 *   O2 open ben 10,000.01, no probability, stage Negotiation/Review (configured 90%) → 9,000.009
 *   O3 open cara 3,000, stage "Mystery", no probability anywhere → weighted 0, warning
 * Leads created in Q1: ana 2 (1 converted), ben 1 (converted), cara 1 (not converted).
 */
const reps: RepInfo[] = [
  { repId: 'ana', name: 'Ana', email: null, managerId: null, team: 'East', region: null, hireDate: null, endDate: null },
  { repId: 'ben', name: 'Ben', email: null, managerId: null, team: 'East', region: null, hireDate: null, endDate: null },
  { repId: 'cara', name: 'Cara', email: null, managerId: null, team: 'West', region: null, hireDate: null, endDate: null },
  { repId: 'dee', name: 'Dee', email: null, managerId: null, team: 'West', region: null, hireDate: null, endDate: null },
];
interface FixtureDeal extends DealSumRow {
  dealId: string;
  createdDate: string | null;
}
/** One deal; cycleDays is close − created counted by hand in the table above. */
const d = (dealId: string, owner: string, status: DealSumRow['status'], major: number, closeDate: string, createdDate: string | null, cycleDays: number | null, extra: Partial<Omit<DealSumRow, 'dealId'>> = {}): FixtureDeal => ({
  dealId, ownerRepId: owner, status, stage: status === 'open' ? 'Prospecting' : null, probability: null, currency: 'USD',
  closeDate, createdDate, cycleDays, count: 1, amountMinor: BigInt(Math.round(major * 100)), ...extra,
});
const deals: FixtureDeal[] = [
  d('W1', 'ana', 'won', 10_000, '2026-01-11', '2026-01-01', 10),
  d('W2', 'ana', 'won', 30_000, '2026-02-10', '2025-12-02', 70), // 29 days of December + 31 + 10
  d('W3', 'cara', 'won', 5_000, '2026-03-31', '2026-03-01', 30, { currency: 'EUR' }),
  d('W4', 'dee', 'won', 8_000, '2026-02-11', '2026-02-01', 10),
  d('L1', 'ben', 'lost', 20_000, '2026-01-25', '2026-01-05', 20),
  d('L2', 'cara', 'lost', 4_000, '2026-02-01', null, null),
  d('X1', 'ben', 'won', 1_000, '2026-03-01', '2026-02-01', 28, { currency: 'GBP' }),
  d('O1', 'ana', 'open', 50_000, '2026-03-15', '2026-01-10', null, { probability: '40' }),
  d('O2', 'ben', 'open', 10_000.01, '2026-03-20', '2026-01-10', null, { stage: 'Negotiation/Review' }),
  d('O3', 'cara', 'open', 3_000, '2026-03-25', '2026-01-10', null, { stage: 'Mystery' }),
];
const leads: LeadSumRow[] = [
  { ownerRepId: 'ana', leads: 2, converted: 1 }, { ownerRepId: 'ben', leads: 1, converted: 1 }, { ownerRepId: 'cara', leads: 1, converted: 0 },
];
const period = { start: '2026-01-01', end: '2026-03-31' };
const fx = buildFxTable([{ currency: 'EUR', date: '2026-01-01', rate: '1.20' }], 'USD');
const q = (repId: string, major: number) => ({ repId, periodStart: period.start, periodEnd: period.end, amountMinor: major * 100, currency: 'USD' });
const stages = makeStageLookup({});

function metrics(by: MetricsBy) {
  const attainment = computeAttainment({
    period, by: by === 'all' ? 'rep' : (by satisfies GroupBy), reps, fx, splits: [], settings: { proration: 'days', ramp: [] },
    won: deals, quotas: [q('ana', 90_000), q('ben', 20_000), q('cara', 5_000), q('dee', 10_000)],
  });
  return computeMetrics({ period, by, deals, leads, reps, fx, attainment, stageProbability: (s) => stages.find(s)?.probability });
}
const M = (major: number): bigint => BigInt(Math.round(major * 100));

describe('sales metrics for the whole company', () => {
  const result = metrics('all');
  const row = result.rows[0] as MetricsRow;

  it('one row; won revenue, counts and win rates by count and by value', () => {
    expect(result.rows).toHaveLength(1);
    expect([row.group, row.wonRevenueMinor, row.dealsWon, row.dealsLost]).toEqual(['all', M(54_000), 4, 2]); // 10+30+6+8
    expect(row.winRate).toBe(4 / 6);
    expect(row.winRateValue).toBe(54_000 / (54_000 + 24_000)); // lost 20,000 + 4,000
    expect(row.avgDealSizeMinor).toBe(M(13_500)); // 54,000 / 4
  });

  it('sales cycle: won [10, 70, 30, 10], won+lost adds 20 (L2 has no created date)', () => {
    expect([row.cycleDaysMean, row.cycleDaysMedian]).toEqual(['30.0', '20.0']); // 120/4; (10+30)/2
    expect([row.cycleDaysMeanClosed, row.cycleDaysMedianClosed]).toEqual(['28.0', '20.0']); // 140/5; middle of 10,10,20,30,70
  });

  it('leads, pipeline, weighted pipeline (CRM probability, else configured stage probability)', () => {
    expect([row.leads, row.leadsConverted, row.leadConversionRate]).toEqual([4, 2, 0.5]);
    expect(row.pipelineMinor).toBe(M(63_000.01)); // 50,000 + 10,000.01 + 3,000
    // 50,000 × 40% + 10,000.01 × 90% = 20,000 + 9,000.009 = 29,000.009 → half-up 29,000.01
    expect(row.weightedPipelineMinor).toBe(M(29_000.01));
    expect(result.warnings).toContain('open deals without a probability, weighted at 0%: Mystery (1); set a probability for the stage in config "stages"');
  });

  it('attainment distribution with exact band edges, and coverage', () => {
    // ana 40,000/90,000 = 44% and ben 0/20,000 → <50; dee 8,000/10,000 = exactly 80% → 80–99;
    // cara 6,000/5,000 = exactly 120% → ≥120 and at quota.
    expect([row.repsWithQuota, row.repsAtQuota, row.shareAtQuota]).toEqual([4, 1, 0.25]);
    expect(row.bands).toEqual({ below50: 2, from50to79: 0, from80to99: 1, from100to119: 0, from120: 1 });
    // remaining quota = 125,000 − 54,000 = 71,000; coverage = 63,000.01 / 71,000
    expect(row.coverage).toBe(6_300_001 / 7_100_000);
  });

  it('deals without an FX rate are excluded from everything and named', () => {
    expect([...result.missingFx]).toEqual([['GBP', ['X1']]]);
    expect(result.warnings[0]).toMatch(/^no GBP→USD FX rate .* 1 deal \(X1\)/);
  });
});

describe('sales metrics by team', () => {
  const result = metrics('team');
  const [east, west] = result.rows;

  it('each deal counts for its owner’s team', () => {
    expect(result.rows.map((r) => [r.group, r.wonRevenueMinor, r.dealsWon, r.dealsLost, r.leads, r.leadsConverted])).toEqual([
      ['East', M(40_000), 2, 1, 3, 2],
      ['West', M(14_000), 2, 1, 1, 0],
    ]);
    expect([east?.winRate, east?.winRateValue]).toEqual([2 / 3, 40_000 / 60_000]);
    expect([west?.pipelineMinor, west?.weightedPipelineMinor]).toEqual([M(3_000), 0n]);
  });

  it('coverage uses the team’s remaining quota; distribution its reps', () => {
    expect(east?.coverage).toBe(6_000_001 / 7_000_000); // 60,000.01 / (110,000 − 40,000)
    expect(west?.coverage).toBe(3); // 3,000 / (15,000 − 14,000)
    expect([west?.repsWithQuota, west?.repsAtQuota, west?.shareAtQuota]).toEqual([2, 1, 0.5]);
  });

  it('totals are company-wide figures, not sums of rates', () => {
    expect([result.totals.wonRevenueMinor, result.totals.winRate, result.totals.cycleDaysMedian]).toEqual([M(54_000), 4 / 6, '20.0']);
  });
});

describe('spm report metrics (command)', () => {
  let dir = '';
  let dbPath = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'spm-metrics-'));
    dbPath = join(dir, 'spm.db');
    const db = openDb({ path: dbPath, busyTimeoutMs: 1000 });
    const ins = db.prepare('INSERT INTO deals (deal_id, owner, owner_rep_id, amount_minor, currency, stage, status, probability, close_date, created_date, source_file, source_line, import_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,1)');
    const stage = (x: FixtureDeal): string => x.stage ?? (x.status === 'won' ? 'Closed Won' : 'Closed Lost');
    deals.forEach((x, i) => ins.run(x.dealId, x.ownerRepId, null, x.amountMinor, x.currency, stage(x), x.status, x.probability, x.closeDate, x.createdDate, 'deals.csv', i + 2));
    db.prepare("INSERT INTO fx_rates (currency, date, rate, source_file, source_line, import_id) VALUES ('EUR','2026-01-01','1.20','fx.csv',2,1)").run();
    // Leads as stored: ben's lead has no converted flag but a conversion date (counts as
    // converted); cara's has neither; L5 was created in Q2.
    const lead = db.prepare("INSERT INTO leads (lead_id, created_date, owner, owner_rep_id, converted, converted_date, source_file, source_line, import_id) VALUES (?,?,?,?,?,?,'leads.csv',?,1)");
    lead.run('L1', '2026-01-03', 'ana', 'ana', 1, '2026-01-20', 2);
    lead.run('L2', '2026-02-03', 'ana', 'ana', 0, null, 3);
    lead.run('L3', '2026-03-31', 'ben', 'ben', null, '2026-04-02', 4);
    lead.run('L4', '2026-01-01', 'cara', 'cara', null, null, 5);
    lead.run('L5', '2026-04-01', 'cara', 'cara', 1, '2026-04-02', 6);
    db.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (opts: Parameters<typeof runReportMetrics>[1]): Report => {
    const reports: Report[] = [];
    const ctx: CommandContext = {
      cwd: dir, env: {}, config: configSchema.parse({}), dbPath, asOf: '2026-04-15', now: () => new Date(0), flags: {}, version: 'test',
      log: { info: () => undefined, warn: () => undefined, isTTY: false, quiet: true, palette: createPalette(false) },
      emit: (r) => reports.push(r),
    };
    runReportMetrics(ctx, opts);
    return reports[0]!;
  };

  it('SPEC §9 columns first, then the extra ones; one company row without totals', () => {
    const report = run({ period: 'last-quarter' });
    expect(report.columns.map((c) => c.key).slice(0, 20)).toEqual([
      'period', 'group', 'won_revenue', 'deals_won', 'deals_lost', 'win_rate', 'win_rate_value', 'avg_deal_size',
      'cycle_days_mean', 'cycle_days_median', 'leads', 'leads_converted', 'lead_conversion_rate', 'pipeline',
      'weighted_pipeline', 'coverage', 'reps_with_quota', 'reps_at_quota', 'share_at_quota', 'currency',
    ]);
    expect(report.rows).toHaveLength(1);
    expect(report.rows[0]).toMatchObject({
      period: '2026-Q1', group: 'all', won_revenue: '54000.00', deals_won: 4, deals_lost: 2, avg_deal_size: '13500.00',
      pipeline: '63000.01', weighted_pipeline: '29000.01', coverage: null, reps_with_quota: 0, currency: 'USD',
      // cycle days computed by SQLite from the stored dates: the same as the hand count above
      cycle_days_mean: '30.0', cycle_days_median: '20.0', cycle_days_mean_closed: '28.0', cycle_days_median_closed: '20.0',
      leads: 4, leads_converted: 2, lead_conversion_rate: 0.5,
    });
    expect(report.totals).toBeUndefined();
  });

  it('by rep: owners not resolved to reps are one "(unassigned)" row; totals follow', () => {
    const report = run({ period: '2026-Q1', by: 'rep' });
    expect(report.rows.map((r) => [r.group, r.name, r.won_revenue])).toEqual([[null, '(unassigned)', '54000.00']]);
    expect(report.totals).toMatchObject({ won_revenue: '54000.00', deals_won: 4 });
  });

  it('empty period → note; unknown --by → usage error listing the groupings', () => {
    expect(run({ period: '2031' }).notes?.[0]).toBe('No deals closing, no leads created and no quotas in 2031 (2031-01-01..2031-12-31): nothing to report.');
    expect(() => run({ period: '2026-Q1', by: 'planet' })).toThrow(UsageError);
    try {
      run({ period: '2026-Q1', by: 'planet' });
    } catch (err) {
      expect(err instanceof UsageError && err.hint).toBe('accepted: all, rep, team, manager, region');
    }
  });
});
