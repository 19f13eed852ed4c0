import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { writeBenchOpportunities, writeBenchReps } from '../src/demo/bench-export.js';
import {
  generateDemoCompany, isEmployed, quarterLabel, salesforceId18, type DemoDealRow,
} from '../src/demo/company.js';
import { createRng, Rng } from '../src/demo/random.js';
import { formatCents, formatScaled, toMdy, writeDemoFiles, type DemoFile } from '../src/demo/write-files.js';

const AS_OF = '2026-05-15';
const company = generateDemoCompany({ seed: 42, asOf: AS_OF });
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spm-demo-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const files = writeDemoFiles(company, tempDir());
function fileOf(name: string): DemoFile {
  const file = files.find((f) => f.path.endsWith(`/${name}`));
  if (file === undefined) throw new Error(`${name} was not written`);
  return file;
}
/** Parses a CSV file (or text) into records keyed by header. */
function records(text: string): Array<Record<string, string>> {
  const [header = [], ...rows] = parse(text, { bom: true });
  return rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ''])));
}
const read = (name: string): string => readFileSync(fileOf(name).path, 'utf8');
const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
/** '3/5/2026' → '2026-03-05'. */
const fromMdy = (s: string): string => {
  const [m = '', d = '', y = ''] = s.split('/');
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
};
/** '125,000.50' or '-1,000.00' → cents, by removing separators (every value has exactly 2 decimals). */
const centsOf = (s: string): number => Number(s.replace(/[,.]/g, ''));
const wonDeals = company.deals.filter((d) => d.status === 'won');
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

describe('random', () => {
  it('is mulberry32: matches the reference implementation step for step', () => {
    // The published mulberry32 (Tommy Ettinger), written out independently of src/demo/random.ts.
    let a = 12345;
    const reference = (): number => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const rng = new Rng(12345);
    for (let i = 0; i < 1000; i++) expect(rng.next()).toBe(reference());
  });

  it('int covers both bounds and nothing outside them', () => {
    const rng = createRng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 5000; i++) seen.add(rng.int(1, 6));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => rng.int(3, 2)).toThrow(RangeError);
  });

  it('weighted never picks a zero weight and follows the weights', () => {
    const rng = createRng(2);
    const keys: Array<'a' | 'b' | 'c'> = ['a', 'b', 'c'];
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 20_000; i++) counts[rng.weighted(keys, [1, 0, 3])]++;
    expect(counts.b).toBe(0);
    // Expected share of 'c' is 3 / (1 + 3) = 0.75; 20,000 draws put it well within ±0.02.
    expect(Math.abs(counts.c / 20_000 - 0.75)).toBeLessThan(0.02);
  });

  it('shuffle is a permutation, normal has the asked mean and spread, streams differ', () => {
    const rng = createRng(3);
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = rng.shuffle(items);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
    const draws = Array.from({ length: 20_000 }, () => rng.normal(10, 2));
    const mean = sum(draws) / draws.length;
    const sd = Math.sqrt(sum(draws.map((x) => (x - mean) ** 2)) / draws.length);
    expect(Math.abs(mean - 10)).toBeLessThan(0.1); // standard error 2/√20000 ≈ 0.014
    expect(Math.abs(sd - 2)).toBeLessThan(0.1);
    expect(createRng(7, 'deals').next()).not.toBe(createRng(7, 'leads').next());
    expect(createRng(7, 'deals').next()).toBe(createRng(7, 'deals').next());
  });
});

describe('formats', () => {
  it('formats cents exactly, with and without thousands separators', () => {
    expect(formatCents(12_500_050, true)).toBe('125,000.50');
    expect(formatCents(12_500_050)).toBe('125000.50');
    expect(formatCents(-100_000, true)).toBe('-1,000.00');
    expect(formatCents(5)).toBe('0.05');
    expect(formatCents(123_456_789_012, true)).toBe('1,234,567,890.12');
    expect(formatScaled(10_873, 4)).toBe('1.0873');
    expect(toMdy('2026-03-05')).toBe('3/5/2026');
  });

  it('appends the Salesforce case checksum', () => {
    // Chunks "00300" and "00000" have no capitals → 'A', 'A'; "3T2PG" has capitals at
    // positions 1, 3, 4 → 2 + 8 + 16 = 26 → the 27th checksum character, '0'.
    expect(salesforceId18('00300000003T2PG')).toBe('00300000003T2PGAA0');
  });
});

