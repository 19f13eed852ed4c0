/**
 * `spm doctor`: the data-quality checks — each with its severity and the fix — and how the
 * findings are assembled from what the database counted (db/doctor-queries.ts holds the SQL).
 * Pure: the as-of date, the stage rules and the plan assignments are passed in.
 */
import { addDays, addMonths, compareDates, type IsoDate } from './calendar.js';
import { type PlanSpan, planSpans } from './commission/assignments.js';
import type { Assignment } from './commission/plan-types.js';
import type { RepInfo } from './commission/types.js';
import { type Period, periodOfDate } from './period.js';
import { UsageError } from '../errors.js';

export type DoctorSeverity = 'error' | 'warning' | 'info';

/** Report order: errors first. */
export const SEVERITIES: readonly DoctorSeverity[] = ['error', 'warning', 'info'];

export type DoctorCheckId =
  | 'deal-owner-unknown'
  | 'deal-won-without-close-date'
  | 'deal-close-date-missing'
  | 'deal-closed-before-created'
  | 'date-implausible'
  | 'deal-open-past-close-date'
  | 'deal-duplicate'
  | 'deal-amount-not-positive'
  | 'invoice-amount-zero'
  | 'split-total-not-100'
  | 'split-deal-unknown'
  | 'split-rep-unknown'
  | 'quota-missing'
  | 'fx-rate-missing'
  | 'stage-unmapped'
  | 'deal-owner-without-plan'
  | 'id-excel-mangled';

export interface DoctorCheck {
  id: DoctorCheckId;
  severity: DoctorSeverity;
  fix: string;
}

const check = (id: DoctorCheckId, severity: DoctorSeverity, fix: string): DoctorCheck => ({ id, severity, fix });

export const DOCTOR_CHECKS: readonly DoctorCheck[] = [
  check('deal-owner-unknown', 'error',
    'import the missing reps (`spm import reps`) or make the owner a rep_id, email or unique full name; these deals credit no rep'),
  check('deal-won-without-close-date', 'error',
    'fill in the close date in the CRM and re-import; a won deal is credited in the period it closed'),
  check('deal-close-date-missing', 'warning',
    'fill in the (expected) close date; open deals without one are left out of pipeline, lost ones out of win rates'),
  check('deal-closed-before-created', 'warning',
    'check both dates in the CRM (often a migrated or back-dated record); sales-cycle figures skip these deals'),
  check('date-implausible', 'warning',
    'check the date in the source file: years before 1990 or over 10 years after the as-of date usually come from a two-digit year, a swapped day/month or an Excel serial; fix and re-import (or pass --date-format)'),
  check('deal-open-past-close-date', 'warning',
    'update the expected close date, or mark the deal won or lost in the CRM, and re-import; stale dates distort pipeline and forecasts'),
  check('deal-duplicate', 'warning',
    'merge or delete the duplicate in the CRM and re-import; until then both ids are counted and credited'),
  check('deal-amount-not-positive', 'warning',
    'fill in the amount (lost deals are not checked); refunds belong in invoices as credit notes, not as negative deals'),
  check('invoice-amount-zero', 'warning',
    'remove void or draft invoices from the export, or fix the amount; they credit nothing'),
  check('split-total-not-100', 'error',
    'make the ordinary split percentages of each deal add up to 100 (mark overlays with role "overlay"); until then the deal is credited by the percentages as given'),
  check('split-deal-unknown', 'error',
    'import the deal, or correct the deal_id in the splits file; these split rows credit nobody'),
  check('split-rep-unknown', 'error',
    'import the rep, or write the split rep as a rep_id, email or unique full name; this share of credit goes to no rep'),
  check('quota-missing', 'warning',
    'import a quota covering the current quarter for each of these reps (`spm import quotas`); attainment shows them without one'),
  check('fx-rate-missing', 'error',
    'import a rate to the base currency dated on or before each record (`spm import fx-rates`); these records are left out of reports, never converted at 1.0'),
  check('stage-unmapped', 'warning',
    'add the stage to "stages" in spm.config.json with its status (open, won or lost) and probability; until then the status is guessed from the name'),
  check('deal-owner-without-plan', 'warning',
    'add a plan assignment (config "assignments") covering the owner on the close date; these deals earn no commission'),
  check('id-excel-mangled', 'warning',
    're-export the file from the source system without opening it in Excel, or format the id column as text; Excel keeps 15 digits and writes long numbers as 1.23E+15'),
];

/** One offending record (for stage-unmapped: one stage name) and where it came from. */
export interface DoctorExample {
  file: string;
  line: number;
  id: string;
  detail: string | null;
}

/** What one check counted: records affected and up to MAX_EXAMPLES of them. */
export interface CheckCountResult {
  count: number;
  examples: DoctorExample[];
  /** How many examples exist in all, when they are not records (stage names); default `count`. */
  exampleTotal?: number;
}

export interface DoctorFinding extends DoctorCheck, CheckCountResult {}

export const MAX_EXAMPLES = 5;
export const EARLIEST_PLAUSIBLE: IsoDate = '1990-01-01';
const PLAUSIBLE_YEARS_AHEAD = 10;

