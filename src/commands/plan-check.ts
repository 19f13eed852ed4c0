/**
 * The plan check that guards `spm report commission`: the config's plans and assignments,
 * validated as `spm plan validate` does (plan-validate.ts), without loading the schema library
 * when the config is valid — the fast structural path vouches for valid plans, and anything it
 * does not vouch for goes through the schemas, which word every problem.
 */
import type { CommandContext } from '../cli/context.js';
import { checkPlansAndAssignments, type PlanStructure } from '../config/plan-rules.js';
import { quickParseAssignment, quickParsePlan } from '../config/quick-parse.js';
import type { Assignment, Plan } from '../core/commission/plan-types.js';
import { type Problem, UsageError } from '../errors.js';

export const DEFAULT_MEASURE = 'bookings';
export const PLANS_DOC = 'docs/compensation-plans.md';
const FIX = `fix each problem at its JSON path; ${PLANS_DOC} has a worked example of every setting, spm.config.schema.json the full schema`;

/** The error listing every problem (the CLI prints the message; each line starts with a JSON path). */
export function invalidPlansError(problems: readonly Problem[], file: string): UsageError {
  const lines = problems.map((p) => `  ${p.message}${p.hint !== undefined && !p.hint.startsWith('see the README') ? `\n    fix: ${p.hint}` : ''}`);
  const noun = problems.length === 1 ? 'problem' : 'problems';
  return new UsageError(`${problems.length} ${noun} in the compensation plans of ${file}:\n${lines.join('\n')}`, FIX);
}

/**
 * The structure of these plans and assignments as the fast path reads them, when it vouches for
 * every one of them (then the schemas would give the same); undefined otherwise.
 */
export function vouchedStructure(plans: unknown, assignments: unknown): PlanStructure | undefined {
  if (!Array.isArray(plans) || !Array.isArray(assignments)) return undefined;
  const planOf = new Map<unknown, Plan>();
  const assignmentOf = new Map<unknown, Assignment>();
  for (const item of plans) {
    const plan = quickParsePlan(item);
    if (plan === undefined) return undefined;
    planOf.set(item, plan);
  }
  for (const item of assignments) {
    const assignment = quickParseAssignment(item);
    if (assignment === undefined) return undefined;
    assignmentOf.set(item, assignment);
  }
  const found = <T>(map: Map<unknown, T>, item: unknown): T => {
    const value = map.get(item);
    if (value === undefined) throw new Error('vouchedStructure: asked about an item it was not given');
    return value;
  };
  return {
    plan: (item) => ({ success: true, data: found(planOf, item) }),
    assignment: (item) => ({ success: true, data: found(assignmentOf, item) }),
  };
}

/** The problems of these plans and assignments, exactly as `validatePlans` (plan-validate.ts) finds them. */
export async function planProblems(plans: unknown, assignments: unknown, options: { file: string; knownMeasures?: readonly string[] }): Promise<Problem[]> {
  const structure = vouchedStructure(plans, assignments);
  if (structure !== undefined) return checkPlansAndAssignments(structure, plans, assignments, options);
  const { validatePlans } = await import('../config/plan-validate.js');
  return validatePlans(plans, assignments, options);
}

/** The config's plans and assignments, validated against the known measures; throws listing every problem. */
export async function checkedConfigPlans(ctx: CommandContext, measures: readonly string[] | undefined): Promise<{ plans: Plan[]; assignments: Assignment[] }> {
  const file = ctx.configPath ?? 'the config';
  const problems = await planProblems(ctx.config.plans, ctx.config.assignments, { file, ...(measures === undefined ? {} : { knownMeasures: measures }) });
  if (problems.length > 0) throw invalidPlansError(problems, file);
  return { plans: ctx.config.plans, assignments: ctx.config.assignments };
}
