/*
 * `spm doctor` on a small company imported through the real import, with one planted problem
 * per check (two for date-implausible and id-excel-mangled: one of each kind). As of 2026-04-15,
 * base USD, calendar quarters (the as-of quarter is 2026-Q2), EUR rate 1.10 from 2026-01-01.
 * Plan assignments: team East from 2025-01-01, rep cara from 2026-03-01.
 *
 * Expected, record by record (file:line is the CSV line, the header is line 1):
 *   deals.csv:3  D-02 owner "Zed Unknown" is no rep                       deal-owner-unknown
 *   crm-sync.csv:2 D-15 won, no close date (written directly: the importer
 *                  rejects such rows, a sync by another tool may not)     deal-won-without-close-date
 *   deals.csv:4  D-03 lost, no close date                                 deal-close-date-missing
 *   deals.csv:5  D-04 created 2026-02-01, closed 2026-01-10              deal-closed-before-created
 *   deals.csv:6  D-05 closed 2039-01-01 > 2036-04-15 (as-of + 10 years)   date-implausible
 *   reps.csv:5   old hired 1985-06-01 < 1990-01-01                        date-implausible
 *   deals.csv:7  D-06 open, expected close 2026-03-01 < 2026-04-15       deal-open-past-close-date
 *   deals.csv:8  D-07 = D-01 (name, account, amount, currency, close)     deal-duplicate
 *   deals.csv:9  D-08 won with amount 0                                   deal-amount-not-positive
 *   invoices.csv:3 INV-2 amount 0                                         invoice-amount-zero
 *   splits.csv:2 D-13 ordinary splits 60 + 30 = 90                        split-total-not-100
 *   splits.csv:7 D-99 is no deal                                          split-deal-unknown
 *   splits.csv:8 rep "Nobody Here" is no rep                              split-rep-unknown
 *   reps.csv:3   ben active, no quota overlapping 2026-Q2                 quota-missing
 *                (cara's 2026 quota is keyed by her name; old left in 2020)
 *   deals.csv:10 D-09 EUR closed 2025-12-15, first EUR rate 2026-01-01    fx-rate-missing
 *                (D-10 EUR 2026-02-01 and cara's EUR quota have a rate)
 *   deals.csv:12 stage "Verbal Yes" (1 deal) is in no stage rule          stage-unmapped
 *   deals.csv:14 D-12 cara won 2026-02-20, her plan starts 2026-03-01    deal-owner-without-plan
 *   deals.csv:13 1.23457E+15, invoices.csv:4 1234567890123450000         id-excel-mangled
 *                (invoices.csv:5 1234567890123456 keeps its 16th digit: not flagged)
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../src/cli/context.js';
import { doctorReport } from '../src/commands/doctor.js';
import { configSchema, type SpmConfig } from '../src/config/schema.js';
import { type DoctorFinding, examplesText, planGaps } from '../src/core/doctor.js';
import type { EntityName } from '../src/core/entities.js';
import { openDb } from '../src/db/open.js';
import { runImport } from '../src/ingest/run-import.js';
import { createPalette } from '../src/render/index.js';
import { REPO, spm } from './helpers/run-spm.js';

const AS_OF = '2026-04-15';
const ASSIGNMENTS = [
  { plan: 'ae', team: 'East', from: '2025-01-01' },
  { plan: 'ae', rep: 'cara', from: '2026-03-01' },
];

const FILES: Record<string, [EntityName, string]> = {
  'reps.csv': ['reps', `rep_id,name,email,team,role,hire_date,end_date
ana,Ana Souza,ana@example.com,East,AE,2020-01-01,
ben,Ben Okafor,ben@example.com,East,AE,2021-03-01,
cara,Cara Lind,cara@example.com,West,AE,2019-05-01,
old,Old Timer,,West,AE,1985-06-01,2020-12-31
`],
  'deals.csv': ['deals', `deal_id,name,account,owner,amount,currency,stage,close_date,created_date
D-01,Acme renewal,Acme,ana,1000,USD,Closed Won,2026-02-10,2026-01-05
D-02,Beta,Beta Inc,Zed Unknown,2000,USD,Closed Won,2026-02-11,2026-01-05
D-03,Gamma,Gamma,ana,500,USD,Closed Lost,,2026-01-05
D-04,Delta,Delta,ana,800,USD,Closed Won,2026-01-10,2026-02-01
D-05,Epsilon,Epsilon,ben,700,USD,Closed Lost,2039-01-01,2026-01-05
D-06,Zeta,Zeta,ana,900,USD,Prospecting,2026-03-01,2026-01-01
D-07,Acme renewal,Acme,ana,1000,USD,Closed Won,2026-02-10,2026-01-06
D-08,Eta,Eta,ana,0,USD,Closed Won,2026-02-12,2026-01-05
D-09,Theta,Theta,ana,3000,EUR,Closed Won,2025-12-15,2025-11-01
D-10,Iota,Iota,ana,4000,EUR,Closed Won,2026-02-01,2026-01-01
D-11,Kappa,Kappa,ana,1200,USD,Verbal Yes,2026-05-30,2026-04-01
1.23457E+15,Lambda,Lambda,ana,600,USD,Closed Won,2026-02-14,2026-01-05
D-12,Mu,Mu,cara,1500,USD,Closed Won,2026-02-20,2026-01-05
D-13,Nu,Nu,ana,2000,USD,Closed Won,2026-03-05,2026-01-05
D-14,Xi,Xi,ana,2000,USD,Closed Won,2026-03-06,2026-01-05
`],
  'splits.csv': ['splits', `deal_id,rep_id,percent,role
D-13,ana,60,AE
D-13,ben,30,AE
D-14,ana,60,AE
D-14,ben,40,AE
D-14,cara,50,Overlay
D-99,ana,100,AE
D-01,Nobody Here,100,AE
`],
  'quotas.csv': ['quotas', `rep_id,period,amount,currency
ana,2026-Q2,100000,USD
Cara Lind,2026,400000,EUR
`],
  'fx.csv': ['fx-rates', `currency,date,rate
EUR,2026-01-01,1.10
`],
  'invoices.csv': ['invoices', `invoice_id,deal_id,invoice_date,amount,currency
INV-1,D-01,2026-02-15,1000,USD
INV-2,D-04,2026-02-16,0,USD
1234567890123450000,D-10,2026-02-20,4400,USD
1234567890123456,D-14,2026-03-10,2000,USD
`],
};

function context(dbPath: string, config: SpmConfig): CommandContext {
  return {
    cwd: dirname(dbPath), env: {}, config, dbPath, asOf: AS_OF, now: () => new Date(0), flags: {}, version: 'test',
    log: { info: () => undefined, warn: () => undefined, isTTY: false, quiet: true, palette: createPalette(false) },
    emit: () => undefined,
  };
}

async function importAll(dir: string, dbPath: string, files: Record<string, [EntityName, string]>): Promise<void> {
  const db = openDb({ path: dbPath, busyTimeoutMs: 5000 });
  try {
    for (const [name, [entity, text]] of Object.entries(files)) {
      writeFileSync(join(dir, name), text);
      const result = await runImport({
        db, dbPath, entity, files: [name], cwd: dir, source: 'auto', overrides: {}, dateFormat: 'auto', currency: 'USD',
        asOf: AS_OF, dryRun: false, allowPartial: false, config: configSchema.parse({}), version: 'test', now: () => new Date(0),
      });
      expect(result.rejectedRows, `${name}: ${JSON.stringify(result.problems.slice(0, 3))}`).toBe(0);
    }
  } finally {
    db.close();
  }
}

const byId = (findings: readonly DoctorFinding[]) => new Map(findings.map((f) => [f.id, f]));

describe('spm doctor on a company with one planted problem per check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spm-doctor-'));
  const dbPath = join(dir, 'spm.db');
  const config = configSchema.parse({ assignments: ASSIGNMENTS });

  beforeAll(async () => {
    await importAll(dir, dbPath, FILES);
    const db = openDb({ path: dbPath, busyTimeoutMs: 5000 });
    // Stored with an absolute path (as `spm demo` imports): shown relative to the working directory.
    db.prepare(
      "INSERT INTO deals (deal_id, owner, owner_rep_id, amount_minor, currency, stage, status, source_file, source_line, import_id) VALUES ('D-15', 'ana', 'ana', 10000, 'USD', 'Closed Won', 'won', ?, 2, 0)",
    ).run(join(dir, 'crm-sync.csv'));
    db.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts every check and names its records by file and line', () => {
    const db = openDb({ path: dbPath, busyTimeoutMs: 5000, create: false });
    const { findings, hasErrors, report } = doctorReport(context(dbPath, config), db);
    db.close();
    const got = [...byId(findings)].map(([id, f]) => [id, f.severity, f.count, examplesText(f)]);
    expect(got).toEqual([
      ['deal-owner-unknown', 'error', 1, 'deals.csv:3 (D-02: owner "Zed Unknown")'],
      ['deal-won-without-close-date', 'error', 1, 'crm-sync.csv:2 (D-15: stage "Closed Won")'],
      ['fx-rate-missing', 'error', 1, 'deals.csv:10 (D-09: EUR on 2025-12-15)'],
      ['split-deal-unknown', 'error', 1, 'splits.csv:7 (D-99: rep "ana")'],
      ['split-rep-unknown', 'error', 1, 'splits.csv:8 (D-01: rep "Nobody Here")'],
      ['split-total-not-100', 'error', 1, 'splits.csv:2 (D-13: ordinary splits total 90%)'],
      ['date-implausible', 'warning', 2, 'deals.csv:6 (D-05: close_date 2039-01-01), reps.csv:5 (old: hire_date 1985-06-01)'],
      ['deal-amount-not-positive', 'warning', 1, 'deals.csv:9 (D-08: won, amount 0)'],
      ['deal-close-date-missing', 'warning', 1, 'deals.csv:4 (D-03: lost)'],
      ['deal-closed-before-created', 'warning', 1, 'deals.csv:5 (D-04: created 2026-02-01, closed 2026-01-10)'],
      ['deal-duplicate', 'warning', 1, 'deals.csv:8 (D-07: same as D-01)'],
      ['deal-open-past-close-date', 'warning', 1, 'deals.csv:7 (D-06: expected close 2026-03-01)'],
      ['deal-owner-without-plan', 'warning', 1, 'deals.csv:14 (D-12: owner cara, closed 2026-02-20)'],
      ['id-excel-mangled', 'warning', 2, 'deals.csv:13 (1.23457E+15: deals.deal_id), invoices.csv:4 (1234567890123450000: invoices.invoice_id)'],
      ['invoice-amount-zero', 'warning', 1, 'invoices.csv:3 (INV-2)'],
      ['quota-missing', 'warning', 1, 'reps.csv:3 (ben: no quota in 2026-Q2)'],
      ['stage-unmapped', 'warning', 1, 'deals.csv:12 ("Verbal Yes": 1 deal)'],
    ]);
    expect(hasErrors).toBe(true);
    // The report carries the same rows, sorted errors first, with the fix of each check.
    expect(report.columns.map((c) => c.key)).toEqual(['check', 'severity', 'count', 'examples', 'fix']);
    expect(report.rows.map((r) => r['check'])).toEqual(got.map((g) => g[0]));
    expect(String(report.rows[0]?.['fix'])).toContain('spm import reps');
  });

  it('without configured plans the plan check finds nothing and says it did not run', () => {
    const db = openDb({ path: dbPath, busyTimeoutMs: 5000, create: false });
    const { findings, report } = doctorReport(context(dbPath, configSchema.parse({})), db);
    db.close();
    expect(byId(findings).get('deal-owner-without-plan')?.count).toBe(0);
    expect(report.notes).toContain('deal-owner-without-plan: not checked, no plans or assignments are configured.');
  });

  it('a stage rule in the config maps the stage; a later as-of makes more open deals stale', () => {
    const db = openDb({ path: dbPath, busyTimeoutMs: 5000, create: false });
    const mapped = configSchema.parse({ assignments: ASSIGNMENTS, stages: { 'verbal yes': { status: 'open', probability: 90 } } });
    const later = { ...context(dbPath, mapped), asOf: '2026-06-01' };
    const found = byId(doctorReport(later, db).findings);
    db.close();
    expect(found.get('stage-unmapped')?.count).toBe(0);
    // D-06 (2026-03-01) and now D-11 (expected 2026-05-30 < 2026-06-01) are past their close date.
    expect(found.get('deal-open-past-close-date')?.count).toBe(2);
  });

  const built = existsSync(join(REPO, 'dist', 'commands', 'doctor.js'));
  it.runIf(built)('bin/spm doctor --format json: the same rows, exit 1 for error findings, summary on stderr', () => {
    writeFileSync(join(dir, 'spm.config.json'), JSON.stringify({ assignments: ASSIGNMENTS }));
    const run = spm(['doctor', '--db', dbPath, '--as-of', AS_OF, '--format', 'json'], { cwd: dir });
    expect(run.code, run.stderr).toBe(1);
    const doc = JSON.parse(run.stdout) as { rows: { check: string; severity: string; count: number; examples: string }[] };
    expect(doc.rows).toHaveLength(17);
    expect(doc.rows[0]).toMatchObject({ check: 'deal-owner-unknown', severity: 'error', count: 1, examples: 'deals.csv:3 (D-02: owner "Zed Unknown")' });
    // 6 error checks and 11 warning checks find something; 19 records in all (17 checks, two of them 2 records).
    expect(run.stderr).toContain('doctor: 17 checks, 6 with errors, 11 with warnings (19 records in all)');
  });
});

describe('spm doctor exit codes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spm-doctor-ok-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const built = existsSync(join(REPO, 'dist', 'commands', 'doctor.js'));

  it.runIf(built)('an empty database: every check 0, exit 0', () => {
    const dbPath = join(dir, 'empty.db');
    openDb({ path: dbPath, busyTimeoutMs: 5000 }).close();
    const run = spm(['doctor', '--db', dbPath, '--as-of', AS_OF, '--format', 'csv'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split(/\r?\n/);
    expect(lines[0]).toBe('check,severity,count,examples,fix');
    expect(lines).toHaveLength(18);
    expect(lines.slice(1).every((l) => l.split(',')[2] === '0')).toBe(true);
    expect(run.stderr).toContain('doctor: all 17 checks passed');
  });

  it.runIf(built)('warnings only (a rep without quota, an unmapped stage): exit 0', async () => {
    const dbPath = join(dir, 'warn.db');
    await importAll(dir, dbPath, {
      'reps.csv': ['reps', 'rep_id,name,hire_date\nana,Ana Souza,2020-01-01\n'],
      'deals.csv': ['deals', 'deal_id,owner,amount,currency,stage,close_date\nD-1,ana,100,USD,Verbal Yes,2026-05-30\n'],
    });
    const run = spm(['doctor', '--db', dbPath, '--as-of', AS_OF, '--format', 'json'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as { rows: { check: string; count: number }[] };
    expect(doc.rows.filter((r) => r.count > 0).map((r) => [r.check, r.count])).toEqual([['quota-missing', 1], ['stage-unmapped', 1]]);
  });
});

describe('plan gaps', () => {
  it('are the days outside every plan span, per rep', () => {
    const reps = [{ repId: 'ana', name: 'Ana', team: 'East' }, { repId: 'zoe', name: 'Zoe' }];
    const { gaps, ambiguous } = planGaps(reps, [
      { plan: 'a', team: 'East', from: '2025-01-01', to: '2025-06-30' },
      { plan: 'b', rep: 'ana', from: '2025-09-01' },
    ]);
    // ana: before 2025-01-01, and July–August 2025; zoe is on no plan at all.
    expect(gaps).toEqual([
      { repId: 'ana', from: '0001-01-01', to: '2024-12-31' },
      { repId: 'ana', from: '2025-07-01', to: '2025-08-31' },
      { repId: 'zoe', from: '0001-01-01', to: '9999-12-31' },
    ]);
    expect(ambiguous).toEqual([]);
  });

  it('a rep with two equally specific plans on one day is set aside, not guessed', () => {
    const { gaps, ambiguous } = planGaps([{ repId: 'ana', name: 'Ana', role: 'AE' }], [
      { plan: 'a', role: 'AE', from: '2025-01-01' },
      { plan: 'b', role: 'AE', from: '2025-06-01' },
    ]);
    expect([gaps, ambiguous]).toEqual([[], ['ana']]);
  });

  it('examples beyond five are counted, not listed', () => {
    const e = (line: number) => ({ file: 'deals.csv', line, id: `D-${line}`, detail: null });
    expect(examplesText({ count: 7, examples: [2, 3, 4, 5, 6].map(e) })).toBe(
      'deals.csv:2 (D-2), deals.csv:3 (D-3), deals.csv:4 (D-4), deals.csv:5 (D-5), deals.csv:6 (D-6) and 2 more',
    );
  });
});