describe('determinism', () => {
  it('same seed and as-of date give byte-identical files; another seed gives other files', () => {
    const again = writeDemoFiles(generateDemoCompany({ seed: 42, asOf: AS_OF }), tempDir());
    expect(again.map((f) => sha256(f.path))).toEqual(files.map((f) => sha256(f.path)));
    const other = writeDemoFiles(generateDemoCompany({ seed: 43, asOf: AS_OF }), tempDir());
    const changed = other.filter((f, i) => sha256(f.path) !== sha256(files[i]?.path ?? ''));
    expect(changed.map((f) => f.entity)).toEqual(files.map((f) => f.entity));
  });

  it('refuses an as-of date that does not exist', () => {
    expect(() => generateDemoCompany({ seed: 1, asOf: '2026-02-30' })).toThrow(RangeError);
  });
});

describe('the demo company', () => {
  it('has the roster the brief describes', () => {
    expect(company.reps).toHaveLength(22);
    const vp = company.reps.filter((r) => r.role === 'VP');
    const managers = company.reps.filter((r) => r.role === 'Manager');
    expect(vp).toHaveLength(1);
    expect(managers.map((m) => m.managerId)).toEqual([vp[0]?.repId, vp[0]?.repId, vp[0]?.repId]);
    const hired = company.reps.filter((r) => r.hireDate >= company.windowStart);
    expect(hired).toHaveLength(3);
    expect(hired.filter((r) => !/-(01|04|07|10)-01$/.test(r.hireDate))).toHaveLength(1); // one mid-quarter hire
    expect(company.reps.filter((r) => r.endDate !== null && r.endDate >= company.windowStart && r.endDate <= AS_OF)).toHaveLength(2);
    expect(company.reps.every((r) => r.currency === (r.region === 'EMEA' ? 'EUR' : 'USD'))).toBe(true);
  });

  it('has a realistic deal book: volume, win rate, windows, ids', () => {
    expect(company.deals.length).toBeGreaterThanOrEqual(2500);
    expect(company.deals.length).toBeLessThanOrEqual(3500);
    const lost = company.deals.filter((d) => d.status === 'lost').length;
    const winRate = wonDeals.length / (wonDeals.length + lost);
    expect(winRate).toBeGreaterThanOrEqual(0.25);
    expect(winRate).toBeLessThanOrEqual(0.35);
    for (const d of company.deals) {
      if (d.status !== 'open') expect(d.closeDate >= company.windowStart && d.closeDate <= AS_OF).toBe(true);
      expect(d.closeDate <= '2026-11-15').toBe(true); // as-of + 6 months
      expect(d.createdDate <= d.closeDate && d.createdDate <= AS_OF).toBe(true);
      if (d.region === 'AMER') expect(salesforceId18(d.dealId.slice(0, 15))).toBe(d.dealId);
      else expect(d.dealId).toMatch(/^\d{10}$/);
    }
    expect(new Set(company.deals.map((d) => d.dealId)).size).toBe(company.deals.length);
    const stale = company.deals.filter((d) => d.status === 'open' && d.closeDate < AS_OF);
    expect(stale.length).toBeGreaterThanOrEqual(5);
    expect(new Set(company.deals.map((d) => d.account)).size).toBeGreaterThan(120);
  });

  it('gives every deal to a rep employed on its close date', () => {
    const byId = new Map(company.reps.map((r) => [r.repId, r]));
    for (const d of company.deals) {
      const owner = byId.get(d.ownerRepId);
      expect(owner?.name).toBe(d.ownerName);
      expect(owner !== undefined && isEmployed(owner, d.closeDate)).toBe(true);
    }
  });

  it('books ~40% of each quarter\'s won amount in its last month', () => {
    // Complete quarters inside 2024-06-01..2026-05-15 are 2024-Q3 through 2026-Q1.
    const complete = wonDeals.filter((d) => d.closeDate >= '2024-07-01' && d.closeDate <= '2026-03-31');
    const lastMonth = complete.filter((d) => ['03', '06', '09', '12'].includes(d.closeDate.slice(5, 7)));
    const share = sum(lastMonth.map((d) => d.amountCents)) / sum(complete.map((d) => d.amountCents));
    expect(share).toBeGreaterThan(0.35);
  });

  it('splits: revenue shares total 100, overlays credit SE-overlay reps, ~8% of won deals split', () => {
    const won = new Set(wonDeals.filter((d) => d.region === 'AMER').map((d) => d.dealId));
    const roles = new Map(company.reps.map((r) => [r.repId, r.role]));
    const revenue = new Map<string, number>();
    for (const s of company.splits) {
      expect(won.has(s.dealId)).toBe(true);
      if (s.splitType === 'Overlay') expect(roles.get(s.repId)).toBe('SE-overlay');
      else revenue.set(s.dealId, (revenue.get(s.dealId) ?? 0) + s.percent);
    }
    expect([...revenue.values()].every((total) => total === 100)).toBe(true);
    expect(company.splits.some((s) => s.splitType === 'Overlay')).toBe(true);
    const shared = new Set(company.splits.filter((s) => s.splitType === 'Revenue' && s.percent < 100).map((s) => s.dealId));
    expect(shared.size / wonDeals.length).toBeGreaterThan(0.04);
    expect(shared.size / wonDeals.length).toBeLessThan(0.12);
  });

  it('quotas cover every employed quarter and spread attainment around 100%', () => {
    const credit = new Map<string, number>();
    for (const d of wonDeals) {
      const shares = company.splits.filter((s) => s.dealId === d.dealId && s.splitType === 'Revenue');
      for (const s of shares.length > 0 ? shares : [{ repId: d.ownerRepId, percent: 100 }]) {
        const key = `${s.repId}|${quarterLabel(d.closeDate)}`;
        credit.set(key, (credit.get(key) ?? 0) + (d.amountCents * s.percent) / 100);
      }
    }
    const past = company.quotas.filter((q) => q.period !== '2026-Q2');
    const attainment = past.map((q) => (credit.get(`${q.repId}|${q.period}`) ?? 0) / q.amountCents);
    const inBand = attainment.filter((a) => a >= 0.4 && a <= 1.6).length;
    expect(inBand / attainment.length).toBeGreaterThan(0.7);
    expect(attainment.filter((a) => a < 1).length / attainment.length).toBeGreaterThan(0.2);
    expect(attainment.filter((a) => a > 1).length / attainment.length).toBeGreaterThan(0.2);
    // The mid-quarter hire's first quota is for the quarter of the hire date.
    const carriers = company.reps.filter((r) => r.role === 'AE' || r.role === 'Manager');
    for (const rep of carriers) {
      const periods = company.quotas.filter((q) => q.repId === rep.repId).map((q) => q.period);
      const first = rep.hireDate > company.windowStart ? quarterLabel(rep.hireDate) : '2024-Q2';
      expect(periods[0]).toBe(first);
      expect(periods.at(-1)).toBe(rep.endDate === null ? '2026-Q2' : quarterLabel(rep.endDate));
      expect(company.quotas.filter((q) => q.repId === rep.repId).every((q) => q.currency === rep.currency)).toBe(true);
    }
  });

  it('leads: ~6,000, 12–20% converted, each conversion pointing at a real deal', () => {
    const ids = new Set(company.deals.map((d) => d.dealId));
    const converted = company.leads.filter((l) => l.isConverted);
    expect(company.leads.length).toBeGreaterThan(5500);
    expect(company.leads.length).toBeLessThan(6500);
    expect(converted.length / company.leads.length).toBeGreaterThanOrEqual(0.12);
    expect(converted.length / company.leads.length).toBeLessThanOrEqual(0.2);
    for (const l of converted) {
      expect(ids.has(l.dealId ?? '')).toBe(true);
      expect((l.convertedDate ?? '') >= l.createdDate).toBe(true);
    }
    expect(company.leads.filter((l) => !l.isConverted).every((l) => l.dealId === null)).toBe(true);
  });

  it('invoices and credit memos of a won deal net to its amount; payments never exceed what is due', () => {
    const billed = new Map<string, number>();
    for (const i of company.invoices) billed.set(i.dealId, (billed.get(i.dealId) ?? 0) + i.amountCents);
    expect(billed.size).toBe(wonDeals.length);
    for (const d of wonDeals) expect(billed.get(d.dealId)).toBe(d.amountCents);
    const credits = company.invoices.filter((i) => i.type === 'Credit Memo');
    expect(credits.length).toBeGreaterThan(0);
    expect(credits.every((c) => c.amountCents < 0)).toBe(true);
    expect(company.invoices.some((i) => i.memo.includes('installment 2 of'))).toBe(true);
    const paid = new Map<string, number>();
    for (const p of company.payments) paid.set(p.invoiceId, (paid.get(p.invoiceId) ?? 0) + p.amountCents);
    const creditFor = new Map(credits.map((c) => [c.memo.replace('Billing correction for ', ''), -c.amountCents]));
    for (const i of company.invoices.filter((x) => x.type === 'Invoice')) {
      const due = i.amountCents - (creditFor.get(i.documentNumber) ?? 0);
      expect(paid.get(i.documentNumber) ?? 0).toBeLessThanOrEqual(due);
      expect(i.status).toBe((paid.get(i.documentNumber) ?? 0) === due ? 'Paid In Full' : 'Open');
    }
    expect(company.payments.every((p) => p.paidDate <= AS_OF)).toBe(true);
  });

  it('has monthly EUR and GBP rates for the 24 months', () => {
    const eur = company.fxRates.filter((r) => r.currency === 'EUR');
    expect(eur).toHaveLength(24);
    expect(company.fxRates.filter((r) => r.currency === 'GBP')).toHaveLength(24);
    expect(eur[0]?.date).toBe('2024-06-01');
    expect(eur.at(-1)?.date).toBe('2026-05-01');
    expect(eur.every((r) => r.rateE4 >= 10_500 && r.rateE4 <= 11_500)).toBe(true);
  });
});

