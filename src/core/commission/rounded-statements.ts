/**
 * Totals-only runs (see CalculateCommissionsOptions.totalsOnly): every statement's lines are
 * rounded as soon as its plan period is calculated, and only the rounded amounts are kept, so no
 * line draft outlives its plan period. The result is what finish gives from all the drafts: the
 * same rounding (rounding.ts, line or statement), the same overflow checks in the same order,
 * the same totals (the amounts are replayed line by line, in processing order, into the totals).
 *
 * It applies when a statement's lines are all known at once or can be rounded one by one: every
 * plan rounds line by line, or has no manager override (whose lines come later); and no plan
 * overrides on its reports' commissions (those read the reports' drafts).
 */
import type { LineDraft } from './drafts.js';
import type { Plan } from './plan-types.js';
import { roundExact, roundLines } from './rounding.js';
import type { CommissionKind } from './types.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export interface RoundedStatement {
  /** The statement key (LineDraft.group). */
  group: string;
  repId: string;
  planId: string;
  planHash: string;
  period: string;
  periodStart: string;
  currency: string;
  /** The lines in the order they were made: kind and rounded amount. */
  kinds: CommissionKind[];
  amounts: bigint[];
  total: bigint;
  /** The first line whose amount is beyond the safe-integer range: what it is, and the amount. */
  overflow: { what: string; amount: bigint } | undefined;
}

export function canRoundAsMade(plans: readonly Plan[]): boolean {
  return plans.every((p) => (p.rounding.point === 'line' || p.managerOverride === undefined) && p.managerOverride?.basis !== 'team-commission');
}

export class RoundedStatements {
  private readonly byGroup = new Map<string, RoundedStatement>();

  /** Rounds the drafts (whole statements, or lines of plans rounded line by line) and keeps their amounts. */
  add(drafts: readonly LineDraft[]): void {
    const first = drafts[0];
    if (first === undefined) return;
    const amounts = first.rounding.point === 'statement' ? roundLines(drafts).amounts : undefined;
    let statement: RoundedStatement | undefined;
    for (let i = 0; i < drafts.length; i++) {
      const d = drafts[i] as LineDraft;
      const amount = amounts === undefined ? roundExact(d.exact, d.rounding.mode) : (amounts[i] ?? 0n);
      // The drafts of one plan period mostly share one statement: the one before is the likely one.
      if (statement === undefined || statement.group !== d.group) statement = this.byGroup.get(d.group);
      if (statement === undefined) {
        statement = { group: d.group, repId: d.repId, planId: d.plan.id, planHash: d.planHash, period: d.period, periodStart: d.periodStart, currency: d.currency, kinds: [], amounts: [], total: 0n, overflow: undefined };
        this.byGroup.set(d.group, statement);
      }
      statement.kinds.push(d.kind);
      statement.amounts.push(amount);
      statement.total += amount;
      if (statement.overflow === undefined && (amount > MAX_SAFE || amount < -MAX_SAFE)) statement.overflow = { what: `commission of rep ${d.repId}${d.dealId ? ` on deal ${d.dealId}` : ''}`, amount };
    }
  }

  /** The statements in the order finish lists lines: rep, start of the measurement period, plan. */
  sorted(): RoundedStatement[] {
    const text = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    return [...this.byGroup.values()].sort((x, y) => text(x.repId, y.repId) || text(x.periodStart, y.periodStart) || text(x.planId, y.planId));
  }
}
