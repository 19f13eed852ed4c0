/**
 * The rules of `spm plan validate` (see plan-validate.ts): every problem of the `plans` and
 * `assignments` config, each with its JSON path in the message (`$.plans[0].components[1]
 * .rateSchedule.tiers[2].from: tiers not ascending`). The structure of each plan and assignment
 * comes from a `PlanStructure` (the zod schemas, or a fast path that vouches for valid ones);
 * the rules that need the whole plan are here: tiers ascending, contiguous, from 0 and
 * open-ended; plausible rates and attainments; money precision of the plan currency; unknown
 * measures; duplicate ids; references; assignment overlaps. A plan with any problem must never
 * reach the calculation.
 */
import { compareDec, parseDecimal, type Decimal } from '../core/decimal.js';
import { PrecisionError, toMinor } from '../core/money.js';
import { isCurrencyCode } from '../core/currency.js';
import type { Problem } from '../errors.js';
import type { Assignment, Component, Plan, RateSchedule, Spiff } from '../core/commission/plan-types.js';

/** A structural problem: where in the item (path below it) and what. */
export interface StructureIssue {
  path: readonly PropertyKey[];
  message: string;
}

export type Parsed<T> = { success: true; data: T } | { success: false; issues: readonly StructureIssue[] };

/** How one plan or assignment is checked for structure and given its defaults. */
export interface PlanStructure {
  plan(item: unknown): Parsed<Plan>;
  assignment(item: unknown): Parsed<Assignment>;
}

export interface ValidatePlansOptions {
  /** Quota measures that exist (e.g. from the quotas table); unchecked when omitted. */
  knownMeasures?: readonly string[];
  /** Config file name, copied onto every problem. */
  file?: string;
  plansPath?: string;
  assignmentsPath?: string;
}

const HINT = 'see the README "Compensation plans" chapter or spm.config.schema.json';
/** Rates above 100 % of credit and attainments above 1000 % are almost always percents typed as fractions. */
const MAX_RATE = parseDecimal('1');
const MAX_MULTIPLIER = parseDecimal('10');
const MAX_ATTAINMENT = parseDecimal('10');
const ZERO = parseDecimal('0');

type Report = (path: string, message: string, hint?: string) => void;

function jsonPath(base: string, path: readonly PropertyKey[]): string {
  let out = base;
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
  return out;
}

export function checkPlansAndAssignments(structure: PlanStructure, plans: unknown, assignments: unknown, options: ValidatePlansOptions = {}): Problem[] {
  const problems: Problem[] = [];
  const report: Report = (path, message, hint = HINT) => {
    problems.push({ ...(options.file === undefined ? {} : { file: options.file }), code: 'plan', message: `${path}: ${message}`, hint });
  };
  const plansPath = options.plansPath ?? '$.plans';
  const assignmentsPath = options.assignmentsPath ?? '$.assignments';
  const planIds = checkPlans(structure, plans, plansPath, options, report);
  checkAssignments(structure, assignments, assignmentsPath, planIds, report);
  return problems;
}

function checkPlans(structure: PlanStructure, raw: unknown, base: string, options: ValidatePlansOptions, report: Report): Set<string> {
  const ids = new Set<string>();
  if (raw === undefined) return ids;
  if (!Array.isArray(raw)) {
    report(base, 'must be a list of plans');
    return ids;
  }
  const seen = new Map<string, number>();
  raw.forEach((item: unknown, i: number) => {
    const path = `${base}[${i}]`;
    const rawId = typeof item === 'object' && item !== null && 'id' in item ? item.id : undefined;
    if (typeof rawId === 'string') {
      const first = seen.get(rawId);
      if (first !== undefined) report(`${path}.id`, `duplicate plan id "${rawId}" (also ${base}[${first}])`);
      else seen.set(rawId, i);
      ids.add(rawId);
    }
    const parsed = structure.plan(item);
    if (!parsed.success) {
      for (const issue of parsed.issues) report(jsonPath(path, issue.path), issue.message);
      return;
    }
    checkPlan(parsed.data, path, options, report);
  });
  return ids;
}

