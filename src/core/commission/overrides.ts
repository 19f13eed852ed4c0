/**
 * Manager overrides: a manager whose plan has `managerOverride` earns, on the direct reports
 * (reps whose managerId is the manager), either
 * - `team-credit`: rate × each report's credited amount, one line per credited deal; or
 * - `team-commission`: rate × each report's commissions, one line per report per period, on the
 *   EXACT (unrounded) sum of the report's non-override lines, so the override never depends on
 *   how the report's lines were rounded and overrides never cascade up the hierarchy.
 * A report's line counts for the manager when its date (close date, or the end of the report's
 * measurement period) falls on a day the manager is on the plan, inside the manager's
 * measurement period. Amounts in another currency than the manager's plan are left out and
 * listed in a warning.
 */
import { type IsoDate, compareDates } from '../calendar.js';
import { parseDecimal } from '../decimal.js';
import type { Period } from '../period.js';
import type { PlanSpan } from './assignments.js';
import { type DraftContext, type LineDraft, majorText, makeDraft } from './drafts.js';
import type { Plan } from './plan-types.js';
import { ZERO_R, addR, fromBigInt, fromDecimal, isZeroR, mulR } from './rational.js';
import { roundExact } from './rounding.js';
import type { CommissionWarning, CreditLine, RepInfo } from './types.js';

export interface OverrideOptions {
  plan: Plan;
  planHash: string;
  manager: RepInfo;
  period: Period;
  /** The manager's spans on this plan. */
  spans: readonly PlanSpan[];
  reports: readonly RepInfo[];
  creditsOf: (repId: string) => readonly CreditLine[];
  draftsOf: (repId: string) => readonly LineDraft[];
}

function covered(spans: readonly PlanSpan[], period: Period, date: IsoDate): boolean {
  if (compareDates(date, period.start) < 0 || compareDates(date, period.end) > 0) return false;
  return spans.some((s) => compareDates(s.from, date) <= 0 && compareDates(date, s.to) <= 0);
}

export function overrideDrafts(options: OverrideOptions): { drafts: LineDraft[]; warnings: CommissionWarning[] } {
  const { plan, period, manager } = options;
  const override = plan.managerOverride;
  const drafts: LineDraft[] = [];
  const warnings: CommissionWarning[] = [];
  if (override === undefined) return { drafts, warnings };
  const rate = fromDecimal(parseDecimal(override.rate));
  const dc: DraftContext = { period, repId: manager.repId, plan, planHash: options.planHash, component: 'override' };
  const foreign: string[] = [];
  for (const report of options.reports) {
    if (override.basis === 'team-credit') {
      for (const credit of options.creditsOf(report.repId)) {
        if (!covered(options.spans, period, credit.closeDate)) continue;
        if (credit.currency !== plan.currency) {
          foreign.push(`${report.repId}/${credit.dealId}`);
          continue;
        }
        drafts.push(
          makeDraft(dc, {
            dealId: credit.dealId,
            closeDate: credit.closeDate,
            date: credit.closeDate,
            kind: 'override',
            credited: credit.credited,
            rate: override.rate,
            exact: mulR(fromBigInt(credit.credited), rate),
            note: `override on ${report.name} (${report.repId}) credit`,
          }),
        );
      }
      continue;
    }
    let commissions = ZERO_R;
    let counted = 0;
    for (const line of options.draftsOf(report.repId)) {
      if (line.kind === 'override' || !covered(options.spans, period, line.date)) continue;
      if (line.currency !== plan.currency) {
        foreign.push(`${report.repId}/${line.dealId || line.kind}`);
        continue;
      }
      commissions = addR(commissions, line.exact);
      counted += 1;
    }
    if (counted === 0 || isZeroR(commissions)) continue;
    drafts.push(
      makeDraft(dc, {
        dealId: '',
        date: period.end,
        kind: 'override',
        credited: roundExact(commissions, plan.rounding.mode),
        rate: override.rate,
        exact: mulR(commissions, rate),
        note: `override on ${report.name} (${report.repId}) commissions of ${majorText(commissions, plan.currency)} ${plan.currency} (exact sum of ${counted} line(s))`,
      }),
    );
  }
  if (foreign.length > 0) {
    warnings.push({
      code: 'commission.override-currency',
      repId: manager.repId,
      dealIds: foreign,
      message: `manager ${manager.repId}: ${foreign.length} team amount(s) are not in ${plan.currency} and earn no override in ${period.label}: ${foreign.join(', ')}`,
      hint: 'convert team credit to the manager plan currency, or give the manager a plan in the team currency',
    });
  }
  return { drafts, warnings };
}
