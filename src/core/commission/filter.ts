/**
 * Deal filters of components and SPIFFs. Every given condition must hold; a list matches any of
 * its values. Values are compared trimmed and case-insensitively, since CRM picklists differ
 * only in case between exports ("New Business" / "new business"). A condition on a field the
 * deal does not have does not match.
 */
import type { DealFilter, Plan } from './plan-types.js';
import type { CreditLine } from './types.js';

function norm(s: string): string {
  return s.trim().toLowerCase();
}

function oneOf(value: string | undefined, allowed: readonly string[]): boolean {
  if (value === undefined) return false;
  const v = norm(value);
  return allowed.some((a) => norm(a) === v);
}

export function matchesFilter(filter: DealFilter | undefined, credit: CreditLine): boolean {
  if (filter === undefined) return true;
  if (filter.dealType !== undefined && !oneOf(credit.dealType, filter.dealType)) return false;
  if (filter.product !== undefined && !oneOf(credit.product, filter.product)) return false;
  for (const c of filter.custom ?? []) {
    const value = credit.custom !== undefined && Object.hasOwn(credit.custom, c.field) ? credit.custom[c.field] : undefined;
    const allowed = c.in ?? (c.equals === undefined ? [] : [c.equals]);
    if (!oneOf(value, allowed)) return false;
  }
  return true;
}

/** Whether any component or SPIFF of the plans filters deals (only filters read a deal's type, product and custom fields). */
export function plansFilterDeals(plans: readonly Plan[]): boolean {
  return plans.some((p) => p.components.some((c) => c.filter !== undefined) || p.spiffs.some((s) => s.filter !== undefined));
}
