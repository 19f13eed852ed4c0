/**
 * Real public exports (../shared/data, see its README): the Maven Analytics CRM sample with a
 * column mapping, and a Salesforce developer-org Data Loader export, auto-detected.
 * Expected figures come from the data set's README (8,800 opportunities, won revenue
 * 10,005,534) and from counting the rows of Opportunity.csv (36).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasSharedData, SHARED_DATA, spm, tempDir } from './helpers/run-spm.js';

const MAVEN_MAP = ['--map', 'deal_id=opportunity_id', '--map', 'owner=sales_agent', '--map', 'stage=deal_stage', '--map', 'amount=close_value', '--map', 'created_date=engage_date'];

function query<T>(dbPath: string, sql: string): T {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).get() as T;
  } finally {
    db.close();
  }
}

describe.skipIf(!hasSharedData)('real exports (skipped: ../shared/data is absent)', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });

  it('maven-crm sales_pipeline.csv with a mapping: 8,800 deals, won total 10,005,534; re-import changes nothing', () => {
    const db = join(dir, 'maven.db');
    const file = join(SHARED_DATA, 'maven-crm', 'sales_pipeline.csv');
    const first = spm(['--db', db, 'import', 'deals', file, ...MAVEN_MAP, '--as-of', '2017-12-31'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    const counts = (): unknown => query(db, `SELECT COUNT(*) AS deals, SUM(CASE WHEN status = 'won' THEN amount_minor END) AS won_minor,
      SUM(status = 'won') AS won, SUM(status = 'lost') AS lost, SUM(status = 'open') AS open,
      (SELECT COUNT(*) FROM deal_snapshots) AS snapshots FROM deals`);
    expect(counts()).toEqual({ deals: 8800, won_minor: 1_000_553_400, won: 4238, lost: 2473, open: 2089, snapshots: 8800 });
    const again = spm(['--db', db, 'import', 'deals', file, ...MAVEN_MAP, '--as-of', '2018-01-15'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/sales_pipeline\.csv,generic,8800,0,0,8800,0,0,0/);
    expect(counts()).toEqual({ deals: 8800, won_minor: 1_000_553_400, won: 4238, lost: 2473, open: 2089, snapshots: 8800 });
  });

  it('salesforce-devorg Opportunity.csv is detected as Salesforce: 36 deals; re-import changes nothing', () => {
    const db = join(dir, 'sf.db');
    const file = join(SHARED_DATA, 'salesforce-devorg', 'Opportunity.csv');
    const r = spm(['--db', db, 'import', 'deals', file], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Opportunity\.csv: deals from salesforce \(detected/);
    expect(query(db, 'SELECT COUNT(*) AS n FROM deals')).toEqual({ n: 36 });
    // The first data row: Dickenson Mobile Generators, Qualification, 15000, CloseDate 02/03/24 (month first).
    expect(query(db, "SELECT stage, status, amount_minor, close_date FROM deals WHERE deal_id = '006bm00000LKJNNAA5'")).toEqual({
      stage: 'Qualification', status: 'open', amount_minor: 1_500_000, close_date: '2024-02-03',
    });
    const again = spm(['--db', db, 'import', 'deals', file], { cwd: dir });
    expect(again.code).toBe(0);
    expect(query(db, 'SELECT COUNT(*) AS n, (SELECT COUNT(*) FROM deal_snapshots) AS s FROM deals')).toEqual({ n: 36, s: 36 });
  });
});
