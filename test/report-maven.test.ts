/*
 * The Maven Analytics "CRM Sales Opportunities" export (../shared/data/maven-crm), imported
 * through the real import with a mapping, then reported on. Expected values are computed here
 * independently, straight from the CSV:
 *   won revenue of a quarter = Σ close_value of rows with deal_stage = Won and close_date in it
 *   win rate of a quarter    = won / (won + lost), counting rows with deal_stage Won or Lost
 *                              and close_date in the quarter
 *   win rate by value        = Σ won close_value / (Σ won close_value + Σ lost close_value)
 * The file's amounts are whole dollars; there are no splits, so each deal credits its owner and
 * the sum over reps of credited must equal total won revenue (10,005,534 for 2017).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../src/cli/context.js';
import { runReportAttainment } from '../src/commands/report-attainment.js';
import { runReportMetrics } from '../src/commands/report-metrics.js';
import { configSchema } from '../src/config/schema.js';
import { type Db, openDb } from '../src/db/open.js';
import { runImport } from '../src/ingest/run-import.js';
import { createPalette, type Report } from '../src/render/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAVEN = resolve(ROOT, '../shared/data/maven-crm');
const PIPELINE = join(MAVEN, 'sales_pipeline.csv');
const TEAMS = join(MAVEN, 'sales_teams.csv');
const HAS_DATA = existsSync(PIPELINE) && existsSync(TEAMS);

/** Plain comma-separated lines (the Maven files contain no quoted fields), CRLF tolerated. */
function readCsv(path: string): Record<string, string>[] {
  const [header = '', ...lines] = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l !== '');
  const keys = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i] ?? `c${i}`, v])));
}

interface QuarterTruth {
  won: number;
  lost: number;
  wonValue: number;
  lostValue: number;
}

function truthByQuarter(rows: Record<string, string>[]): Map<string, QuarterTruth> {
  const out = new Map<string, QuarterTruth>();
  for (const r of rows) {
    const stage = r['deal_stage'];
    const close = r['close_date'] ?? '';
    if ((stage !== 'Won' && stage !== 'Lost') || close === '') continue;
    const quarter = `${close.slice(0, 4)}-Q${Math.ceil(Number(close.slice(5, 7)) / 3)}`;
    const t = out.get(quarter) ?? { won: 0, lost: 0, wonValue: 0, lostValue: 0 };
    const value = Number(r['close_value'] ?? '0');
    if (stage === 'Won') {
      t.won++;
      t.wonValue += value;
    } else {
      t.lost++;
      t.lostValue += value;
    }
    out.set(quarter, t);
  }
  return out;
}

function context(dbPath: string, reports: Report[]): CommandContext {
  return {
    cwd: ROOT, env: {}, config: configSchema.parse({}), dbPath, asOf: '2018-01-15', now: () => new Date(0), flags: {}, version: 'test',
    log: { info: () => undefined, warn: () => undefined, isTTY: false, quiet: true, palette: createPalette(false) },
    emit: (r) => reports.push(r),
  };
}

async function importFile(db: Db, dbPath: string, entity: 'reps' | 'deals' | 'quotas', file: string, overrides: Record<string, string> = {}) {
  const result = await runImport({
    db, dbPath, entity, files: [file], cwd: ROOT, source: 'auto', overrides, dateFormat: 'auto', currency: 'USD',
    asOf: '2018-01-15', dryRun: false, allowPartial: false, config: configSchema.parse({}), version: 'test', now: () => new Date(0),
  });
  expect(result.rejectedRows, JSON.stringify(result.problems.slice(0, 3))).toBe(0);
  expect(result.committed).toBe(true);
  return result;
}

