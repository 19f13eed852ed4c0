/**
 * SPIFFs and bonuses of one plan in one measurement period.
 *
 * - `per: "deal"`: every credited deal of the period that passes the filter (and the optional
 *   date window) earns the fixed `amount` times the rep's share of the deal, or `rate` × credit.
 * - `per: "period"`: once per measurement period, a fixed `amount`, when the period ends inside
 *   the optional date window.
 * An optional condition requires a component's period-to-date attainment (at the end of the
 * measurement period, whatever the plan's tier scope) to reach a level. A condition that cannot
 * be tested (no quota) pays nothing and says so in a warning.
 */
import { compareDates } from '../calendar.js';
import { parseDecimal } from '../decimal.js';
import { toMinor } from '../money.js';
import type { Period } from '../period.js';
import { type DraftContext, type LineDraft, makeDraft } from './drafts.js';
import { matchesFilter } from './filter.js';
import type { Plan, Spiff } from './plan-types.js';
import { type Rational, compareR, fromBigInt, fromDecimal, mulR, rationalToString } from './rational.js';
import type { CommissionWarning, CreditLine } from './types.js';

export interface SpiffOptions {
  plan: Plan;
  planHash: string;
  spiff: Spiff;
  repId: string;
  period: Period;
  /** The rep's deals of the measurement period under this plan, in processing order. */
  deals: readonly CreditLine[];
  /** Period-to-date attainment of a component, or why there is none. */
  attainmentOf: (componentId: string) => Rational | string;
}

export function spiffDrafts(options: SpiffOptions): { drafts: LineDraft[]; warnings: CommissionWarning[] } {
  const { plan, spiff, period } = options;
  const warnings: CommissionWarning[] = [];
  const drafts: LineDraft[] = [];
  const dc: DraftContext = { period, repId: options.repId, plan, planHash: options.planHash, component: spiff.id };
  let conditionNote = '';
  if (spiff.condition !== undefined) {
    const attainment = options.attainmentOf(spiff.condition.component);
    if (typeof attainment === 'string') {
      warnings.push({
        code: 'commission.spiff-condition',
        repId: options.repId,
        message: `rep ${options.repId}: SPIFF ${spiff.id} of plan ${plan.id} not paid for ${period.label}: its condition cannot be tested (${attainment})`,
        hint: 'import the missing quota, or remove the condition',
      });
      return { drafts, warnings };
    }
    if (compareR(attainment, fromDecimal(parseDecimal(spiff.condition.attainment))) < 0) return { drafts, warnings };
    conditionNote = `; ${spiff.condition.component} attainment ${rationalToString(attainment, 6)} ≥ ${spiff.condition.attainment}`;
  }
  const inWindow = (date: string): boolean =>
    (spiff.from === undefined || compareDates(spiff.from, date) <= 0) && (spiff.to === undefined || compareDates(date, spiff.to) <= 0);
  if (spiff.per === 'period') {
    if (spiff.amount === undefined || !inWindow(period.end)) return { drafts, warnings };
    const exact = fromBigInt(toMinor(spiff.amount, plan.currency));
    drafts.push(makeDraft(dc, { dealId: '', date: period.end, kind: 'spiff', credited: 0n, rate: '', exact, note: `once per period${conditionNote}` }));
    return { drafts, warnings };
  }
  for (const deal of options.deals) {
    if (!inWindow(deal.closeDate) || !matchesFilter(spiff.filter, deal)) continue;
    const share = fromDecimal(parseDecimal(deal.share ?? '1'));
    const exact =
      spiff.rate !== undefined
        ? mulR(fromBigInt(deal.credited), fromDecimal(parseDecimal(spiff.rate)))
        : mulR(fromBigInt(toMinor(spiff.amount ?? '0', plan.currency)), share);
    const shareNote = spiff.rate === undefined && deal.share !== undefined ? `; ${deal.share} share of the deal` : '';
    drafts.push(
      makeDraft(dc, {
        dealId: deal.dealId,
        closeDate: deal.closeDate,
        date: deal.closeDate,
        kind: 'spiff',
        credited: deal.credited,
        rate: spiff.rate ?? '',
        exact,
        note: `per qualifying deal${shareNote}${conditionNote}`,
      }),
    );
  }
  return { drafts, warnings };
}