function checkPlan(plan: Plan, path: string, options: ValidatePlansOptions, report: Report): void {
  const componentIds = new Map<string, number>();
  plan.components.forEach((component, j) => {
    const cpath = `${path}.components[${j}]`;
    const first = componentIds.get(component.id);
    if (first !== undefined) report(`${cpath}.id`, `duplicate component id "${component.id}" (also ${path}.components[${first}])`);
    else componentIds.set(component.id, j);
    checkComponent(component, plan.currency, cpath, options, report);
  });
  const lineNames = new Set([...componentIds.keys(), 'override']);
  plan.spiffs.forEach((spiff, k) => {
    const spath = `${path}.spiffs[${k}]`;
    if (lineNames.has(spiff.id)) {
      report(`${spath}.id`, `"${spiff.id}" is already a component id or reserved ("override"); SPIFF ids name their own lines`);
    }
    lineNames.add(spiff.id);
    checkSpiff(spiff, plan.currency, componentIds, spath, report);
  });
  if (plan.managerOverride !== undefined) {
    checkRate(plan.managerOverride.rate, `${path}.managerOverride.rate`, report);
  }
}

function checkComponent(
  component: Component,
  currency: string,
  path: string,
  options: ValidatePlansOptions,
  report: Report,
): void {
  if (options.knownMeasures !== undefined && !options.knownMeasures.includes(component.measure)) {
    report(`${path}.measure`, `unknown measure "${component.measure}" (known: ${options.knownMeasures.join(', ') || 'none'})`, 'use a measure that quotas are imported for, e.g. "bookings"');
  }
  if (component.rateSchedule !== undefined) checkSchedule(component.rateSchedule, currency, `${path}.rateSchedule`, report);
  if (component.payoutCurve !== undefined) {
    const curve = component.payoutCurve;
    checkMoney(curve.targetIncentive, currency, `${path}.payoutCurve.targetIncentive`, report);
    let previous: Decimal | undefined;
    curve.points.forEach((point, k) => {
      const at = parseDecimal(point.attainment);
      checkAttainment(point.attainment, `${path}.payoutCurve.points[${k}].attainment`, report);
      if (previous !== undefined && compareDec(at, previous) <= 0) {
        report(`${path}.payoutCurve.points[${k}].attainment`, 'curve points not ascending: each point needs a higher attainment than the one before');
      }
      previous = at;
      checkMultiplier(point.multiplier, `${path}.payoutCurve.points[${k}].multiplier`, report);
      if (compareDec(at, ZERO) === 0 && compareDec(parseDecimal(point.multiplier), ZERO) !== 0) {
        report(`${path}.payoutCurve.points[${k}].multiplier`, 'a curve pays for credit: at attainment 0 the multiplier must be 0 (pay a guaranteed amount with a once-per-period SPIFF)');
      }
    });
  }
}

/** A tier edge as a comparable decimal, or undefined (reported) when it is not one. */
function tierEdge(value: string, schedule: RateSchedule, currency: string, path: string, report: Report): Decimal | undefined {
  if (!/^\d+(\.\d+)?$/.test(value)) {
    const example = schedule.tierBasis === 'amount' ? '25000.00' : '1.0';
    report(path, `must be a non-negative decimal such as "${example}"`);
    return undefined;
  }
  if (schedule.tierBasis === 'amount') checkMoney(value, currency, path, report);
  else checkAttainment(value, path, report);
  return parseDecimal(value);
}

function checkSchedule(schedule: RateSchedule, currency: string, path: string, report: Report): void {
  if (schedule.kind === 'flat') {
    if (schedule.rate === undefined) report(`${path}.rate`, 'a flat schedule needs "rate"');
    else checkRate(schedule.rate, `${path}.rate`, report);
    if (schedule.tiers !== undefined) report(`${path}.tiers`, 'a flat schedule has no tiers: use kind "marginal" or "retroactive" for tiers');
  } else {
    if (schedule.rate !== undefined) report(`${path}.rate`, `a ${schedule.kind} schedule takes its rates from "tiers"; remove "rate"`);
    if (schedule.tiers === undefined) report(`${path}.tiers`, `a ${schedule.kind} schedule needs "tiers"`);
    else checkTiers(schedule, currency, `${path}.tiers`, report);
  }
  checkMultiplierBands(schedule, `${path}.multipliers`, report);
  if (schedule.threshold !== undefined) checkAttainment(schedule.threshold.attainment, `${path}.threshold.attainment`, report);
  const caps = schedule.caps;
  if (caps?.payout !== undefined) checkMoney(caps.payout, currency, `${path}.caps.payout`, report);
  if (caps?.perDeal !== undefined) checkMoney(caps.perDeal, currency, `${path}.caps.perDeal`, report);
  if (caps?.attainment !== undefined) checkAttainment(caps.attainment, `${path}.caps.attainment`, report);
}

