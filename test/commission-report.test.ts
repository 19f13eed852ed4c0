/**
 * End-to-end: `spm report commission` and `spm plan validate` through the built bin/spm, on a
 * database made by real imports and a config file in a temp dir (build first: npx tsc -p .).
 *
 * The company, March 2026, base USD, EUR at 1.10 from 2026-01-01, no GBP rate:
 *   reps  R1 Avery Chen AE, R2 Blake Diaz AE, R4 Dana Park AE (no deals), R3 Casey Ng SE (no plan),
 *         all reporting to M1 Morgan Lee (Manager)
 *   plan "ae" (role AE): marginal tiers by attainment, 5 % to 100 % of quota, 10 % above;
 *         SPIFF "new-logo" 100.00 per New Business deal
 *   plan "mgr" (rep M1): own deals flat 2 %; override 1 % of the direct reports' credit
 *   quotas R1 and R2: 20,000.00 for 2026-03
 *   won deals: D1 R1 10,000 USD 03-05 New Business; D2 R1 15,000 USD 03-20; D3 R2 10,000 EUR 03-10
 *         New Business (= 11,000 USD); D4 R3 5,000 USD 03-12 New Business; D5 R1 8,000 USD 03-25
 *         split R1 50 % / R2 50 %; D6 R2 1,000 GBP 03-15 (no rate); D7 R1 open (ignored)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { spm, tempDir } from './helpers/run-spm.js';

let dir: string;

const FILES: Record<string, string> = {
  'reps.csv': `rep_id,name,email,manager_id,team,role
R1,Avery Chen,avery@example.com,M1,East,AE
R2,Blake Diaz,blake@example.com,M1,East,AE
R4,Dana Park,dana@example.com,M1,East,AE
M1,Morgan Lee,morgan@example.com,,East,Manager
R3,Casey Ng,casey@example.com,M1,East,SE
`,
  'deals.csv': `deal_id,name,account,owner,amount,currency,stage,close_date,type
D1,Acme,Acme,R1,10000.00,USD,Closed Won,2026-03-05,New Business
D2,Globex,Globex,R1,15000.00,USD,Closed Won,2026-03-20,Expansion
D3,Initech,Initech,R2,10000.00,EUR,Closed Won,2026-03-10,New Business
D4,Umbrella,Umbrella,R3,5000.00,USD,Closed Won,2026-03-12,New Business
D5,Hooli,Hooli,R1,8000.00,USD,Closed Won,2026-03-25,Expansion
D6,Stark,Stark,R2,1000.00,GBP,Closed Won,2026-03-15,Expansion
D7,Wayne,Wayne,R1,99000.00,USD,Prospecting,2026-03-28,New Business
`,
  'splits.csv': `deal_id,rep_id,percent,role
D5,R1,50,AE
D5,R2,50,AE
`,
  'quotas.csv': `rep_id,period,amount,currency,measure
R1,2026-03,20000.00,USD,bookings
R2,2026-03,20000.00,USD,bookings
`,
  'fx.csv': `currency,date,rate
EUR,2026-01-01,1.10
`,
};

const TIERS = [{ from: '0', to: '1.0', rate: '0.05' }, { from: '1.0', rate: '0.10' }];
const plans = (tiers: unknown[] = TIERS, measure = 'bookings') => [
  {
    id: 'ae', name: 'Account Executive', currency: 'USD',
    components: [{ id: 'bookings', measure, rateSchedule: { kind: 'marginal', tiers } }],
    spiffs: [{ id: 'new-logo', per: 'deal', amount: '100.00', filter: { dealType: ['New Business'] } }],
  },
  {
    id: 'mgr', name: 'Manager', currency: 'USD',
    components: [{ id: 'own', rateSchedule: { kind: 'flat', rate: '0.02' } }],
    managerOverride: { basis: 'team-credit', rate: '0.01' },
  },
];
const assignments = [
  { plan: 'ae', role: 'AE', from: '2026-01-01' },
  { plan: 'mgr', rep: 'M1', from: '2026-01-01' },
];

function run(args: string[]) {
  return spm(['--db', 'spm.db', ...args], { cwd: dir });
}

const csvRows = (text: string): string[][] => text.trim().split('\n').map((l) => l.split(','));

let totals: ReturnType<typeof spm> | undefined;
/** The per-rep totals as CSV (run once, read by two tests). */
function totalsCsv(): ReturnType<typeof spm> {
  totals ??= run(['report', 'commission', '--period', '2026-03', '--format', 'csv']);
  return totals;
}

