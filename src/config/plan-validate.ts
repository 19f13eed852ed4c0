/**
 * `spm plan validate`: every problem of the `plans` and `assignments` config, each with its JSON
 * path in the message. Structure comes from the zod schemas (plan-schema.ts), which word every
 * structural problem; the rules that need the whole plan are in plan-rules.ts.
 */
import type { Problem } from '../errors.js';
import { assignmentSchema, planSchema } from './plan-schema.js';
import { checkPlansAndAssignments, type Parsed, type PlanStructure, type StructureIssue, type ValidatePlansOptions } from './plan-rules.js';

export { planHash } from '../core/commission/plan-hash.js';
export type { ValidatePlansOptions } from './plan-rules.js';

type SafeParse<T> = { success: true; data: T } | { success: false; error: { issues: readonly StructureIssue[] } };

function parsed<T>(result: SafeParse<T>): Parsed<T> {
  return result.success ? { success: true, data: result.data } : { success: false, issues: result.error.issues };
}

/** The schemas as a PlanStructure. */
export const SCHEMA_STRUCTURE: PlanStructure = {
  plan: (item) => parsed(planSchema.safeParse(item)),
  assignment: (item) => parsed(assignmentSchema.safeParse(item)),
};

export function validatePlans(plans: unknown, assignments: unknown, options: ValidatePlansOptions = {}): Problem[] {
  return checkPlansAndAssignments(SCHEMA_STRUCTURE, plans, assignments, options);
}
