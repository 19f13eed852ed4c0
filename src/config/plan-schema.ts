/**
 * Schemas for compensation plans (`plans`) and plan assignments (`assignments`) in the config.
 *
 * The shapes are those of `src/core/commission/plan-types.ts`; a compile-time check at the end of
 * this file keeps the two in step. Structure is checked here (with a description and default on
 * every field, published through `z.toJSONSchema`); cross-field rules that need the whole plan
 * (tiers ascending and contiguous, references, overlaps) are checked by `plan-validate.ts`.
 *
 * Numbers are exact decimal STRINGS, never JSON numbers: "0.10" (a rate, 10 %), "1.5" (an
 * attainment of 150 %, or a multiplier), "25000.00" (money in the plan currency).
 */
import { z } from 'zod';
import { isValidIsoDate } from '../core/calendar.js';
import { isCurrencyCode } from '../core/currency.js';
import type { Assignment, Plan } from '../core/commission/plan-types.js';

const DECIMAL = /^\d+(\.\d+)?$/;
const QUOTED = 'quote it: JSON numbers are binary floating point';

function decimal(what: string, example: string): z.ZodString {
  return z
    .string({ error: `${what} must be a decimal string such as "${example}" (${QUOTED})` })
    .regex(DECIMAL, `${what} must be a non-negative decimal such as "${example}" (digits and one optional point)`);
}

const rate = (what = 'a rate') => decimal(what, '0.10');
const attainment = (what = 'an attainment') => decimal(what, '1.0');
const money = (what = 'an amount') => decimal(what, '25000.00');
const multiplier = () => decimal('a multiplier', '1.5');

const id = (what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, `${what} must start with a letter or digit and use only letters, digits, ".", "_" and "-"`);

const isoDate = z
  .string()
  .refine(isValidIsoDate, 'must be an existing calendar date written YYYY-MM-DD, e.g. "2026-01-01"');

const dealFilter = z
  .object({
    dealType: z.array(z.string().min(1)).min(1).optional().describe('Deal types that qualify, e.g. ["New Business"] (any of them; case-insensitive)'),
    product: z.array(z.string().min(1)).min(1).optional().describe('Products that qualify (any of them; case-insensitive)'),
    custom: z
      .array(
        z
          .object({
            field: z.string().min(1).describe('Custom deal field name'),
            equals: z.string().optional().describe('The field must equal this value (case-insensitive)'),
            in: z.array(z.string()).min(1).optional().describe('The field must equal one of these values (case-insensitive)'),
          })
          .strict()
          .superRefine((c, ctx) => {
            if ((c.equals === undefined) === (c.in === undefined)) {
              ctx.addIssue({ code: 'custom', message: 'give exactly one of "equals" or "in"' });
            }
          }),
      )
      .min(1)
      .optional()
      .describe('Custom-field conditions, all of which must hold'),
  })
  .strict()
  .describe('Which deals count: every given condition must hold; omitted conditions match every deal');

const tier = z
  .object({
    from: z.string().describe('Inclusive lower edge: an attainment fraction ("1.0" = 100 %) or, for amount tiers, money in the plan currency'),
    to: z.string().optional().describe('Upper edge; omit on the last tier (open-ended); may be omitted when the next tier starts where this one ends'),
    rate: rate().describe('Commission rate as a fraction ("0.10" = 10 % of credit)'),
    multiplier: multiplier().optional().describe('Accelerator (> 1) or decelerator (< 1) applied to the rate (default 1)'),
  })
  .strict();

const rateMultiplier = z
  .object({
    above: attainment().optional().describe('Applies at and above this attainment'),
    below: attainment().optional().describe('Applies below this attainment'),
    multiplier: multiplier().describe('Factor on the rate: > 1 accelerates, < 1 decelerates'),
    applies: z
      .enum(['marginal', 'retroactive'])
      .default('marginal')
      .describe('marginal (default): only credit lying in the band is multiplied; retroactive: when the final attainment lies in the band, all credit of the period is'),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.above === undefined && m.below === undefined) {
      ctx.addIssue({ code: 'custom', message: 'give "above", "below" or both' });
    }
  });

const rateSchedule = z
  .object({
    kind: z.enum(['flat', 'marginal', 'retroactive']).describe('flat: one rate; marginal: each band of credit at its own tier rate; retroactive: the rate of the tier reached applies to all credit of the period'),
    tierBasis: z.enum(['attainment', 'amount']).default('attainment').describe('Tiers by attainment of quota (default) or by credited amount'),
    boundary: z
      .enum(['lower', 'upper'])
      .default('upper')
      .describe('Which tier owns a value exactly on a boundary: upper (default) = the tier that starts there, lower = the tier that ends there'),
    rate: rate().optional().describe('The rate of a flat schedule (no tiers)'),
    tiers: z.array(tier).min(1).optional().describe('Tiers of a marginal or retroactive schedule: ascending, contiguous, starting at 0, the last one open-ended'),
    multipliers: z.array(rateMultiplier).optional().describe('Accelerators/decelerators as multipliers above or below attainment levels'),
    threshold: z
      .object({
        attainment: attainment().describe('Attainment that must be reached before anything is paid'),
        retroactiveUnlock: z.boolean().default(true).describe('true (default): once reached, credit below it is paid too; false: only credit above it pays'),
      })
      .strict()
      .optional()
      .describe('Gate: nothing is paid below this attainment'),
    caps: z
      .object({
        payout: money('a payout cap').optional().describe('Most the component pays per measurement period (year-to-date plans: per year), in the plan currency'),
        attainment: attainment('an attainment cap').optional().describe('Credit beyond this attainment earns nothing'),
        perDeal: money('a per-deal cap').optional().describe('Most one deal pays, in the plan currency'),
      })
      .strict()
      .optional()
      .describe('Caps; each produces its own negative "cap" line, never a silent clamp'),
  })
  .strict()
  .describe('Commission = rate × credited amount');

