/**
 * End-to-end: each vendor's export format (fixtures written with the vendors' real header
 * names) imports through the built bin/spm with the right amounts, dates, stages and owners.
 * Expected values are read off the fixture files by hand.
 */
import Database from 'better-sqlite3';
import { copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, spm, tempDir } from './helpers/run-spm.js';

const FIX = join(REPO, 'fixtures', 'import');
let dir: string;
let dbPath: string;

function rows<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

function importOk(entity: string, file: string, ...extra: string[]): string {
  copyFileSync(join(FIX, file), join(dir, file));
  const r = spm(['--db', dbPath, 'import', entity, file, '--as-of', '2026-04-01', ...extra], { cwd: dir });
  expect(r.stderr).not.toMatch(/unexpected error/);
  expect(r.code, r.stderr).toBe(0);
  return r.stderr;
}

type Deal = { deal_id: string; amount_minor: number | null; currency: string; stage: string; status: string; close_date: string | null; created_date: string | null; owner: string | null; owner_rep_id: string | null; probability: string | null };

function deal(id: string): Deal {
  const d = rows<Deal>('SELECT * FROM deals WHERE deal_id = ?', id)[0];
  if (!d) throw new Error(`deal ${id} not imported`);
  return d;
}

beforeAll(() => {
  dir = tempDir();
  dbPath = join(dir, 'spm.db');
  importOk('reps', 'reps.csv');
});

