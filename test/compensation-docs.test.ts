/**
 * The "Compensation plans" chapter (docs/compensation-plans.md, inserted into the README) is a
 * test: every worked example is parsed — its config JSON block, its Deals table (plus optional
 * Reps, Quotas, Splits and FX rates tables) and its Lines table(s) — and run through the same glue
 * and engine as `spm report commission` (in memory, no database). The lines must match the table
 * cell for cell, in order, and no example may raise a warning, so the docs cannot drift.
 * Each expected figure is worked out by hand in the sentence above it in the chapter.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineRow } from '../src/commands/report-commission.js';
import { parseConfig } from '../src/config/parse.js';
import { validatePlans } from '../src/config/plan-validate.js';
import type { SpmConfig } from '../src/config/schema.js';
import { calculateCommissions } from '../src/core/commission/calculate.js';
import { type CommissionDealRow, type CommissionQuotaRow, type CommissionRepRow, buildCommissionInput } from '../src/core/commission-input.js';
import type { CreditSplit } from '../src/core/credit.js';
import { toMinor } from '../src/core/money.js';
import { parsePeriod } from '../src/core/period.js';
import { cellOf } from '../src/render/index.js';
import { REPO } from './helpers/run-spm.js';

const DOC = readFileSync(join(REPO, 'docs', 'compensation-plans.md'), 'utf8');

interface Table {
  label: string;
  header: string[];
  rows: string[][];
}

interface Example {
  title: string;
  json: string;
  tables: Table[];
}

function cells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
}

/** Every `####` section of "### Worked examples": its json block and its tables, each with the paragraph line before it. */
function parseExamples(markdown: string): Example[] {
  const start = markdown.indexOf('### Worked examples');
  if (start < 0) throw new Error('no "### Worked examples" section');
  const rest = markdown.slice(start);
  const end = rest.slice(3).search(/^### /m);
  const body = end < 0 ? rest : rest.slice(0, end + 3);
  return body.split(/^#### /m).slice(1).map((section) => {
    const lines = section.split('\n');
    const title = lines[0]?.trim() ?? '';
    const json = /```json\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const tables: Table[] = [];
    let label = '';
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] ?? '';
      if (line.startsWith('|')) {
        const header = cells(line);
        const rows: string[][] = [];
        i += 2; // skip the |---| row
        while (i < lines.length && (lines[i] ?? '').startsWith('|')) rows.push(cells(lines[i++] ?? ''));
        tables.push({ label, header, rows });
        continue;
      }
      if (line.trim() !== '') label = line.trim();
    }
    return { title, json, tables };
  });
}

function records(table: Table | undefined): Record<string, string>[] {
  if (table === undefined) return [];
  return table.rows.map((row) => Object.fromEntries(table.header.map((h, i) => [h, row[i] ?? ''])));
}

const tableOf = (ex: Example, label: string): Table | undefined => ex.tables.find((t) => t.label.startsWith(label));
const DEAL_FIELDS = new Set(['deal_id', 'owner', 'amount', 'currency', 'close_date', 'type', 'product']);
const DEFAULT_REPS: CommissionRepRow[] = [
  { repId: 'R1', name: 'Avery Chen', email: null, managerId: null, team: 'East', region: null, role: 'AE', hireDate: null, endDate: null },
];

function repsOf(ex: Example): CommissionRepRow[] {
  const table = tableOf(ex, 'Reps');
  if (table === undefined) return DEFAULT_REPS;
  return records(table).map((r) => ({
    repId: r['rep_id'] ?? '', name: r['name'] || null, email: null, managerId: r['manager_id'] || null, team: r['team'] || null,
    region: null, role: r['role'] || null, hireDate: r['hire_date'] || null, endDate: r['end_date'] || null,
  }));
}

function dealsOf(ex: Example): CommissionDealRow[] {
  return records(tableOf(ex, 'Deals')).map((r) => {
    const custom = Object.fromEntries(Object.entries(r).filter(([k, v]) => !DEAL_FIELDS.has(k) && v !== ''));
    const currency = r['currency'] ?? 'USD';
    return {
      dealId: r['deal_id'] ?? '', ownerRepId: r['owner'] ?? null, amountMinor: toMinor(r['amount'] ?? '0', currency), currency,
      closeDate: r['close_date'] ?? '', type: r['type'] || null, product: r['product'] || null, custom: Object.keys(custom).length > 0 ? custom : null,
    };
  });
}

function splitsOf(ex: Example): CreditSplit[] {
  return records(tableOf(ex, 'Splits')).map((r) => ({ dealId: r['deal_id'] ?? '', repId: r['rep_id'] ?? null, percent: r['percent'] ?? '', isOverlay: /overlay/i.test(r['role'] ?? '') }));
}

function quotasOf(ex: Example, config: SpmConfig): CommissionQuotaRow[] {
  return records(tableOf(ex, 'Quotas')).map((r) => {
    const p = parsePeriod(r['period'] ?? '', { fiscalYearStartMonth: config.fiscalYearStartMonth, asOf: '2026-01-01' });
    const currency = r['currency'] ?? 'USD';
    return { repId: r['rep_id'] ?? '', measure: r['measure'] || 'bookings', periodStart: p.start, periodEnd: p.end, amountMinor: toMinor(r['amount'] ?? '0', currency), currency };
  });
}

/** What a Lines table's label runs: `spm report commission --period P --rep R` (and `--rep R2` …). */
function commandOf(label: string): { period: string; reps: string[] } {
  const period = /--period (\S+?)[`\s]/.exec(label)?.[1];
  if (period === undefined) throw new Error(`Lines label without --period: ${label}`);
  return { period, reps: [...label.matchAll(/--rep (\S+?)[`\s]/g)].map((m) => m[1] ?? '') };
}

function run(ex: Example, config: SpmConfig, label: string) {
  const { period: text, reps: repIds } = commandOf(label);
  const calendar = { fiscalYearStartMonth: config.fiscalYearStartMonth };
  const period = parsePeriod(text, { ...calendar, asOf: '2026-01-01' });
  const built = buildCommissionInput({
    period, calendar, baseCurrency: config.baseCurrency, plans: config.plans, assignments: config.assignments,
    reps: repsOf(ex), deals: dealsOf(ex), splits: splitsOf(ex), quotas: quotasOf(ex, config),
    fxRates: records(tableOf(ex, 'FX rates')).map((r) => ({ currency: r['currency'] ?? '', date: r['date'] ?? '', rate: r['rate'] ?? '' })),
    quotaSettings: { proration: config.quota.proration, ramp: config.quota.ramp }, repIds,
  });
  const result = calculateCommissions(built.input);
  return { result, warnings: [...built.warnings, ...result.warnings.map((w) => w.message)] };
}

const examples = parseExamples(DOC);

describe('docs/compensation-plans.md worked examples', () => {
  it('has the examples, each with a config, a deals table and a lines table', () => {
    expect(examples.length).toBeGreaterThanOrEqual(25);
    for (const ex of examples) {
      expect(ex.json, ex.title).not.toBe('');
      expect(tableOf(ex, 'Deals'), `${ex.title}: Deals table`).toBeDefined();
      expect(tableOf(ex, 'Lines'), `${ex.title}: Lines table`).toBeDefined();
      const deals = tableOf(ex, 'Deals')?.rows.length ?? 0;
      expect(deals, `${ex.title}: 1–4 deals`).toBeGreaterThanOrEqual(1);
      expect(deals, `${ex.title}: 1–4 deals`).toBeLessThanOrEqual(4);
    }
  });

  for (const ex of examples) {
    it(ex.title, () => {
      const config = parseConfig(JSON.parse(ex.json), ex.title);
      const measures = ['bookings', ...quotasOf(ex, config).map((q) => q.measure)];
      expect(validatePlans(config.plans, config.assignments, { knownMeasures: measures })).toEqual([]);
      for (const table of ex.tables.filter((t) => t.label.startsWith('Lines'))) {
        const { result, warnings } = run(ex, config, table.label);
        expect(warnings, table.label).toEqual([]);
        const actual = result.lines.map(lineRow).map((row) => table.header.map((key) => String(cellOf(row, key) ?? '')));
        expect(actual, table.label).toEqual(table.rows);
      }
    });
  }
});

/** Every setting of SPEC §6 that the engine calculates appears in at least one example. */
describe('the examples cover every plan setting', () => {
  const configs = examples.map((ex) => ({ ex, text: ex.json, config: parseConfig(JSON.parse(ex.json), ex.title) }));
  const some = (test: (c: (typeof configs)[number]) => boolean): boolean => configs.some(test);
  const plans = configs.flatMap((c) => c.config.plans);
  const schedules = plans.flatMap((p) => p.components.flatMap((c) => (c.rateSchedule === undefined ? [] : [c.rateSchedule])));
  const cases: [string, boolean][] = [
    ['measurement period quarter', plans.some((p) => p.measurementPeriod === 'quarter')],
    ['tier scope per-deal', plans.some((p) => p.tierScope === 'per-deal')],
    ['tier scope year-to-date', plans.some((p) => p.tierScope === 'year-to-date')],
    ['filter by deal type', some((c) => c.text.includes('"dealType"'))],
    ['filter by product', some((c) => c.text.includes('"product"'))],
    ['filter by custom field', some((c) => c.text.includes('"custom"'))],
    ['flat rate', schedules.some((s) => s.kind === 'flat')],
    ['marginal tiers by attainment', schedules.some((s) => s.kind === 'marginal' && s.tierBasis === 'attainment')],
    ['marginal tiers by amount', schedules.some((s) => s.kind === 'marginal' && s.tierBasis === 'amount')],
    ['retroactive tiers by attainment', schedules.some((s) => s.kind === 'retroactive' && s.tierBasis === 'attainment')],
    ['retroactive tiers by amount', schedules.some((s) => s.kind === 'retroactive' && s.tierBasis === 'amount')],
    ['boundary lower', schedules.some((s) => s.boundary === 'lower')],
    ['accelerator as a tier', schedules.some((s) => (s.tiers ?? []).some((t) => Number(t.multiplier ?? '1') > 1))],
    ['decelerator as a tier', schedules.some((s) => (s.tiers ?? []).some((t) => Number(t.multiplier ?? '1') < 1))],
    ['multiplier marginal', schedules.some((s) => (s.multipliers ?? []).some((m) => m.applies === 'marginal'))],
    ['multiplier retroactive', schedules.some((s) => (s.multipliers ?? []).some((m) => m.applies === 'retroactive'))],
    ['threshold with retroactive unlock', schedules.some((s) => s.threshold?.retroactiveUnlock === true)],
    ['threshold without retroactive unlock', schedules.some((s) => s.threshold?.retroactiveUnlock === false)],
    ['cap on payout', schedules.some((s) => s.caps?.payout !== undefined)],
    ['cap on attainment', schedules.some((s) => s.caps?.attainment !== undefined)],
    ['cap per deal', schedules.some((s) => s.caps?.perDeal !== undefined)],
    ['payout curve', plans.some((p) => p.components.some((c) => c.payoutCurve !== undefined))],
    ['SPIFF per deal (amount)', plans.some((p) => p.spiffs.some((s) => s.per === 'deal' && s.amount !== undefined))],
    ['SPIFF per deal (rate)', plans.some((p) => p.spiffs.some((s) => s.per === 'deal' && s.rate !== undefined))],
    ['SPIFF per period with a condition', plans.some((p) => p.spiffs.some((s) => s.per === 'period' && s.condition !== undefined))],
    ['splits with an overlay', examples.some((ex) => records(tableOf(ex, 'Splits')).some((r) => /overlay/i.test(r['role'] ?? '')))],
    ['override on team credit', plans.some((p) => p.managerOverride?.basis === 'team-credit')],
    ['override on team commission', plans.some((p) => p.managerOverride?.basis === 'team-commission')],
    ['mid-period plan change', configs.some((c) => c.config.assignments.some((a) => a.from.slice(8) !== '01'))],
    ['assignment by rep, by role and by team', ['rep', 'role', 'team'].every((k) => configs.some((c) => c.config.assignments.some((a) => Object.hasOwn(a, k))))],
    ['multi-currency', examples.some((ex) => tableOf(ex, 'FX rates') !== undefined)],
    ['plan in another currency than the base', plans.some((p) => p.currency !== 'USD')],
    ['rounding half-even', plans.some((p) => p.rounding.mode === 'half-even')],
    ['rounding per statement', plans.some((p) => p.rounding.point === 'statement')],
  ];
  for (const [name, covered] of cases) {
    it(name, () => expect(covered).toBe(true));
  }
});