const payoutCurve = z
  .object({
    targetIncentive: money('a target incentive').describe('Target incentive per measurement period, in the plan currency'),
    points: z
      .array(
        z
          .object({
            attainment: attainment().describe('Attainment fraction ("1.0" = 100 %)'),
            multiplier: multiplier().describe('Multiplier of the target incentive at this attainment'),
          })
          .strict(),
      )
      .min(1)
      .describe('Curve points in ascending attainment; linear between points, flat beyond the last, nothing below the first'),
  })
  .strict()
  .describe('Payout = target incentive × multiplier interpolated from attainment');

const component = z
  .object({
    id: id('a component id').describe('Component id, shown in the "component" column of commission lines'),
    name: z.string().optional().describe('Display name'),
    filter: dealFilter.optional(),
    creditBasis: z
      .enum(['booking', 'invoice', 'payment'])
      .default('booking')
      .describe('When credit counts: booking (default, at close date); invoice and payment are reserved and refused by the calculation for now'),
    measure: z.string().min(1).default('bookings').describe('Quota measure attainment is measured against (default "bookings")'),
    rateSchedule: rateSchedule.optional(),
    payoutCurve: payoutCurve.optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if ((c.rateSchedule === undefined) === (c.payoutCurve === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give exactly one of "rateSchedule" or "payoutCurve"' });
    }
  });

const spiff = z
  .object({
    id: id('a SPIFF id').describe('SPIFF id, shown in the "component" column'),
    name: z.string().optional().describe('Display name'),
    per: z.enum(['deal', 'period']).default('deal').describe('deal (default): for every qualifying credited deal; period: once per measurement period'),
    filter: dealFilter.optional(),
    amount: money('a SPIFF amount').optional().describe('Fixed amount in the plan currency (per deal: times the rep\'s share of the deal)'),
    rate: rate().optional().describe('Rate on the credited amount (per-deal SPIFFs only)'),
    condition: z
      .object({
        component: z.string().min(1).describe('Component whose attainment is tested'),
        attainment: attainment().describe('Minimum attainment at the end of the measurement period'),
      })
      .strict()
      .optional()
      .describe('Pay only when this attainment is reached'),
    from: isoDate.optional().describe('First close date that qualifies'),
    to: isoDate.optional().describe('Last close date that qualifies'),
  })
  .strict();

export const planSchema = z
  .object({
    id: id('a plan id').describe('Plan id, referenced by assignments and stored on every commission line'),
    name: z.string().min(1).describe('Display name'),
    currency: z
      .string()
      .refine(isCurrencyCode, 'must be an upper-case ISO 4217 code such as USD')
      .describe('Plan currency: credit, quota and every amount of the plan are in it'),
    measurementPeriod: z.enum(['month', 'quarter', 'year']).default('month').describe('Period commissions are measured and calculated over (default month)'),
    tierScope: z
      .enum(['per-deal', 'period-to-date', 'year-to-date'])
      .default('period-to-date')
      .describe('Credit the tiers are measured on: each deal alone, the period running total (default), or the year-to-date running total with true-up of earlier periods'),
    rounding: z
      .object({
        mode: z.enum(['half-up', 'half-even']).default('half-up').describe('half-up (default): ties away from zero; half-even: ties to even'),
        point: z.enum(['line', 'statement']).default('line').describe('line (default): every line rounded; statement: exact total rounded once and allocated back to the lines'),
      })
      .strict()
      .default({ mode: 'half-up', point: 'line' })
      .describe('Rounding to the currency\'s minor unit'),
    components: z.array(component).min(1).describe('What is paid on'),
    spiffs: z.array(spiff).default([]).describe('SPIFFs and bonuses'),
    managerOverride: z
      .object({
        basis: z.enum(['team-credit', 'team-commission']).describe('team-credit: rate × direct reports\' credited amounts; team-commission: rate × their commissions'),
        rate: rate().describe('Override rate as a fraction'),
      })
      .strict()
      .optional()
      .describe('Manager override on the direct reports (reps whose manager_id is the assigned rep)'),
  })
  .strict()
  .describe('A compensation plan');

export const assignmentSchema = z
  .object({
    plan: z.string().min(1).describe('Plan id'),
    rep: z.string().min(1).optional().describe('Rep id (most specific: wins over team and role)'),
    role: z.string().min(1).optional().describe('Every rep with this role'),
    team: z.string().min(1).optional().describe('Every rep in this team (wins over role)'),
    from: isoDate.describe('First day on the plan'),
    to: isoDate.optional().describe('Last day on the plan (inclusive); open-ended when omitted'),
  })
  .strict()
  .superRefine((a, ctx) => {
    const targets = [a.rep, a.role, a.team].filter((t) => t !== undefined).length;
    if (targets !== 1) ctx.addIssue({ code: 'custom', message: 'give exactly one of "rep", "role" or "team"' });
  })
  .describe('An effective-dated plan assignment');

export const plansSchema = z.array(planSchema).default([]).describe('Compensation plans');
export const assignmentsSchema = z.array(assignmentSchema).default([]).describe('Plan assignments');

export type PlanConfig = z.output<typeof planSchema>;
export type AssignmentConfig = z.output<typeof assignmentSchema>;

/** Compile-time proof that a parsed plan is the engine's Plan (and back). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const planShapesAgree: Same<PlanConfig, Plan> = true;
const assignmentShapesAgree: Same<AssignmentConfig, Assignment> = true;
void planShapesAgree;
void assignmentShapesAgree;
