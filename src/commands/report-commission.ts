/**
 * `spm report commission --period P [--rep R [--deal D]] [--explain]`: what the plans pay, as a
 * preview (nothing is stored).
 *
 * - Without --rep: one row per rep and plan currency with the total of each kind of line
 *   (commission, true_up, caps, spiffs, overrides) and the plan id(s) and hash(es) — every rep
 *   employed and on a plan during the period, so a rep on a plan who earned nothing shows 0.
 * - With --rep: that rep's lines, SPEC §9 columns, then `tiers` (the bands crossed) and
 *   `unrounded` (the exact amount before rounding). --deal keeps one deal's lines.
 * - With --rep --explain: the derivation, step by step, as text on stdout.
 * The plans are validated first (exit 2 listing every problem); the deals, splits, quotas and
 * rates come from the database through core/commission-input.ts.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { makeRepLookup } from '../core/attainment.js';
import { buildCommissionInput, commissionWindow, type CommissionRepRow } from '../core/commission-input.js';
import { calculateCommissions } from '../core/commission/calculate.js';
import { explainCommissions } from '../core/commission/explain.js';
import { plansFilterDeals } from '../core/commission/filter.js';
import { planHash } from '../core/commission/plan-hash.js';
import type { CommissionLine, CommissionResult } from '../core/commission/types.js';
import { minorToDecimalString } from '../core/money.js';
import type { Period } from '../core/period.js';
import { loadCommissionReps, loadWonDeals, loadWonSplits } from '../db/commission-data.js';
import { type Db, openDb } from '../db/open.js';
import { loadFxRates, loadQuotas } from '../db/report-data.js';
import { UsageError } from '../errors.js';
import type { Column, Report, Row } from '../render/index.js';
import { checkedConfigPlans, DEFAULT_MEASURE, PLANS_DOC } from './plan-check.js';
import { quotaSettings, resolveBaseCurrency, resolvePeriod } from './report-attainment.js';

export interface ReportCommissionOptions {
  period: string;
  /** A rep_id, email or name: show that rep's lines. */
  rep?: string;
  /** With --rep: the derivation as text. */
  explain?: boolean;
  /** With --rep: only this deal's lines. */
  deal?: string;
}

export const LINE_COLUMNS: Column[] = [
  { key: 'period', label: 'Period', type: 'text' },
  { key: 'rep_id', label: 'Rep', type: 'id' },
  { key: 'name', label: 'Name', type: 'text' },
  { key: 'deal_id', label: 'Deal', type: 'id' },
  { key: 'component', label: 'Component', type: 'id' },
  { key: 'kind', label: 'Kind', type: 'text' },
  { key: 'credited', label: 'Credited', type: 'money' },
  { key: 'rate', label: 'Rate', type: 'text' },
  { key: 'amount', label: 'Amount', type: 'money' },
  { key: 'currency', label: 'Currency', type: 'text' },
  { key: 'plan_id', label: 'Plan', type: 'id' },
  { key: 'plan_hash', label: 'Plan hash', type: 'id' },
  { key: 'tiers', label: 'Tiers', type: 'text' },
  { key: 'unrounded', label: 'Unrounded', type: 'text' },
];

const TOTAL_KINDS = ['commission', 'true_up', 'caps', 'spiffs', 'overrides', 'total'] as const;

export const TOTAL_COLUMNS: Column[] = [
  { key: 'period', label: 'Period', type: 'text' },
  { key: 'rep_id', label: 'Rep', type: 'id' },
  { key: 'name', label: 'Name', type: 'text' },
  { key: 'commission', label: 'Commission', type: 'money' },
  { key: 'true_up', label: 'True-up', type: 'money' },
  { key: 'caps', label: 'Caps', type: 'money' },
  { key: 'spiffs', label: 'SPIFFs', type: 'money' },
  { key: 'overrides', label: 'Overrides', type: 'money' },
  { key: 'total', label: 'Total', type: 'money' },
  { key: 'currency', label: 'Currency', type: 'text' },
  { key: 'plan_id', label: 'Plan', type: 'id' },
  { key: 'plan_hash', label: 'Plan hash', type: 'id' },
];

/** One commission line as a report row (money exact in major units; rate and unrounded exact text). */
export function lineRow(line: CommissionLine): Row {
  return {
    period: line.period, rep_id: line.repId, name: line.name, deal_id: line.dealId === '' ? null : line.dealId,
    component: line.component, kind: line.kind, credited: minorToDecimalString(line.credited, line.currency),
    rate: line.rate === '' ? null : line.rate, amount: minorToDecimalString(line.amount, line.currency), currency: line.currency,
    plan_id: line.planId, plan_hash: line.planHash, tiers: line.segments.map((s) => s.label).join(' + ') || null, unrounded: line.unrounded,
  };
}

export interface CommissionRun {
  period: Period;
  result: CommissionResult;
  /** Glue and engine warnings, one text each. */
  warnings: string[];
  plansInRun: Map<string, string[]>;
  reps: CommissionRepRow[];
  repId?: string;
}