beforeAll(() => {
  dir = tempDir('spm-commission-');
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'spm.config.json'), JSON.stringify({ baseCurrency: 'USD', plans: plans(), assignments }, null, 2));
  // A tier starting at 0.5 inside the tier 0–1.0: overlapping; measure "revenue": in no quota row. Both must be reported.
  const badTiers = [{ from: '0', to: '1.0', rate: '0.05' }, { from: '0.5', rate: '0.10' }];
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ plans: plans(badTiers, 'revenue'), assignments }, null, 2));
  writeFileSync(join(dir, 'bad.config.json'), JSON.stringify({ plans: plans(badTiers), assignments }, null, 2));
  writeFileSync(join(dir, 'empty.config.json'), JSON.stringify({ baseCurrency: 'USD' }));
  for (const [entity, file] of [['reps', 'reps.csv'], ['deals', 'deals.csv'], ['splits', 'splits.csv'], ['quotas', 'quotas.csv'], ['fx-rates', 'fx.csv']]) {
    const r = run(['import', entity ?? '', file ?? '', '--as-of', '2026-04-01']);
    expect(r.code, `${entity}: ${r.stderr}`).toBe(0);
  }
}, 60_000);

describe('spm report commission --period P (per-rep totals)', () => {
  it('pays the hand-computed totals, lists a rep on a plan who earned nothing, and warns instead of paying zero', () => {
    const r = totalsCsv();
    expect(r.code, r.stderr).toBe(0);
    const rows = csvRows(r.stdout);
    expect(rows[0]).toEqual(['period', 'rep_id', 'name', 'commission', 'true_up', 'caps', 'spiffs', 'overrides', 'total', 'currency', 'plan_id', 'plan_hash']);
    const brief = rows.slice(1).map((row) => [row[1], row[3], row[6], row[7], row[8], row[10]]);
    expect(brief).toEqual([
      // 1 % of the reports' credit: R1 10,000 + 15,000 + 4,000; R2 11,000 + 4,000; R3 5,000 (a direct
      // report without a plan still counts) = 49,000 → 490.00. D6 (GBP) has no rate: not credited.
      ['M1', '0.00', '0.00', '490.00', '490.00', 'mgr'],
      // D1 0→10,000 × 5 % = 500; D2 10,000→25,000: 10,000 × 5 % + 5,000 × 10 % = 1,000;
      // D5 half of 8,000 = 4,000 above quota × 10 % = 400 → 1,900; SPIFF on D1 100 → 2,000.00.
      ['R1', '1900.00', '100.00', '0.00', '2000.00', 'ae'],
      // D3 10,000 EUR × 1.10 = 11,000 × 5 % = 550; D5 4,000 × 5 % = 200 → 750; SPIFF on D3 100.
      ['R2', '750.00', '100.00', '0.00', '850.00', 'ae'],
      ['R4', '0.00', '0.00', '0.00', '0.00', 'ae'],
    ]);
    expect(rows[1]?.[11]).toMatch(/^[0-9a-f]{12}$/);
    expect(rows[2]?.[11]).toBe(rows[3]?.[11]);
    // Named once on stderr, whatever the format.
    expect(r.stderr.match(/no GBP→USD FX rate effective at the close date of 1 deal\(s\) \(D6\)/g)?.length).toBe(1);
    expect(r.stderr).toMatch(/rep R3 has no plan assignment on the close date of 1 deal\(s\) in 2026-03, which are not paid: D4/);
  });

  it('JSON: money as numbers, the warnings in the document', () => {
    const r = run(['report', 'commission', '--period', '2026-03', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { rows: Record<string, unknown>[]; totals: Record<string, unknown>; warnings: string[] };
    expect(doc.rows.find((row) => row['rep_id'] === 'R1')).toMatchObject({ commission: 1900, spiffs: 100, total: 2000, currency: 'USD' });
    // 490 + 2,000 + 850 + 0
    expect(doc.totals).toMatchObject({ total: 3340, overrides: 490, currency: 'USD' });
    expect(doc.warnings.some((w) => w.includes('D6')) && doc.warnings.some((w) => w.includes('D4'))).toBe(true);
  });
});

describe('spm report commission --rep R', () => {
  it('lists the lines with the SPEC §9 columns, then tiers and unrounded', () => {
    const r = run(['report', 'commission', '--period', '2026-03', '--rep', 'avery@example.com', '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    const rows = csvRows(r.stdout);
    expect(rows[0]).toEqual(['period', 'rep_id', 'name', 'deal_id', 'component', 'kind', 'credited', 'rate', 'amount', 'currency', 'plan_id', 'plan_hash', 'tiers', 'unrounded']);
    const brief = rows.slice(1).map((row) => [row[3], row[4], row[5], row[6], row[7], row[8], row[12], row[13]]);
    expect(brief).toEqual([
      ['D1', 'bookings', 'commission', '10000.00', '0.05', '500.00', 'tier 1', '500'],
      // 1,000 / 15,000: the blended rate repeats, so it ends in "…".
      ['D2', 'bookings', 'commission', '15000.00', '0.0666666667…', '1000.00', 'tier 1 + tier 2', '1000'],
      ['D5', 'bookings', 'commission', '4000.00', '0.1', '400.00', 'tier 2', '400'],
      ['D1', 'new-logo', 'spiff', '10000.00', '', '100.00', '', '100'],
    ]);
  });

  it('--explain prints the derivation on stdout', () => {
    const r = run(['report', 'commission', '--period', '2026-03', '--rep', 'R1', '--explain']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Commissions of Avery Chen \(R1\)/);
    expect(r.stdout).toContain('3 deal(s), credited 29000.00 USD, quota 20000.00 USD, attainment 1.45');
    expect(r.stdout).toContain('tier 2: 1 → 1.25, credit 5000 × rate 0.1 = 500');
    expect(r.stdout).toContain('Total 2000.00 USD = commission 1900.00 USD');
    const one = run(['report', 'commission', '--period', '2026-03', '--rep', 'R1', '--explain', '--deal', 'D2']);
    expect(one.stdout).toContain('deal D2 (closed 2026-03-20)');
    expect(one.stdout).not.toContain('deal D5 (closed');
  });

  it('refuses an unknown rep, naming the close matches (exit 2)', () => {
    const r = run(['report', 'commission', '--period', '2026-03', '--rep', 'Avary']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--rep: no rep "Avary"');
    expect(r.stderr).toContain('did you mean: R1 (Avery Chen)?');
    expect(run(['report', 'commission', '--period', '2026-03', '--explain']).code).toBe(2);
  });
});

describe('invalid or missing plans never reach the calculation', () => {
  it('report commission exits 2 with the JSON path of the problem', () => {
    const r = run(['--config', 'bad.config.json', 'report', 'commission', '--period', '2026-03']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('$.plans[0].components[0].rateSchedule.tiers[1].from: overlapping tiers: the tier before ends at 1.0, after 0.5');
    expect(r.stdout).toBe('');
  });

  it('report commission words a config the schema refuses as the schema does (exit 2)', () => {
    const broken = plans();
    broken[0] = { ...broken[0], components: [{ id: 'bookings', rateSchedule: { kind: 'flat', rate: 0.05 } }] } as (typeof broken)[0];
    writeFileSync(join(dir, 'schema.config.json'), JSON.stringify({ baseCurrency: 'usd', plans: broken, assignments }));
    const r = run(['--config', 'schema.config.json', 'report', 'commission', '--period', '2026-03']);
    expect(r.code).toBe(2);
    const file = join(dir, 'schema.config.json');
    expect(r.stderr).toBe(
      `spm: invalid configuration in ${file}:\n` +
        '  $.baseCurrency: must be a 3-letter ISO 4217 code such as USD\n' +
        '  $.plans[0].components[0].rateSchedule.rate: a rate must be a decimal string such as "0.10" (quote it: JSON numbers are binary floating point)\n' +
        `  ${file}: $.baseCurrency: must be a 3-letter ISO 4217 code such as USD\n` +
        '    fix: see spm.config.schema.json or the README "Configuration" section\n' +
        `  ${file}: $.plans[0].components[0].rateSchedule.rate: a rate must be a decimal string such as "0.10" (quote it: JSON numbers are binary floating point)\n` +
        '    fix: see spm.config.schema.json or the README "Configuration" section\n' +
        '  fix: see spm.config.schema.json or the README "Configuration" section\n',
    );
    expect(r.stdout).toBe('');
  });

  it('plan validate lists every problem of a file (exit 2)', () => {
    const r = run(['plan', 'validate', 'bad.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('2 problems in the compensation plans of');
    expect(r.stderr).toContain('$.plans[0].components[0].measure: unknown measure "revenue" (known: bookings)');
    expect(r.stderr).toContain('$.plans[0].components[0].rateSchedule.tiers[1].from: overlapping tiers');
  });

  it('plan validate prints each plan with the content hash the lines carry (exit 0)', () => {
    const r = run(['plan', 'validate', '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    const rows = csvRows(r.stdout);
    const hashAt = rows[0]?.indexOf('plan_hash') ?? -1;
    const lines = csvRows(totalsCsv().stdout);
    expect(rows.slice(1).map((row) => [row[0], row[hashAt]])).toEqual([
      ['ae', lines.find((l) => l[1] === 'R1')?.[11]],
      ['mgr', lines.find((l) => l[1] === 'M1')?.[11]],
    ]);
  });

  it('without plans, explains how to add one', () => {
    const r = run(['--config', 'empty.config.json', 'report', 'commission', '--period', '2026-03']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no compensation plans configured');
    expect(r.stderr).toContain('docs/compensation-plans.md');
  });
});
