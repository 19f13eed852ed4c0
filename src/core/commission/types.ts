/**
 * Input and output of the commission engine. The engine is a pure function of this plain data:
 * the glue (credit after splits and FX, quotas, reps) is built elsewhere and passed in.
 * Money is bigint minor units of the plan currency; rates and exact amounts are strings.
 */
import type { IsoDate } from '../calendar.js';
import type { CalendarOptions, Period } from '../period.js';
import type { Problem } from '../../errors.js';
import type { Assignment, Plan } from './plan-types.js';

/** One rep's credit for one deal, after splits and currency conversion. */
export interface CreditLine {
  repId: string;
  dealId: string;
  closeDate: IsoDate;
  /** Credited amount in minor units of `currency` (negative for a reversal). */
  credited: bigint;
  /** Must equal the currency of the plan the deal falls under; a mismatch is refused. */
  currency: string;
  /** The rep's share of the deal as an exact decimal fraction ("0.5"); scales fixed per-deal SPIFFs. Default 1. */
  share?: string;
  dealType?: string;
  product?: string;
  custom?: Readonly<Record<string, string>>;
}

export interface RepInfo {
  repId: string;
  name: string;
  role?: string;
  team?: string;
  managerId?: string;
  /** Informational here: quotas are expected already prorated for hires and leavers. */
  hireDate?: IsoDate;
  endDate?: IsoDate;
}

/** A rep's quota for one measure and one measurement period, in minor units of the plan currency. */
export interface QuotaInput {
  repId: string;
  measure: string;
  /** Label of the measurement period as `periodOfDate` prints it: '2026-03', '2026-Q1', 'FY2027-Q1', '2026'. */
  period: string;
  amount: bigint;
}

export interface CalculateCommissionsOptions {
  /** The run: every measurement period of a plan that ENDS inside it is calculated. */
  period: Period;
  calendar: CalendarOptions;
  plans: readonly Plan[];
  assignments: readonly Assignment[];
  reps: readonly RepInfo[];
  /** Credit lines; year-to-date plans need those from the start of the (fiscal) year. */
  credits: readonly CreditLine[];
  quotas: readonly QuotaInput[];
  /** Only return lines of these reps (everyone is still calculated: managers need their teams). */
  repIds?: readonly string[];
  /**
   * Default true. false leaves `segments` empty (rate, amounts and notes stay): the band
   * breakdown is the costly part of a line, and bulk runs such as payroll exports do not print it.
   */
  withSegments?: boolean;
  /**
   * Default false. true leaves `lines` and `statements` empty; totals, derivations and warnings
   * are the same. A run that prints one row per rep needs no line objects, which are most of
   * the work and memory of a large run.
   */
  totalsOnly?: boolean;
}

export type CommissionKind = 'commission' | 'true-up' | 'cap' | 'spiff' | 'override';

/** One band of credit inside a line: which tier, how much credit, at what rate. */
export interface LineSegment {
  /** "tier 2", "below threshold", "beyond attainment cap", "curve 0.5→1.0" … */
  label: string;
  /** Running position where the band starts and ends (attainment fraction or money, exact text). */
  from: string;
  to: string;
  /** Credit in this band, major units, exact. */
  credited: string;
  /** Effective rate of the band (tier rate × multipliers), exact. */
  rate: string;
  /** What the band earns, major units, exact. */
  amount: string;
}

export interface CommissionLine {
  /** Label of the measurement period. */
  period: string;
  repId: string;
  name: string;
  /** Empty for period-level lines (true-up, payout cap, per-period SPIFF, override on commissions). */
  dealId: string;
  closeDate?: IsoDate;
  /** Component id, SPIFF id, or "override". */
  component: string;
  kind: CommissionKind;
  /** Credit the line is based on, minor units (override on commissions: the commissions). */
  credited: bigint;
  /** The rate, or the blended rate (amount ÷ credited) when bands differ; '' when none applies. */
  rate: string;
  segments: LineSegment[];
  /** Exact amount in major units before rounding ("123.4567"; a repeating fraction ends in "…"). */
  unrounded: string;
  /** Rounded amount in minor units: this is what is paid. */
  amount: bigint;
  currency: string;
  planId: string;
  planHash: string;
  note?: string;
}

/** Per rep and currency: what each kind of line adds up to. */
export interface CommissionRepTotal {
  repId: string;
  name: string;
  currency: string;
  commission: bigint;
  trueUp: bigint;
  cap: bigint;
  spiff: bigint;
  override: bigint;
  total: bigint;
  lines: number;
  /** The plans (ids and hashes) the lines come from, in the order of the lines. */
  planIds: string[];
  planHashes: string[];
}

export interface CommissionTotals {
  byRep: CommissionRepTotal[];
  byCurrency: { currency: string; total: bigint }[];
}

/** One rounding group: a rep's lines of one plan in one measurement period. */
export interface StatementRow {
  repId: string;
  planId: string;
  period: string;
  currency: string;
  point: 'line' | 'statement';
  mode: 'half-up' | 'half-even';
  /** Exact sum of the unrounded line amounts, major units. */
  exactTotal: string;
  /** Sum of the printed (rounded) lines, minor units. */
  total: bigint;
  /** Lines (indexes into `lines`) moved by one minor unit so the lines sum to the rounded total. */
  adjusted: { line: number; delta: bigint }[];
}

/** What a component's window looked like, for the explanation. */
export interface ComponentDerivation {
  repId: string;
  planId: string;
  period: string;
  component: string;
  kind: 'rate-schedule' | 'payout-curve';
  scope: Plan['tierScope'];
  windowStart: IsoDate;
  windowEnd: IsoDate;
  currency: string;
  deals: number;
  /** Credit of the window, minor units. */
  credited: bigint;
  /** Quota of the window (year-to-date: summed), minor units; absent when not needed. */
  quota?: bigint;
  /** Attainment at the end of the window, exact text. */
  attainment?: string;
  notes: string[];
}

export interface CommissionWarning extends Problem {
  repId?: string;
  dealIds?: string[];
}

export interface CommissionResult {
  lines: CommissionLine[];
  totals: CommissionTotals;
  statements: StatementRow[];
  derivations: ComponentDerivation[];
  warnings: CommissionWarning[];
}