const SIMILAR = 5;

function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

/** Reps whose id, name or email is close to what was typed (substring, or a few typos). */
export function closeMatches(query: string, reps: readonly CommissionRepRow[]): string[] {
  const q = query.trim().toLowerCase();
  const scored = reps.flatMap((r) => {
    const words = [r.name ?? '', (r.email ?? '').split('@')[0] ?? ''].flatMap((k) => k.split(/[\s._-]+/));
    const keys = [r.repId, r.name, r.email, ...words].flatMap((k) => (k === null || k === '' ? [] : [k.toLowerCase()]));
    const best = Math.min(...keys.map((k) => (k.includes(q) || q.includes(k) ? 0 : distance(q, k))));
    return best <= Math.max(2, Math.floor(q.length / 3)) ? [{ best, text: r.name === null ? r.repId : `${r.repId} (${r.name})` }] : [];
  });
  return scored.sort((a, b) => a.best - b.best || (a.text < b.text ? -1 : 1)).slice(0, SIMILAR).map((s) => s.text);
}

function resolveRep(query: string, reps: readonly CommissionRepRow[]): string {
  const repId = makeRepLookup(reps)(query);
  if (repId !== undefined) return repId;
  const similar = closeMatches(query, reps);
  const hint = similar.length > 0 ? `did you mean: ${similar.join(', ')}?` : reps.length === 0 ? 'import reps first (`spm import reps …`)' : `give a rep_id, email or name from the reps table (e.g. ${reps.slice(0, 3).map((r) => r.repId).join(', ')})`;
  throw new UsageError(`--rep: no rep "${query}"`, hint);
}

function checkOptions(ctx: CommandContext, opts: ReportCommissionOptions): Period {
  const period = resolvePeriod(ctx, opts.period);
  if (opts.explain === true && opts.rep === undefined) throw new UsageError('--explain explains one rep: give --rep too', 'e.g. spm report commission --period 2026-03 --rep R001 --explain');
  if (opts.deal !== undefined && opts.rep === undefined) throw new UsageError('--deal needs --rep (the lines of one rep on one deal)', 'e.g. spm report commission --period 2026-03 --rep R001 --deal D-1042 --explain');
  if (ctx.config.plans.length === 0) {
    throw new UsageError(
      `no compensation plans configured${ctx.configPath === undefined ? ' (no spm.config.json found)' : ` in ${ctx.configPath}`}`,
      `add "plans" and "assignments" to spm.config.json — ${PLANS_DOC} shows a worked example of every setting; check them with \`spm plan validate\``,
    );
  }
  return period;
}

/** Validates the plans, loads what the run needs and calculates. */
export async function runCommission(ctx: CommandContext, db: Db, opts: ReportCommissionOptions): Promise<CommissionRun> {
  const period = checkOptions(ctx, opts);
  const base = resolveBaseCurrency(ctx);
  const calendar = { fiscalYearStartMonth: ctx.config.fiscalYearStartMonth };
  const window = commissionWindow(period, ctx.config.plans, calendar);
  const quotas = loadQuotas(db, window);
  const { plans, assignments } = await checkedConfigPlans(ctx, [...new Set([DEFAULT_MEASURE, ...quotas.measures])].sort());
  const reps = loadCommissionReps(db);
  const repId = opts.rep === undefined ? undefined : resolveRep(opts.rep, reps);
  const built = buildCommissionInput({
    period, calendar, baseCurrency: base, plans, assignments, reps,
    deals: loadWonDeals(db, window, { dealFields: plansFilterDeals(plans) }), splits: loadWonSplits(db, window), quotas: quotas.rows, fxRates: loadFxRates(db),
    quotaSettings: quotaSettings(ctx), ...(repId === undefined ? { withSegments: false, totalsOnly: true } : { repIds: [repId] }),
  });
  const result = calculateCommissions(built.input);
  const engine = result.warnings.map((w) => (w.hint === undefined ? w.message : `${w.message}; ${w.hint}`));
  const run: CommissionRun = { period, result, warnings: [...built.warnings, ...engine], plansInRun: built.plansInRun, reps };
  if (repId !== undefined) run.repId = repId;
  if (opts.deal !== undefined && repId !== undefined && !result.lines.some((l) => l.dealId === opts.deal)) {
    const deals = [...new Set(result.lines.filter((l) => l.dealId !== '').map((l) => l.dealId))];
    throw new UsageError(`--deal: rep ${repId} has no commission line on deal "${opts.deal}" in ${period.label}`, deals.length > 0 ? `deals with lines: ${deals.slice(0, 10).join(', ')}` : 'this rep has no deal lines in the period');
  }
  return run;
}

function money(minor: bigint, currency: string): string {
  return minorToDecimalString(minor, currency);
}