describe('deals exports of each CRM', () => {
  it('Salesforce report export (labels, BOM, M/D/YYYY, footer)', () => {
    const err = importOk('deals', 'salesforce-report-deals.csv');
    expect(err).toMatch(/from salesforce \(detected/);
    expect(err).toMatch(/skipped 1 footer or total row "Grand Totals/);
    expect(deal('0065g00000AbCdE')).toMatchObject({ amount_minor: 12_500_000, currency: 'USD', stage: 'Closed Won', status: 'won', close_date: '2026-03-31', created_date: '2026-01-15', owner_rep_id: 'R001', probability: '100' });
    // 4/2/2026 is April 2: the file proved month-first order with 3/31/2026.
    expect(deal('0065g00000AbCdF')).toMatchObject({ amount_minor: 4_825_050, status: 'open', close_date: '2026-04-02', owner_rep_id: 'R002' });
    expect(deal('0065g00000AbCdG')).toMatchObject({ amount_minor: 999_999, status: 'lost', close_date: '2026-02-14' });
    // An owner that matches no rep is kept, unresolved, and reported.
    expect(deal('0065g00000AbCdH')).toMatchObject({ owner: 'Unknown Person', owner_rep_id: null });
    expect(err).toMatch(/"Unknown Person" \(1\)/);
  });

  it('Salesforce Data Loader export (API names, IsWon/IsClosed, ISO timestamps)', () => {
    const err = importOk('deals', 'salesforce-api-deals.csv');
    expect(err).toMatch(/from salesforce \(detected/);
    expect(deal('006bm00000LKJNPAA5')).toMatchObject({ amount_minor: 22_000_000, status: 'won', close_date: '2026-03-07', created_date: '2026-02-20', owner_rep_id: 'R001' });
    expect(deal('006bm00000LKJNTAA5')).toMatchObject({ status: 'lost', owner_rep_id: 'R002' });
  });

  it('HubSpot deals export (internal stage ids, fraction probabilities, EUR)', () => {
    const err = importOk('deals', 'hubspot-deals.csv');
    expect(err).toMatch(/from hubspot \(detected/);
    expect(deal('9876543210')).toMatchObject({ amount_minor: 1_540_050, currency: 'EUR', stage: 'closedwon', status: 'won', close_date: '2026-03-30', created_date: '2026-01-12', owner_rep_id: 'R003', probability: '100' });
    expect(deal('9876543211')).toMatchObject({ status: 'open', probability: '90' });
    // Owner given as an email resolves too.
    expect(deal('9876543212')).toMatchObject({ status: 'lost', owner_rep_id: 'R011', close_date: '2026-02-27' });
  });

  it('Pipedrive deals export (Status column, won/lost time as the close date)', () => {
    const err = importOk('deals', 'pipedrive-deals.csv');
    expect(err).toMatch(/from pipedrive \(detected/);
    expect(deal('101')).toMatchObject({ amount_minor: 1_250_000, status: 'won', stage: 'Negotiations Started', close_date: '2026-03-12', owner_rep_id: 'R001' });
    expect(deal('102')).toMatchObject({ amount_minor: 780_000, status: 'open', close_date: '2026-05-01' });
    expect(deal('103')).toMatchObject({ status: 'lost', close_date: '2026-02-25' });
  });

  it('Dynamics 365 export saved as CSV (actual revenue and close date for won deals)', () => {
    const err = importOk('deals', 'dynamics-deals.csv');
    expect(err).toMatch(/from dynamics \(detected/);
    expect(deal('3f2b8c1e-5a6d-4e7f-9a0b-1c2d3e4f5a6b')).toMatchObject({ amount_minor: 4_750_000, status: 'won', close_date: '2026-03-27', created_date: '2026-01-06', owner_rep_id: 'R010' });
    expect(deal('7a8b9c0d-1e2f-4a5b-8c7d-6e5f4a3b2c1d')).toMatchObject({ amount_minor: 1_800_000, status: 'open', close_date: '2026-05-29' });
  });

  it('re-importing an unchanged export changes no counts and adds no snapshots', () => {
    const before = rows<{ n: number; s: number }>('SELECT (SELECT COUNT(*) FROM deals) AS n, (SELECT COUNT(*) FROM deal_snapshots) AS s')[0];
    importOk('deals', 'hubspot-deals.csv');
    const after = rows<{ n: number; s: number }>('SELECT (SELECT COUNT(*) FROM deals) AS n, (SELECT COUNT(*) FROM deal_snapshots) AS s')[0];
    expect(after).toEqual(before);
  });
});

describe('ERP invoices, payments and the other entities', () => {
  type Inv = { invoice_id: string; amount_minor: number; currency: string; invoice_date: string; deal_id: string | null };
  const inv = (id: string): Inv | undefined => rows<Inv>('SELECT * FROM invoices WHERE invoice_id = ?', id)[0];

  it('NetSuite saved search: title lines and total rows skipped, credit memo negative', () => {
    const err = importOk('invoices', 'netsuite-invoices.csv');
    expect(err).toMatch(/from netsuite/);
    expect(err).toMatch(/skipped 3 title line/);
    expect(inv('INV-1001')).toMatchObject({ amount_minor: 12_500_000, invoice_date: '2026-03-31', deal_id: '0065g00000AbCdE' });
    expect(inv('CM-2001')).toMatchObject({ amount_minor: -125_000 });
  });

  it('QuickBooks invoice list: leading empty column, payments and TOTAL skipped', () => {
    const err = importOk('invoices', 'quickbooks-invoices.csv');
    expect(err).toMatch(/from quickbooks/);
    expect(err).toMatch(/not an invoice \(type "Payment"\)/);
    expect(inv('1045')).toMatchObject({ amount_minor: 480_000, invoice_date: '2026-03-05' });
    expect(inv('1046')).toMatchObject({ amount_minor: -30_000 });
    expect(inv('1047')).toMatchObject({ amount_minor: 225_000, invoice_date: '2026-03-28' });
  });

  it('Xero export: one row per line collapses to one invoice; credit notes negative; D/M/Y', () => {
    const err = importOk('invoices', 'xero-invoices.csv');
    expect(err).toMatch(/from xero/);
    expect(inv('INV-0042')).toMatchObject({ amount_minor: 1_832_660, currency: 'EUR', invoice_date: '2026-03-30', deal_id: '9876543210' });
    expect(inv('CN-0007')).toMatchObject({ amount_minor: -96_000, invoice_date: '2026-03-15' });
  });

  it('payments, FX rates, splits, quotas and leads', () => {
    importOk('payments', 'payments.csv');
    importOk('fx-rates', 'fx-rates.csv');
    importOk('splits', 'splits.csv');
    importOk('quotas', 'quotas.csv');
    importOk('leads', 'leads.csv');
    expect(rows('SELECT payment_id, amount_minor FROM payments ORDER BY payment_id')).toEqual([
      { payment_id: 'PMT-1', amount_minor: 1_125_000 },
      { payment_id: 'PMT-2', amount_minor: 6_000_000 },
    ]);
    expect(rows('SELECT currency, date, rate FROM fx_rates ORDER BY currency, date')).toEqual([
      { currency: 'EUR', date: '2026-01-01', rate: '1.0825' },
      { currency: 'EUR', date: '2026-03-01', rate: '1.091' },
      { currency: 'GBP', date: '2026-01-01', rate: '1.265' },
    ]);
    expect(rows('SELECT rep_id, percent, is_overlay FROM splits ORDER BY rep_ref')).toEqual([
      { rep_id: 'R001', percent: '60', is_overlay: 0 },
      { rep_id: 'R002', percent: '40', is_overlay: 0 },
      { rep_id: 'R010', percent: '100', is_overlay: 1 },
    ]);
    expect(rows('SELECT rep_id, period, period_start, period_end, amount_minor, currency FROM quotas ORDER BY rep_id')).toEqual([
      { rep_id: 'R001', period: '2026-Q1', period_start: '2026-01-01', period_end: '2026-03-31', amount_minor: 15_000_000, currency: 'USD' },
      { rep_id: 'R002', period: '2026-Q1', period_start: '2026-01-01', period_end: '2026-03-31', amount_minor: 12_000_000, currency: 'USD' },
      { rep_id: 'R003', period: '2026', period_start: '2026-01-01', period_end: '2026-12-31', amount_minor: 40_000_000, currency: 'EUR' },
    ]);
    expect(rows('SELECT lead_id, owner_rep_id, converted FROM leads ORDER BY lead_id')).toEqual([
      { lead_id: '00Q000000000001', owner_rep_id: 'R001', converted: 1 },
      { lead_id: '00Q000000000002', owner_rep_id: 'R002', converted: 0 },
      { lead_id: '00Q000000000003', owner_rep_id: 'R001', converted: 0 },
    ]);
  });

  it('the database and its WAL are created readable by the owner only (0600)', () => {
    expect(statSync(dbPath).mode & 0o777).toBe(0o600);
    // SQLite gives the -wal and -shm files the mode of the database file; they exist while a
    // connection is open.
    const db = new Database(dbPath);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.prepare('SELECT COUNT(*) FROM deals').get();
      expect(statSync(`${dbPath}-wal`).mode & 0o777).toBe(0o600);
      expect(statSync(`${dbPath}-shm`).mode & 0o777).toBe(0o600);
    } finally {
      db.close();
    }
  });

  it('spm status reports counts, date ranges and currencies as CSV when piped', () => {
    const r = spm(['--db', dbPath, 'status'], { cwd: dir });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('entity,count,first_date,last_date,currencies');
    expect(lines).toContain('invoices,8,2026-03-05,2026-03-31,EUR USD');
    expect(lines).toContain('fx-rates,3,2026-01-01,2026-03-01,EUR GBP');
  });
});