/** The dates the checks compare against. */
export interface DoctorWindow {
  asOf: IsoDate;
  /** Dates before this are implausible. */
  earliest: IsoDate;
  /** Dates after this (as-of + 10 years) are implausible. */
  latest: IsoDate;
  /** The (fiscal) quarter containing the as-of date: active reps need a quota in it. */
  quarter: Period;
}

export function doctorWindow(asOf: IsoDate, fiscalYearStartMonth: number): DoctorWindow {
  let latest: IsoDate;
  try {
    latest = addMonths(asOf, 12 * PLAUSIBLE_YEARS_AHEAD);
  } catch {
    latest = '9999-12-31';
  }
  return { asOf, earliest: EARLIEST_PLAUSIBLE, latest, quarter: periodOfDate(asOf, 'quarter', { fiscalYearStartMonth }) };
}

/** Every check, counted or not (an uncounted check found nothing), errors first, then by id. */
export function assembleFindings(counts: ReadonlyMap<DoctorCheckId, CheckCountResult>): DoctorFinding[] {
  const findings = DOCTOR_CHECKS.map((c): DoctorFinding => ({ ...c, ...(counts.get(c.id) ?? { count: 0, examples: [] }) }));
  return findings.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function hasErrorFindings(findings: readonly DoctorFinding[]): boolean {
  return findings.some((f) => f.severity === 'error' && f.count > 0);
}

/** `deals.csv:12 (D-17), deals.csv:40 (D-22: owner "Zed") and 3 more` */
export function examplesText(finding: CheckCountResult): string {
  const listed = finding.examples.map((e) => `${e.file}:${e.line} (${e.detail === null ? e.id : `${e.id}: ${e.detail}`})`);
  const more = (finding.exampleTotal ?? finding.count) - finding.examples.length;
  return listed.join(', ') + (more > 0 ? ` and ${more} more` : '');
}

/** The one-line summary for stderr. */
export function doctorSummary(findings: readonly DoctorFinding[]): string {
  const failing = (s: DoctorSeverity): number => findings.filter((f) => f.severity === s && f.count > 0).length;
  const [errors, warnings, infos] = SEVERITIES.map(failing);
  if (errors === 0 && warnings === 0 && infos === 0) return `doctor: all ${findings.length} checks passed`;
  const records = findings.reduce((sum, f) => sum + f.count, 0);
  const parts = [`${errors} with errors`, `${warnings} with warnings`, ...(infos ? [`${infos} with notes`] : [])];
  return `doctor: ${findings.length} checks, ${parts.join(', ')} (${records} records in all)`;
}

// ---- stage-unmapped: stage names no rule names ------------------------------------------------

/** Deals per stage name, with the first record of each. */
export interface StageCountRow {
  stage: string;
  count: number;
  file: string;
  line: number;
}

/** Anything that tells whether a rule names a stage (config/stages.ts `makeStageLookup`). */
export interface StageNames {
  find(stage: string): unknown;
}

/** Count = deals with an unmapped stage; examples = the stage names, most deals first. */
export function unmappedStages(rows: readonly StageCountRow[], stages: StageNames): CheckCountResult {
  const unmapped = rows.filter((r) => stages.find(r.stage) === undefined).sort((a, b) => b.count - a.count || (a.stage < b.stage ? -1 : 1));
  return {
    count: unmapped.reduce((sum, r) => sum + r.count, 0),
    exampleTotal: unmapped.length,
    examples: unmapped.slice(0, MAX_EXAMPLES).map((r) => ({ file: r.file, line: r.line, id: `"${r.stage}"`, detail: `${r.count} deal${r.count === 1 ? '' : 's'}` })),
  };
}

// ---- deal-owner-without-plan: days a rep is on no plan ----------------------------------------

/** An inclusive range of days on which a rep has no plan assignment. */
export interface PlanGap {
  repId: string;
  from: IsoDate;
  to: IsoDate;
}

export interface PlanGapsResult {
  gaps: PlanGap[];
  /** Reps whose assignments overlap ambiguously (`spm plan validate` reports them): not checked. */
  ambiguous: string[];
}

const FIRST_DAY: IsoDate = '0001-01-01';
const LAST_DAY: IsoDate = '9999-12-31';

/** Per rep, the days outside every plan span (plan resolution of commission/assignments.ts). */
export function planGaps(reps: readonly RepInfo[], assignments: readonly Assignment[]): PlanGapsResult {
  const out: PlanGapsResult = { gaps: [], ambiguous: [] };
  for (const rep of reps) {
    let spans: PlanSpan[];
    try {
      spans = planSpans(rep, assignments, FIRST_DAY, LAST_DAY);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      out.ambiguous.push(rep.repId);
      continue;
    }
    let cursor: IsoDate | undefined = FIRST_DAY;
    for (const span of spans) {
      if (cursor !== undefined && compareDates(cursor, span.from) < 0) out.gaps.push({ repId: rep.repId, from: cursor, to: addDays(span.from, -1) });
      cursor = span.to === LAST_DAY ? undefined : addDays(span.to, 1);
    }
    if (cursor !== undefined) out.gaps.push({ repId: rep.repId, from: cursor, to: LAST_DAY });
  }
  return out;
}