function totalsReport(ctx: CommandContext, run: CommissionRun, report: Report): void {
  const { period, result } = run;
  const rows: Row[] = result.totals.byRep.map((t) => ({
    period: period.label, rep_id: t.repId, name: t.name, commission: money(t.commission, t.currency), true_up: money(t.trueUp, t.currency),
    caps: money(t.cap, t.currency), spiffs: money(t.spiff, t.currency), overrides: money(t.override, t.currency), total: money(t.total, t.currency),
    currency: t.currency, plan_id: t.planIds.join(' '), plan_hash: t.planHashes.join(' '),
  }));
  const paid = new Set(result.totals.byRep.map((t) => t.repId));
  for (const rep of run.reps) {
    const ids = run.plansInRun.get(rep.repId);
    const employed = (rep.hireDate === null || rep.hireDate <= period.end) && (rep.endDate === null || rep.endDate >= period.start);
    if (ids === undefined || paid.has(rep.repId) || !employed) continue;
    const plans = ids.flatMap((id) => ctx.config.plans.filter((p) => p.id === id));
    const currency = plans[0]?.currency ?? resolveBaseCurrency(ctx);
    const zero = money(0n, currency);
    rows.push({
      period: period.label, rep_id: rep.repId, name: rep.name ?? rep.repId, commission: zero, true_up: zero, caps: zero, spiffs: zero, overrides: zero,
      total: zero, currency, plan_id: ids.join(' '), plan_hash: plans.map((p) => planHash(p)).join(' '),
    });
  }
  report.rows = rows.sort((a, b) => (String(a['rep_id']) < String(b['rep_id']) ? -1 : String(a['rep_id']) > String(b['rep_id']) ? 1 : 0));
  const currencies = result.totals.byCurrency;
  const only = currencies.length === 1 ? currencies[0] : undefined;
  if (only !== undefined) {
    const sum = (pick: (t: CommissionResult['totals']['byRep'][number]) => bigint): string => money(result.totals.byRep.reduce((s, t) => s + pick(t), 0n), only.currency);
    report.totals = {
      commission: sum((t) => t.commission), true_up: sum((t) => t.trueUp), caps: sum((t) => t.cap), spiffs: sum((t) => t.spiff),
      overrides: sum((t) => t.override), total: money(only.total, only.currency), currency: only.currency,
    };
  } else if (currencies.length > 1) {
    report.notes?.push(`Totals by currency: ${currencies.map((c) => `${money(c.total, c.currency)} ${c.currency}`).join('; ')}.`);
  }
}

export function commissionReport(ctx: CommandContext, run: CommissionRun, opts: ReportCommissionOptions): Report {
  const { period, result } = run;
  const report: Report = {
    command: 'report commission',
    title: `Commission ${period.label} (${period.start}..${period.end})${run.repId === undefined ? '' : `, rep ${run.repId}`} — preview, not stored`,
    params: { period: period.label, period_start: period.start, period_end: period.end, rep: run.repId ?? null, deal: opts.deal ?? null },
    columns: run.repId === undefined ? TOTAL_COLUMNS : LINE_COLUMNS,
    rows: [],
    warnings: run.warnings,
    notes: [
      'Deals are processed by close date, then deal id; credit is converted to the plan currency at the FX rate of the close date, then split.',
      `Every line is rounded at its plan's rounding point; the total is the sum of the printed lines. See ${PLANS_DOC}.`,
    ],
  };
  if (run.repId === undefined) {
    totalsReport(ctx, run, report);
    if (report.rows.length === 0) report.notes?.push(`No rep is on a plan in ${period.label}: nothing to pay.`);
    return report;
  }
  const lines = result.lines.filter((l) => opts.deal === undefined || l.dealId === opts.deal);
  report.rows = lines.map(lineRow);
  const currencies = [...new Set(lines.map((l) => l.currency))];
  const currency = currencies[0];
  if (currencies.length === 1 && currency !== undefined) {
    report.totals = { amount: money(lines.reduce((s, l) => s + l.amount, 0n), currency), currency };
  }
  if (lines.length === 0) report.notes?.push(`No commission lines for rep ${run.repId} in ${period.label}.`);
  return report;
}

/** Writes text to stdout, or to the -o file (owner-only: it holds pay data). */
function writeText(ctx: CommandContext, text: string): void {
  if (ctx.flags.output === undefined) process.stdout.write(text);
  else writeFileSync(resolve(ctx.cwd, ctx.flags.output), text, { mode: 0o600 });
}

export async function runReportCommission(ctx: CommandContext, opts: ReportCommissionOptions): Promise<void> {
  checkOptions(ctx, opts);
  const db = openDb({ path: ctx.dbPath, busyTimeoutMs: ctx.config.busyTimeoutMs, create: false });
  let run: CommissionRun;
  try {
    run = await runCommission(ctx, db, opts);
  } finally {
    db.close();
  }
  if (opts.explain === true && run.repId !== undefined) {
    for (const w of run.warnings) ctx.log.warn(w);
    const text = explainCommissions(run.result, run.repId, opts.deal === undefined ? {} : { dealId: opts.deal });
    writeText(ctx, `${text.join('\n')}\n`);
    return;
  }
  // emit prints the report's warnings on stderr in every format.
  ctx.emit(commissionReport(ctx, run, opts));
}
