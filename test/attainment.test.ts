import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../src/cli/context.js';
import { attainmentReport, runReportAttainment } from '../src/commands/report-attainment.js';
import { configSchema } from '../src/config/schema.js';
import { type AttainmentInput, type AttainmentRow, type RepInfo, computeAttainment } from '../src/core/attainment.js';
import type { DealSumRow } from '../src/core/credit.js';
import { buildFxTable } from '../src/core/fx.js';
import { parsePeriod } from '../src/core/period.js';
import { type Db, openDb } from '../src/db/open.js';
import { UsageError } from '../src/errors.js';
import { createPalette, type Report } from '../src/render/index.js';

/*
 * The company of these tests, 2026-Q1 (90 days), base USD, EUR at 1.10 from 2026-01-01:
 *   rep   team  manager  hired / left         quota rows                 prorated quota
 *   ana   East  M1       2025-01-01           2026-Q1 90,000             90,000
 *   ben   East  M1       hired 2026-02-15     2026-Q1 90,000             45/90 → 45,000
 *   cara  West  M2       left 2026-01-20      2026 year 365,000 → 90,000 20/90 → 20,000
 *   dan   West  M2                            none                       —
 *   team:West quota 2026-Q1 150,000
 * Won deals:
 *   D1 ana 50,000 USD closed 2026-03-31 (last day of Q1: counts)     D1b ana closed 2026-04-01 (Q2)
 *   D2 ben 10,000 EUR × 1.10 = 11,000 USD
 *   D3 ana 20,000 USD: splits ana 60% = 12,000, ben 40% = 8,000, overlay cara 50% = 10,000
 *   D4 dan 5,000 GBP: no GBP rate → excluded, named in a warning
 *   D5 dan 7,000 USD                                D6 1,000 USD, owner not resolved → unassigned
 */
const reps: RepInfo[] = [
  { repId: 'ana', name: 'Ana Souza', email: 'ana@example.com', managerId: 'M1', team: 'East', region: 'EMEA', hireDate: '2025-01-01', endDate: null },
  { repId: 'ben', name: 'Ben Okafor', email: null, managerId: 'M1', team: 'East', region: 'EMEA', hireDate: '2026-02-15', endDate: null },
  { repId: 'cara', name: 'Cara Lind', email: null, managerId: 'M2', team: 'West', region: 'AMER', hireDate: null, endDate: '2026-01-20' },
  { repId: 'dan', name: 'Dan Wu', email: null, managerId: 'M2', team: 'West', region: 'AMER', hireDate: null, endDate: null },
  { repId: 'old', name: 'Left Long Ago', email: null, managerId: 'M2', team: 'West', region: 'AMER', hireDate: null, endDate: '2025-06-30' },
];
const deal = (dealId: string, owner: string | null, major: number, closeDate: string, currency = 'USD'): DealSumRow => ({
  dealId, ownerRepId: owner, status: 'won', stage: null, probability: null, currency, closeDate, cycleDays: null, count: 1, amountMinor: BigInt(major * 100),
});
const wonDeals = [
  deal('D1', 'ana', 50_000, '2026-03-31'), deal('D2', 'ben', 10_000, '2026-02-20', 'EUR'), deal('D3', 'ana', 20_000, '2026-01-10'),
  deal('D4', 'dan', 5_000, '2026-03-01', 'GBP'), deal('D5', 'dan', 7_000, '2026-03-01'), deal('D6', null, 1_000, '2026-03-02'),
];
const splits = [
  { dealId: 'D3', repId: 'ana', percent: '60', isOverlay: false },
  { dealId: 'D3', repId: 'ben', percent: '40', isOverlay: false },
  { dealId: 'D3', repId: 'cara', percent: '50', isOverlay: true },
];
const quota = (repId: string, periodStart: string, periodEnd: string, major: number) => ({ repId, periodStart, periodEnd, amountMinor: major * 100, currency: 'USD' });
const quotas = [
  quota('ana', '2026-01-01', '2026-03-31', 90_000), quota('ben', '2026-01-01', '2026-03-31', 90_000),
  quota('Cara Lind', '2026-01-01', '2026-12-31', 365_000), quota('team:West', '2026-01-01', '2026-03-31', 150_000),
];
const fx = buildFxTable([{ currency: 'EUR', date: '2026-01-01', rate: '1.10' }], 'USD');
const Q1 = parsePeriod('2026-Q1', { fiscalYearStartMonth: 1, asOf: '2026-04-01' });
const input = (over: Partial<AttainmentInput> = {}): AttainmentInput => ({
  period: Q1, by: 'rep', reps, won: wonDeals, splits, quotas, fx, settings: { proration: 'days', ramp: [] }, ...over,
});
const M = (major: number): bigint => BigInt(Math.round(major * 100));
const brief = (r: AttainmentRow) => [r.group, r.quotaMinor, r.proratedMinor, r.creditedMinor, r.gapMinor, r.deals];

