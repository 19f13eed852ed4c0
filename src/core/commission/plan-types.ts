/**
 * Compensation plans as plain data: the shape the engine calculates with.
 *
 * The config layer (`src/config/plan-schema.ts`) validates JSON into exactly these types, with
 * defaults filled in. Every number is an exact decimal STRING ("0.10", "1.5", "25000.00"), never
 * a JS number: rates and multipliers are fractions (0.10 = 10 %), attainments are fractions of
 * quota (1.0 = 100 %), money is in major units of the plan currency.
 */

export type MeasurementPeriod = 'month' | 'quarter' | 'year';

/**
 * Which credit the tiers are measured on:
 * - `per-deal`: each deal alone, from zero (a "rate not split per transaction" table);
 * - `period-to-date`: the running total of the measurement period, in processing order;
 * - `year-to-date`: the running total since the start of the (fiscal) year; earlier periods
 *   are re-evaluated every period and the difference is paid as a true-up line.
 */
export type TierScope = 'per-deal' | 'period-to-date' | 'year-to-date';

export type PlanRoundingMode = 'half-up' | 'half-even';
/** `line`: every line is rounded on its own; `statement`: the exact sum is rounded once. */
export type RoundingPoint = 'line' | 'statement';

export interface PlanRounding {
  mode: PlanRoundingMode;
  point: RoundingPoint;
}

export interface CustomFieldFilter {
  field: string;
  equals?: string;
  in?: string[];
}

/** All given conditions must hold; a list matches any of its values (case-insensitive). */
export interface DealFilter {
  dealType?: string[];
  product?: string[];
  custom?: CustomFieldFilter[];
}

export type CreditBasis = 'booking' | 'invoice' | 'payment';

export type RateScheduleKind = 'flat' | 'marginal' | 'retroactive';
export type TierBasis = 'attainment' | 'amount';
/** Which tier owns a value exactly on a boundary: `upper` = the tier that starts there. */
export type BoundaryOwner = 'lower' | 'upper';

export interface Tier {
  /** Inclusive lower edge (attainment fraction, or money for amount tiers). */
  from: string;
  /** Upper edge; omitted on the last tier (open-ended) and optional when the next tier follows. */
  to?: string;
  rate: string;
  /** Accelerator (> 1) or decelerator (< 1) applied to `rate`; default 1. */
  multiplier?: string;
}

/**
 * A multiplier on the rate for credit above and/or below attainment levels.
 * `marginal`: only the credit lying in the band is multiplied;
 * `retroactive`: when the final attainment lies in the band, all credit of the window is.
 */
export interface RateMultiplier {
  above?: string;
  below?: string;
  multiplier: string;
  applies: 'marginal' | 'retroactive';
}

export interface Threshold {
  /** Attainment fraction that must be reached before anything is paid. */
  attainment: string;
  /** true: once reached, the credit below it is paid too; false: only credit above it pays. */
  retroactiveUnlock: boolean;
}

export interface Caps {
  /** Most the component pays per measurement period (year-to-date plans: per year). */
  payout?: string;
  /** Credit beyond this attainment earns nothing. */
  attainment?: string;
  /** Most one deal's line pays. */
  perDeal?: string;
}

export interface RateSchedule {
  kind: RateScheduleKind;
  tierBasis: TierBasis;
  boundary: BoundaryOwner;
  /** The one rate of a `flat` schedule. */
  rate?: string;
  /** The tiers of a `marginal` or `retroactive` schedule, ascending, contiguous, from 0. */
  tiers?: Tier[];
  multipliers?: RateMultiplier[];
  threshold?: Threshold;
  caps?: Caps;
}

export interface CurvePoint {
  attainment: string;
  multiplier: string;
}

/**
 * payout = targetIncentive × multiplier(attainment); linear between points, flat beyond the
 * last point, nothing below the first point (start the curve at attainment 0 to pay from the
 * first dollar).
 */
export interface PayoutCurve {
  targetIncentive: string;
  points: CurvePoint[];
}

export interface Component {
  id: string;
  name?: string;
  filter?: DealFilter;
  creditBasis: CreditBasis;
  /** Quota measure the attainment of this component is measured against. */
  measure: string;
  rateSchedule?: RateSchedule;
  payoutCurve?: PayoutCurve;
}

export interface SpiffCondition {
  /** Component whose period attainment is tested. */
  component: string;
  /** Minimum attainment (fraction) at the end of the measurement period. */
  attainment: string;
}

export interface Spiff {
  id: string;
  name?: string;
  /** `deal`: for every qualifying credited deal; `period`: once per measurement period. */
  per: 'deal' | 'period';
  filter?: DealFilter;
  /** Fixed money amount (per deal: scaled by the rep's share of the deal). */
  amount?: string;
  /** Rate on the credited amount (per-deal SPIFFs only). */
  rate?: string;
  condition?: SpiffCondition;
  /** Deals closed from/to these dates qualify (inclusive). */
  from?: string;
  to?: string;
}

export interface ManagerOverride {
  /** `team-credit`: rate × the direct reports' credited amounts; `team-commission`: × their commissions. */
  basis: 'team-credit' | 'team-commission';
  rate: string;
}

export interface Plan {
  id: string;
  name: string;
  currency: string;
  measurementPeriod: MeasurementPeriod;
  tierScope: TierScope;
  rounding: PlanRounding;
  components: Component[];
  spiffs: Spiff[];
  managerOverride?: ManagerOverride;
}

/** Who is on which plan when: exactly one of rep, role or team; `to` inclusive, open when absent. */
export interface Assignment {
  plan: string;
  rep?: string;
  role?: string;
  team?: string;
  from: string;
  to?: string;
}