if (!HAS_DATA) {
  describe('Maven CRM sample data', () => {
    it.skip(`skipped: ${MAVEN} not found (the shared data sets are not next to this checkout)`, () => undefined);
  });
} else {
  describe('Maven CRM sample data, imported with a mapping', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spm-maven-'));
    const dbPath = join(dir, 'spm.db');
    const pipeline = readCsv(PIPELINE);
    const agents = readCsv(TEAMS);
    const truth = truthByQuarter(pipeline);

    const run = (fn: 'attainment' | 'metrics', opts: { period: string; by?: string }): Report => {
      const reports: Report[] = [];
      if (fn === 'attainment') runReportAttainment(context(dbPath, reports), opts);
      else runReportMetrics(context(dbPath, reports), opts);
      return reports[0]!;
    };

    beforeAll(async () => {
      // Reps as a canonical-header file built from sales_teams.csv; quotas supplied by the test:
      // 400,000 USD for 2017 per agent.
      const repsCsv = ['rep_id,name,manager_id,region', ...agents.map((a) => `${a['sales_agent']},${a['sales_agent']},${a['manager']},${a['regional_office']}`)];
      writeFileSync(join(dir, 'reps.csv'), repsCsv.join('\n') + '\n');
      const quotaCsv = ['rep_id,period,amount,currency', ...agents.map((a) => `${a['sales_agent']},2017,400000,USD`)];
      writeFileSync(join(dir, 'quotas.csv'), quotaCsv.join('\n') + '\n');
      const db = openDb({ path: dbPath, busyTimeoutMs: 5000 });
      try {
        await importFile(db, dbPath, 'reps', join(dir, 'reps.csv'));
        await importFile(db, dbPath, 'deals', PIPELINE, {
          deal_id: 'opportunity_id', owner: 'sales_agent', stage: 'deal_stage', amount: 'close_value', created_date: 'engage_date',
        });
        await importFile(db, dbPath, 'quotas', join(dir, 'quotas.csv'));
      } finally {
        db.close();
      }
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('the CSV itself: 4,238 won deals worth 10,005,534 in 2017', () => {
      const all = [...truth.values()].reduce((s, t) => ({ won: s.won + t.won, value: s.value + t.wonValue }), { won: 0, value: 0 });
      expect(all).toEqual({ won: 4238, value: 10_005_534 });
    });

    it.each(['2017-Q1', '2017-Q2', '2017-Q3', '2017-Q4'])('%s: won revenue, deals and win rates match the CSV', (quarter) => {
      const t = truth.get(quarter) ?? { won: 0, lost: 0, wonValue: 0, lostValue: 0 };
      const [row] = run('metrics', { period: quarter }).rows;
      expect(row).toMatchObject({ won_revenue: `${t.wonValue}.00`, deals_won: t.won, deals_lost: t.lost });
      expect(row?.['win_rate']).toBe(t.won / (t.won + t.lost));
      expect(row?.['win_rate_value']).toBe(t.wonValue / (t.wonValue + t.lostValue));
    });

    it('attainment 2017: the sum over reps of credited equals total won revenue; quotas as supplied', () => {
      const report = run('attainment', { period: '2017' });
      expect(report.rows.every((r) => r.group !== null)).toBe(true); // every owner resolved to a rep
      expect(report.rows).toHaveLength(agents.length); // the 5 agents without deals are listed too
      const creditedCents = report.rows.reduce((s, r) => s + BigInt(String(r['credited']).replace('.', '')), 0n);
      expect(creditedCents).toBe(1_000_553_400n);
      expect(report.totals).toMatchObject({ credited: '10005534.00', quota: `${400_000 * agents.length}.00`, deals: 4238 });
    });

    it('a year quota viewed by quarter: 2017-Q1 is 90/365 of 400,000 = 98,630.14 per rep', () => {
      const report = run('attainment', { period: '2017-Q1', by: 'region' });
      const credited = report.rows.reduce((s, r) => s + Number(r['credited']), 0);
      expect(credited).toBe(truth.get('2017-Q1')?.wonValue);
      const repReport = run('attainment', { period: '2017-Q1' });
      expect(new Set(repReport.rows.map((r) => r['quota']))).toEqual(new Set(['98630.14']));
    });
  });
}