describe('attainment by rep', () => {
  const result = computeAttainment(input());

  it('credits, quotas, proration, gap and deal counts per rep', () => {
    expect(result.rows.map(brief)).toEqual([
      ['ana', M(90_000), M(90_000), M(62_000), M(-28_000), 2], // D1 50,000 (last day of Q1) + D3 60%
      ['ben', M(90_000), M(45_000), M(19_000), M(-26_000), 2], // mid-quarter hire; D2 EUR 11,000 + D3 40%
      ['cara', M(90_000), M(20_000), M(10_000), M(-10_000), 1], // leaver; year quota 90/365; D3 overlay
      ['dan', null, null, M(7_000), null, 1], // no quota; D4 (GBP) excluded
      [null, null, null, M(1_000), null, 1], // D6, owner not resolved
    ]);
    expect(result.rows.map((r) => r.attainment)).toEqual([62 / 90, 19 / 45, 0.5, null, null]);
    expect(result.rows.map((r) => r.name)).toEqual(['Ana Souza', 'Ben Okafor', 'Cara Lind', 'Dan Wu', '(unassigned)']);
  });

  it('totals: sum of credit over sum of prorated quota, distinct deals', () => {
    // 62,000 + 19,000 + 10,000 + 7,000 + 1,000 = 99,000 over 90,000 + 45,000 + 20,000 = 155,000.
    expect(brief(result.totals)).toEqual([null, M(270_000), M(155_000), M(99_000), M(-56_000), 5]);
    expect(result.totals.attainment).toBe(99_000 / 155_000);
  });

  it('warns about reps without quota, unassigned credit; excludes the GBP deal', () => {
    expect(result.repsWithoutQuota).toEqual(['dan']);
    expect(result.warnings).toContain('1 reps have no quota for 2026-01-01..2026-03-31 (attainment left empty): dan');
    expect(result.warnings.some((w) => w.startsWith('1 won deals credit no known rep'))).toBe(true);
    expect([...result.missingFx]).toEqual([['GBP', ['D4']]]);
  });
});

describe('summed rows, as the database hands over base-currency deals without splits', () => {
  it('count their deals and credit their owner; roll-ups add the counts', () => {
    const summed: DealSumRow = { ...deal('x', 'ben', 3_000, '2026-02-01'), dealId: null, count: 3 };
    const r = computeAttainment(input({ won: [...wonDeals, summed], by: 'team' }));
    // East: 81,000 + 3,000 = 84,000 over 135,000; deals D1, D2, D3 + 3 summed = 6.
    expect(r.rows.map(brief)[0]).toEqual(['East', M(180_000), M(135_000), M(84_000), M(-51_000), 6]);
    expect(r.totals.deals).toBe(8);
    expect(r.perRep.find((x) => x.group === 'ben')?.deals).toBe(5);
  });
});

describe('roll-ups: sum of credit over sum of quota', () => {
  it('by team: team:<name> quota rows win over the sum of the reps', () => {
    const r = computeAttainment(input({ by: 'team' }));
    expect(r.rows.map(brief)).toEqual([
      ['East', M(180_000), M(135_000), M(81_000), M(-54_000), 3], // 81,000 / 135,000 = 0.6, not mean(0.69, 0.42)
      ['West', M(150_000), M(150_000), M(17_000), M(-133_000), 2], // team quota row
      [null, null, null, M(1_000), null, 1],
    ]);
    expect(r.rows[0]?.attainment).toBe(0.6);
    expect(r.rows[2]?.name).toBe('(no team)');
    expect(brief(r.totals)).toEqual([null, M(330_000), M(285_000), M(99_000), M(-186_000), 5]);
  });

  it('by manager: the West manager has only Cara’s quota', () => {
    const r = computeAttainment(input({ by: 'manager' }));
    const m2 = r.rows.find((x) => x.group === 'M2');
    // credit 10,000 (cara) + 7,000 (dan) = 17,000 over 20,000 = 0.85
    expect(m2 && brief(m2)).toEqual(['M2', M(90_000), M(20_000), M(17_000), M(-3_000), 2]);
    expect(m2?.attainment).toBe(0.85);
  });

  it('a manager named by rep_id on one rep and by name on another is one group', () => {
    const team = [
      { ...reps[0]!, managerId: null },
      { ...reps[1]!, managerId: 'ana' },
      { ...reps[3]!, managerId: 'ana souza' },
    ];
    const r = computeAttainment(input({ reps: team, by: 'manager', quotas: [] }));
    // ben 19,000 (D2 11,000 + D3 40%) + dan 7,000 under ana; ana herself has no manager.
    expect(r.rows.map((x) => [x.group, x.name, x.creditedMinor])).toEqual([
      ['ana', 'Ana Souza', M(26_000)],
      // ana 62,000 + unassigned: D6 1,000 and cara's 10,000 overlay (cara is not in this rep list)
      [null, '(no manager)', M(73_000)],
    ]);
  });

  it('only the selected rep with onlyRep', () => {
    const r = computeAttainment(input({ onlyRep: 'ben' }));
    expect(r.rows.map(brief)).toEqual([['ben', M(90_000), M(45_000), M(19_000), M(-26_000), 2]]);
    expect(brief(r.totals)).toEqual([null, M(90_000), M(45_000), M(19_000), M(-26_000), 2]);
  });
});