describe('the demo files', () => {
  it('are written in import order with mode 0600', () => {
    expect(files.map((f) => `${f.entity}:${f.source}`)).toEqual([
      'reps:generic', 'fx-rates:generic', 'quotas:generic', 'deals:salesforce', 'deals:hubspot',
      'splits:salesforce', 'leads:salesforce', 'invoices:netsuite', 'payments:generic',
    ]);
    for (const f of files) expect(statSync(f.path).mode & 0o777).toBe(0o600);
  });

  it('salesforce report: BOM, all quoted, CRLF, US formats, the three footer lines', () => {
    const text = read('salesforce-opportunities.csv');
    const amer = company.deals.filter((d) => d.region === 'AMER');
    expect(text.startsWith('\ufeff"Opportunity ID","Opportunity Name","Account Name","Opportunity Owner","Amount Currency","Amount","Close Date",')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const lines = text.split('\r\n');
    expect(lines.slice(-5)).toEqual([
      '', `"Grand Totals (${amer.length} records)"`, '"Confidential Information - Do Not Distribute"',
      '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."', '',
    ]);
    const rows = records(text.slice(0, text.indexOf('\r\n\r\n')));
    expect(rows).toHaveLength(amer.length);
    expect(lines.slice(1, 1 + amer.length).every((l) => l.startsWith('"') && l.endsWith('"'))).toBe(true);
    expect(sum(rows.map((r) => centsOf(r.Amount ?? '')))).toBe(sum(amer.map((d) => d.amountCents)));
    const reps = new Map(company.reps.map((r) => [r.name, r]));
    for (const r of rows) {
      expect(r.Amount).toMatch(/^\d{1,3}(,\d{3})*\.\d{2}$/);
      expect(r['Close Date']).toMatch(/^\d{1,2}\/\d{1,2}\/\d{4}$/);
      const owner = reps.get(r['Opportunity Owner'] ?? '');
      expect(owner !== undefined && isEmployed(owner, fromMdy(r['Close Date'] ?? ''))).toBe(true);
    }
  });

  it('hubspot export: internal stage ids, YYYY-MM-DD HH:MM dates, fractional probability, plain amounts', () => {
    const rows = records(read('hubspot-deals.csv'));
    const emea = new Map<string, DemoDealRow>(company.deals.filter((d) => d.region === 'EMEA').map((d) => [d.dealId, d]));
    expect(rows).toHaveLength(emea.size);
    for (const r of rows) {
      const deal = emea.get(r['Record ID'] ?? '');
      expect(r['Close Date']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
      expect(r['Create Date']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
      expect(r['Close Date']?.slice(0, 10)).toBe(deal?.closeDate);
      expect(r['Deal Stage']).toMatch(/^(appointmentscheduled|qualifiedtobuy|presentationscheduled|decisionmakerboughtin|contractsent|closedwon|closedlost)$/);
      expect(r['Deal probability']).toBe(deal?.status === 'won' ? '1' : deal?.status === 'lost' ? '0' : `0.${String(deal?.probability).replace(/0$/, '')}`);
      expect(r.Amount).toMatch(/^\d+(\.\d{1,2})?$/);
      expect(r.Currency).toBe('EUR');
    }
  });

  it('leads, splits, invoices and payments reference ids the other files carry', () => {
    const opportunityIds = new Set(records(read('salesforce-opportunities.csv').split('\r\n\r\n')[0] ?? '').map((r) => r['Opportunity ID']));
    const leads = records(read('leads.csv'));
    const converted = leads.filter((l) => l.IsConverted === 'true');
    expect(converted.length).toBe(company.leads.filter((l) => l.isConverted).length);
    expect(converted.every((l) => opportunityIds.has(l.ConvertedOpportunityId))).toBe(true);
    const splits = records(read('salesforce-opportunity-splits.csv'));
    expect(splits.every((s) => opportunityIds.has(s['Opportunity ID']) && /^(Revenue|Overlay)$/.test(s['Split Type'] ?? ''))).toBe(true);
    const invoices = records(read('netsuite-invoices.csv'));
    const net = new Map<string, number>();
    for (const i of invoices) net.set(i.Opportunity ?? '', (net.get(i.Opportunity ?? '') ?? 0) + centsOf(i.Amount ?? ''));
    for (const d of wonDeals) expect(net.get(d.dealId)).toBe(d.amountCents);
    const documents = new Set(invoices.map((i) => i['Document Number']));
    expect(records(read('payments.csv')).every((p) => documents.has(p.invoice_id))).toBe(true);
    expect(read('fx-rates.csv').split('\n')[1]).toMatch(/^EUR,2024-06-01,1\.\d{4}$/);
    expect(read('quotas.csv').split('\n')[0]).toBe('rep_id,period,amount,currency,measure');
  });
});

describe('bench export', () => {
  it('streams 10,000 unique opportunities with header and footer, owned by the bench reps', async () => {
    const dir = tempDir();
    const path = join(dir, 'bench.csv');
    const { bytes } = await writeBenchOpportunities(path, 10_000, 9);
    await writeBenchReps(join(dir, 'reps.csv'), 9);
    const text = readFileSync(path, 'utf8');
    expect(bytes).toBe(statSync(path).size);
    expect(text.charCodeAt(0)).toBe(0x22); // '"' — no BOM
    const lines = text.split('\n');
    // 1 header + 10,000 rows + 1 blank + 3 footer lines, then the empty string after the final LF.
    expect(lines).toHaveLength(10_006);
    expect(lines[0]).toBe('"Opportunity ID","Opportunity Name","Account Name","Opportunity Owner","Amount","Close Date","Created Date","Stage","Probability (%)","Type","Lead Source","Forecast Category"');
    expect(lines.slice(-5)).toEqual(['', '"Grand Totals (10000 records)"', '"Confidential Information - Do Not Distribute"', '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."', '']);
    const rows = records(lines.slice(0, 10_001).join('\n'));
    expect(new Set(rows.map((r) => r['Opportunity ID'])).size).toBe(10_000);
    const owners = new Set(records(readFileSync(join(dir, 'reps.csv'), 'utf8')).map((r) => r.name));
    expect(owners.size).toBe(200);
    expect(rows.every((r) => owners.has(r['Opportunity Owner']))).toBe(true);
    const closes = rows.map((r) => fromMdy(r['Close Date'] ?? '')).sort();
    expect((closes[0] ?? '') >= '2024-01-01' && (closes.at(-1) ?? '') <= '2025-12-31').toBe(true);
    expect(rows.every((r) => /^\d{1,3}(,\d{3})*\.\d{2}$/.test(r.Amount ?? ''))).toBe(true);
    const again = join(dir, 'again.csv');
    await writeBenchOpportunities(again, 10_000, 9);
    expect(sha256(again)).toBe(sha256(path));
  });
});