function checkTiers(schedule: RateSchedule, currency: string, path: string, report: Report): void {
  const tiers = schedule.tiers ?? [];
  let previousFrom: Decimal | undefined;
  let previousTo: Decimal | undefined;
  tiers.forEach((tier, i) => {
    const tpath = `${path}[${i}]`;
    const from = tierEdge(tier.from, schedule, currency, `${tpath}.from`, report);
    const to = tier.to === undefined ? undefined : tierEdge(tier.to, schedule, currency, `${tpath}.to`, report);
    if (from !== undefined) {
      if (i === 0 && compareDec(from, ZERO) !== 0) report(`${tpath}.from`, 'the first tier must start at 0 so every value has a tier');
      if (previousFrom !== undefined && compareDec(from, previousFrom) <= 0) {
        report(`${tpath}.from`, 'tiers not ascending: each tier must start above the one before');
      } else if (previousTo !== undefined && compareDec(from, previousTo) > 0) {
        report(`${tpath}.from`, `gap between tiers: values from ${tiers[i - 1]?.to ?? '?'} to ${tier.from} are in no tier`);
      } else if (previousTo !== undefined && compareDec(from, previousTo) < 0) {
        report(`${tpath}.from`, `overlapping tiers: the tier before ends at ${tiers[i - 1]?.to ?? '?'}, after ${tier.from}`);
      }
      if (to !== undefined && compareDec(to, from) <= 0) report(`${tpath}.to`, `tier ends at or before its start ${tier.from}`);
    }
    if (i === tiers.length - 1 && tier.to !== undefined) {
      report(`${tpath}.to`, 'the last tier must be open-ended (no "to") so every value has a tier; stop paying with caps.attainment or caps.payout instead');
    }
    checkRate(tier.rate, `${tpath}.rate`, report);
    if (tier.multiplier !== undefined) checkMultiplier(tier.multiplier, `${tpath}.multiplier`, report);
    previousFrom = from ?? previousFrom;
    previousTo = to;
  });
}

function checkMultiplierBands(schedule: RateSchedule, path: string, report: Report): void {
  const bands = (schedule.multipliers ?? []).map((m, k) => {
    const mpath = `${path}[${k}]`;
    checkMultiplier(m.multiplier, `${mpath}.multiplier`, report);
    if (m.above !== undefined) checkAttainment(m.above, `${mpath}.above`, report);
    if (m.below !== undefined) checkAttainment(m.below, `${mpath}.below`, report);
    const lo = m.above === undefined ? undefined : parseDecimal(m.above);
    const hi = m.below === undefined ? undefined : parseDecimal(m.below);
    if (lo !== undefined && hi !== undefined && compareDec(lo, hi) >= 0) {
      report(`${mpath}.below`, `band is empty: "below" ${m.below} must be above "above" ${m.above}`);
    }
    return { lo, hi, k };
  });
  for (const a of bands) {
    for (const b of bands) {
      if (b.k <= a.k) continue;
      const separate =
        (a.hi !== undefined && b.lo !== undefined && compareDec(a.hi, b.lo) <= 0) ||
        (b.hi !== undefined && a.lo !== undefined && compareDec(b.hi, a.lo) <= 0);
      if (!separate) report(`${path}[${b.k}]`, `overlaps ${path}[${a.k}]: multiplier bands must not overlap`);
    }
  }
}