describe('ramp and fiscal periods', () => {
  it('a ramping rep at quota: hired 2026-01-01, ramp 25/50/75 → 45,000 of a 90,000 quarter', () => {
    const r = computeAttainment(input({
      reps: [{ ...reps[0]!, hireDate: '2026-01-01' }], won: [deal('R1', 'ana', 45_000, '2026-02-01')],
      splits: [], quotas: [quota('ana', '2026-01-01', '2026-03-31', 90_000)], settings: { proration: 'days', ramp: [25, 50, 75] },
    }));
    expect(r.rows.map(brief)).toEqual([['ana', M(90_000), M(45_000), M(45_000), 0n, 1]]);
    expect(r.rows[0]?.attainment).toBe(1);
  });

  it('fiscal year starting in February: FY2027-Q1 = 2026-02-01..2026-04-30, a year quota gives 89/365', () => {
    const period = parsePeriod('FY2027-Q1', { fiscalYearStartMonth: 2, asOf: '2026-06-01' });
    const r = computeAttainment(input({
      period, reps: [reps[0]!], splits: [], won: [deal('F1', 'ana', 44_500, '2026-04-30')],
      quotas: [quota('ana', '2026-02-01', '2027-01-31', 365_000)],
    }));
    expect(r.rows.map(brief)).toEqual([['ana', M(89_000), M(89_000), M(44_500), M(-44_500), 1]]);
    expect(r.rows[0]?.attainment).toBe(0.5);
  });
});

// ---- the command, on a small database ----------------------------------------------------

function fakeContext(dbPath: string, reports: Report[], config: Record<string, unknown> = {}): CommandContext {
  return {
    cwd: tmpdir(), env: {}, config: configSchema.parse(config), dbPath, asOf: '2026-04-15', now: () => new Date(0),
    flags: {}, version: 'test',
    log: { info: () => undefined, warn: () => undefined, isTTY: false, quiet: true, palette: createPalette(false) },
    emit: (report) => reports.push(report),
  };
}

/** Test fixture rows written straight into the schema (provenance: fixture.csv, line n). */
function seed(db: Db): void {
  let line = 1;
  const prov = (): [string, number, number] => ['fixture.csv', ++line, 1];
  const rep = db.prepare('INSERT INTO reps (rep_id, name, email, manager_id, team, region, hire_date, end_date, source_file, source_line, import_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)');
  for (const r of reps) rep.run(r.repId, r.name, r.email, r.managerId, r.team, r.region, r.hireDate, r.endDate, ...prov());
  const d = db.prepare("INSERT INTO deals (deal_id, owner, owner_rep_id, amount_minor, currency, stage, status, close_date, source_file, source_line, import_id) VALUES (?,?,?,?,?,'Closed Won','won',?,?,?,?)");
  for (const x of [...wonDeals, deal('D1b', 'ana', 1_000, '2026-04-01')]) d.run(x.dealId, x.ownerRepId ?? 'ghost', x.ownerRepId, x.amountMinor, x.currency, x.closeDate, ...prov());
  const s = db.prepare('INSERT INTO splits (deal_id, rep_ref, rep_id, percent, role, is_overlay, source_file, source_line, import_id) VALUES (?,?,?,?,?,?,?,?,?)');
  for (const x of splits) s.run(x.dealId, x.repId, x.repId, x.percent, x.isOverlay ? 'overlay' : 'AE', x.isOverlay ? 1 : 0, ...prov());
  const q = db.prepare("INSERT INTO quotas (rep_id, measure, period, period_start, period_end, amount_minor, currency, source_file, source_line, import_id) VALUES (?,?,'x',?,?,?,?,?,?,?)");
  for (const x of quotas) q.run(x.repId, 'bookings', x.periodStart, x.periodEnd, x.amountMinor, x.currency, ...prov());
  q.run('ana', 'new-logo', '2026-01-01', '2026-03-31', 1_000_000, 'USD', ...prov());
  db.prepare('INSERT INTO fx_rates (currency, date, rate, source_file, source_line, import_id) VALUES (?,?,?,?,?,?)').run('EUR', '2026-01-01', '1.10', ...prov());
}

