/**
 * `spm plan validate [file]`: checks the compensation plans and assignments of the config (or of
 * a JSON file holding `{ "plans": [...], "assignments": [...] }`) and prints every plan with its
 * content hash — or every problem with its JSON path and exit 2. The same check guards
 * `spm report commission`: an invalid plan never reaches the calculation.
 *
 * Known quota measures are "bookings" plus every measure in the quotas table; without a database
 * the measures cannot be checked, and a note says so.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { planHash, validatePlans } from '../config/plan-validate.js';
import { planSchema } from '../config/plan-schema.js';
import { loadQuotaMeasures } from '../db/commission-data.js';
import { openDb } from '../db/open.js';
import { UsageError } from '../errors.js';
import { DEFAULT_MEASURE, invalidPlansError, PLANS_DOC } from './plan-check.js';
import type { Column, Report } from '../render/index.js';

export { checkedConfigPlans, DEFAULT_MEASURE, invalidPlansError, PLANS_DOC } from './plan-check.js';

export interface PlanValidateOptions {
  /** A JSON file with "plans" and "assignments"; default: the config. */
  file?: string;
}

/** "bookings" and every measure of the quotas table, or undefined when there is no database to ask. */
export function knownMeasures(ctx: CommandContext): string[] | undefined {
  if (!existsSync(ctx.dbPath)) return undefined;
  const db = openDb({ path: ctx.dbPath, busyTimeoutMs: ctx.config.busyTimeoutMs, create: false });
  try {
    return [...new Set([DEFAULT_MEASURE, ...loadQuotaMeasures(db)])].sort();
  } finally {
    db.close();
  }
}

interface Source {
  file: string;
  plans: unknown;
  assignments: unknown;
}

function readSource(ctx: CommandContext, file: string | undefined): Source {
  if (file === undefined) return { file: ctx.configPath ?? 'the built-in defaults (no spm.config.json)', plans: ctx.config.plans, assignments: ctx.config.assignments };
  const path = resolve(ctx.cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`, 'give the path of a JSON file with "plans" and "assignments"');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${path}: not valid JSON: ${err instanceof Error ? err.message : String(err)}`, 'fix the JSON syntax (a trailing comma or a missing quote is the usual cause)');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new UsageError(`${path}: expected an object like { "plans": [...], "assignments": [...] }`, `see ${PLANS_DOC}`);
  }
  const plans: unknown = Object.hasOwn(raw, 'plans') ? Reflect.get(raw, 'plans') : undefined;
  const assignments: unknown = Object.hasOwn(raw, 'assignments') ? Reflect.get(raw, 'assignments') : undefined;
  if (plans === undefined) throw new UsageError(`${path}: $.plans: no "plans" in the file`, `see ${PLANS_DOC}`);
  return { file: path, plans, assignments: assignments ?? [] };
}

const COLUMNS: Column[] = [
  { key: 'plan_id', label: 'Plan', type: 'id' },
  { key: 'name', label: 'Name', type: 'text' },
  { key: 'currency', label: 'Currency', type: 'text' },
  { key: 'measurement_period', label: 'Period', type: 'text' },
  { key: 'tier_scope', label: 'Tier scope', type: 'text' },
  { key: 'components', label: 'Components', type: 'text' },
  { key: 'spiffs', label: 'SPIFFs', type: 'text' },
  { key: 'assignments', label: 'Assignments', type: 'int' },
  { key: 'plan_hash', label: 'Plan hash', type: 'id' },
];

export function planValidateReport(ctx: CommandContext, opts: PlanValidateOptions): Report {
  const source = readSource(ctx, opts.file);
  const measures = knownMeasures(ctx);
  const problems = validatePlans(source.plans, source.assignments, { file: source.file, ...(measures === undefined ? {} : { knownMeasures: measures }) });
  if (problems.length > 0) throw invalidPlansError(problems, source.file);
  const plans = (Array.isArray(source.plans) ? source.plans : []).map((p: unknown) => planSchema.parse(p));
  const assignments: unknown[] = Array.isArray(source.assignments) ? source.assignments : [];
  const countOf = (id: string): number => assignments.filter((a) => typeof a === 'object' && a !== null && Reflect.get(a, 'plan') === id).length;
  const report: Report = {
    command: 'plan validate',
    title: `Compensation plans of ${source.file}: valid`,
    params: { file: source.file, measures: measures ?? null },
    columns: COLUMNS,
    rows: plans.map((p) => ({
      plan_id: p.id, name: p.name, currency: p.currency, measurement_period: p.measurementPeriod, tier_scope: p.tierScope,
      components: p.components.map((c) => c.id).join(' '), spiffs: p.spiffs.map((s) => s.id).join(' '), assignments: countOf(p.id), plan_hash: planHash(p),
    })),
    warnings: [],
    notes: [
      `${plans.length} plan(s) and ${assignments.length} assignment(s), no problems. The plan hash is stored on every commission line: a changed plan gets a new one.`,
      measures === undefined
        ? `Quota measures not checked: no database at ${ctx.dbPath}.`
        : `Quota measures known: ${measures.join(', ')}.`,
    ],
  };
  if (plans.length === 0) report.notes?.push(`No plans yet: add "plans" and "assignments" to spm.config.json (see ${PLANS_DOC}).`);
  return report;
}

export function runPlanValidate(ctx: CommandContext, opts: PlanValidateOptions): void {
  const report = planValidateReport(ctx, opts);
  if (report.params['measures'] === null) ctx.log.info(`note: quota measures not checked: no database at ${ctx.dbPath}`);
  ctx.emit(report);
}