function checkSpiff(spiff: Spiff, currency: string, componentIds: ReadonlyMap<string, number>, path: string, report: Report): void {
  if ((spiff.amount === undefined) === (spiff.rate === undefined)) report(path, 'give exactly one of "amount" or "rate"');
  if (spiff.per === 'period' && spiff.rate !== undefined) report(`${path}.rate`, 'a once-per-period SPIFF pays a fixed "amount", not a rate');
  if (spiff.amount !== undefined) checkMoney(spiff.amount, currency, `${path}.amount`, report);
  if (spiff.rate !== undefined) checkRate(spiff.rate, `${path}.rate`, report);
  if (spiff.condition !== undefined) {
    if (!componentIds.has(spiff.condition.component)) {
      report(`${path}.condition.component`, `no component "${spiff.condition.component}" in this plan (known: ${[...componentIds.keys()].join(', ')})`);
    }
    checkAttainment(spiff.condition.attainment, `${path}.condition.attainment`, report);
  }
  if (spiff.from !== undefined && spiff.to !== undefined && spiff.to < spiff.from) report(`${path}.to`, `ends before it starts (${spiff.from})`);
}

function checkRate(value: string, path: string, report: Report): void {
  if (compareDec(parseDecimal(value), MAX_RATE) > 0) {
    report(path, `bad rate ${value}: that is more than 100 % of credit; rates are fractions (write "0.10" for 10 %)`);
  }
}

function checkMultiplier(value: string, path: string, report: Report): void {
  if (compareDec(parseDecimal(value), MAX_MULTIPLIER) > 0) report(path, `multiplier ${value} is implausibly large (more than 10×)`);
}

function checkAttainment(value: string, path: string, report: Report): void {
  if (compareDec(parseDecimal(value), MAX_ATTAINMENT) > 0) {
    report(path, `attainment ${value} means more than 1000 % of quota; attainments are fractions (write "1.0" for 100 %)`);
  }
}

function checkMoney(value: string, currency: string, path: string, report: Report): void {
  if (!isCurrencyCode(currency)) return;
  try {
    toMinor(value, currency);
  } catch (err) {
    if (err instanceof PrecisionError) report(path, `${value} has more decimals than ${currency} allows (${err.allowed})`);
    else throw err;
  }
}

function checkAssignments(structure: PlanStructure, raw: unknown, base: string, planIds: ReadonlySet<string>, report: Report): void {
  if (raw === undefined) return;
  if (!Array.isArray(raw)) {
    report(base, 'must be a list of assignments');
    return;
  }
  const valid: { a: Assignment; i: number }[] = [];
  raw.forEach((item: unknown, i: number) => {
    const path = `${base}[${i}]`;
    const parsed = structure.assignment(item);
    if (!parsed.success) {
      for (const issue of parsed.issues) report(jsonPath(path, issue.path), issue.message);
      return;
    }
    const a = parsed.data;
    if (!planIds.has(a.plan)) report(`${path}.plan`, `assignment to unknown plan "${a.plan}" (known: ${[...planIds].join(', ') || 'none'})`);
    if (a.to !== undefined && a.to < a.from) report(`${path}.to`, `ends before it starts (${a.from})`);
    else valid.push({ a, i });
  });
  const byTarget = new Map<string, { a: Assignment; i: number }[]>();
  for (const entry of valid) {
    const { rep, role, team } = entry.a;
    const key = rep !== undefined ? `rep ${rep}` : team !== undefined ? `team ${team}` : `role ${role ?? ''}`;
    const list = byTarget.get(key);
    if (list === undefined) byTarget.set(key, [entry]);
    else list.push(entry);
  }
  for (const [target, entries] of byTarget) {
    const sorted = [...entries].sort((x, y) => (x.a.from < y.a.from ? -1 : x.a.from > y.a.from ? 1 : x.i - y.i));
    for (let k = 1; k < sorted.length; k++) {
      const before = sorted[k - 1];
      const current = sorted[k];
      if (before === undefined || current === undefined) continue;
      if (before.a.to === undefined || before.a.to >= current.a.from) {
        report(
          `${base}[${current.i}]`,
          `overlapping assignments for ${target}: ${base}[${before.i}] (${before.a.from}..${before.a.to ?? 'open'}) already covers ${current.a.from}`,
          'end the earlier assignment the day before the next one starts',
        );
      }
    }
  }
}