describe('spm report attainment (command)', () => {
  let dir = '';
  let dbPath = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'spm-attainment-'));
    dbPath = join(dir, 'spm.db');
    const db = openDb({ path: dbPath, busyTimeoutMs: 1000 });
    seed(db);
    db.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (opts: Parameters<typeof runReportAttainment>[1], config: Record<string, unknown> = {}): Report => {
    const reports: Report[] = [];
    runReportAttainment(fakeContext(dbPath, reports, config), opts);
    expect(reports).toHaveLength(1);
    return reports[0]!;
  };

  it('emits the SPEC §9 columns, money as exact strings, a totals row and the FX warning', () => {
    const report = run({ period: '2026-Q1' });
    expect(report.columns.map((c) => c.key)).toEqual(['period', 'group', 'name', 'quota', 'prorated_quota', 'credited', 'attainment', 'gap', 'deals', 'currency']);
    expect(report.rows[0]).toEqual({
      period: '2026-Q1', group: 'ana', name: 'Ana Souza', quota: '90000.00', prorated_quota: '90000.00',
      credited: '62000.00', attainment: 62 / 90, gap: '-28000.00', deals: 2, currency: 'USD',
    });
    // D1b (closed 2026-04-01) is not in Q1: totals as computed in memory above.
    expect(report.totals).toMatchObject({ credited: '99000.00', prorated_quota: '155000.00', deals: 5 });
    expect(report.warnings[0]).toBe('no GBP→USD FX rate effective at the close date of 1 deal (D4): excluded, not converted; import a rate with `spm import fx-rates`');
  });

  it('D1b counts in Q2; --rep accepts a name; --measure picks quota rows', () => {
    expect(run({ period: '2026-Q2', rep: 'ANA SOUZA' }).rows.map((r) => [r.group, r.credited, r.quota])).toEqual([['ana', '1000.00', null]]);
    expect(run({ period: '2026-Q1', measure: 'new-logo', rep: 'ana' }).rows.map((r) => r.quota)).toEqual(['10000.00']);
  });

  it('a period with no data is an empty report with a note', () => {
    const report = run({ period: '2030-Q1', by: 'team' });
    expect(report.rows).toEqual([]);
    expect(report.totals).toBeUndefined();
    expect(report.notes).toEqual(['No won deals closed and no quotas in 2030-Q1 (2030-01-01..2030-03-31): nothing to report.']);
  });

  it('bad options are usage errors (exit 2) listing the accepted forms', () => {
    const fail = (opts: Parameters<typeof runReportAttainment>[1]): UsageError => {
      try {
        run(opts);
      } catch (err) {
        if (err instanceof UsageError) return err;
        throw err;
      }
      throw new Error('expected a UsageError');
    };
    const period = fail({ period: '2026-Q5' });
    expect(period.exitCode).toBe(2);
    expect(period.hint).toContain('2026-Q3 (calendar quarter, Q1..Q4)');
    expect(fail({ period: '2026-Q1', by: 'country' }).hint).toBe('accepted: rep, team, manager, region');
    expect(fail({ period: '2026-Q1', measure: 'revenue' }).hint).toBe('accepted measures (from the quotas table): bookings, new-logo');
    expect(fail({ period: '2026-Q1', rep: 'zoe' }).message).toBe('--rep: no rep "zoe"');
    expect(fail({ period: '2026-Q1', rep: 'ana', by: 'team' }).exitCode).toBe(2);
  });

  it('the report function and relative periods: last-quarter as of 2026-04-15 is 2026-Q1', () => {
    const db = openDb({ path: dbPath, busyTimeoutMs: 1000, create: false });
    try {
      const report = attainmentReport(fakeContext(dbPath, []), db, { period: 'last-quarter', by: 'region' });
      expect(report.rows.map((r) => [r.group, r.credited])).toEqual([['AMER', '17000.00'], ['EMEA', '81000.00'], [null, '1000.00']]);
    } finally {
      db.close();
    }
  });
});
