/**
 * `spm doctor`: runs every data-quality check against the database and reports each with its
 * severity, count, examples (file:line) and fix. Exit 1 when any error-level check finds records.
 */
import { isAbsolute, relative } from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { makeStageLookup } from '../config/stages.js';
import {
  type CheckCountResult, type DoctorCheckId, type DoctorFinding, assembleFindings, doctorSummary, doctorWindow,
  examplesText, hasErrorFindings, planGaps, unmappedStages,
} from '../core/doctor.js';
import { countCheck, loadPlanReps, SQL_CHECK_IDS, stageCounts } from '../db/doctor-queries.js';
import { type Db, openDb } from '../db/open.js';
import { EXIT } from '../errors.js';
import type { Report } from '../render/index.js';

export interface DoctorResult {
  report: Report;
  findings: DoctorFinding[];
  hasErrors: boolean;
}

export function runDoctor(ctx: CommandContext): void {
  const db = openDb({ path: ctx.dbPath, busyTimeoutMs: ctx.config.busyTimeoutMs, create: false });
  try {
    const result = doctorReport(ctx, db);
    ctx.emit(result.report);
    ctx.log.info(doctorSummary(result.findings));
    if (result.hasErrors) process.exitCode = EXIT.problems;
  } finally {
    db.close();
  }
}

export function doctorReport(ctx: CommandContext, db: Db): DoctorResult {
  const { config } = ctx;
  const window = doctorWindow(ctx.asOf, config.fiscalYearStartMonth);
  const plansConfigured = config.plans.length > 0 || config.assignments.length > 0;
  const plan = plansConfigured ? planGaps(loadPlanReps(db), config.assignments) : { gaps: [], ambiguous: [] };
  const params = {
    asOf: ctx.asOf, baseCurrency: config.baseCurrency, earliest: window.earliest, latest: window.latest,
    quarterStart: window.quarter.start, quarterEnd: window.quarter.end, quarterLabel: window.quarter.label, planGaps: plan.gaps,
  };
  const counts = new Map<DoctorCheckId, CheckCountResult>(SQL_CHECK_IDS.map((id) => [id, countCheck(db, id, params)]));
  counts.set('stage-unmapped', unmappedStages(stageCounts(db), makeStageLookup(config.stages)));
  const findings = assembleFindings(counts).map((f) => ({ ...f, examples: f.examples.map((e) => ({ ...e, file: shownPath(ctx.cwd, e.file) })) }));

  const notes = [
    `Checked as of ${ctx.asOf}: quotas for ${window.quarter.label} (${window.quarter.start}..${window.quarter.end}), plausible dates ${window.earliest}..${window.latest}, FX to ${config.baseCurrency}.`,
    'Examples: up to 5 records per check as file:line (id: detail), from the files they were imported from.',
  ];
  if (!plansConfigured) notes.push('deal-owner-without-plan: not checked, no plans or assignments are configured.');
  const warnings = plan.ambiguous.length === 0
    ? []
    : [`plan assignments overlap for ${plan.ambiguous.join(', ')}: their deals are not checked for a plan; run \`spm plan validate\``];
  const report: Report = {
    command: 'doctor',
    title: `Data-quality checks of ${ctx.dbPath} as of ${ctx.asOf}`,
    params: { db: ctx.dbPath, as_of: ctx.asOf, base_currency: config.baseCurrency, quarter: window.quarter.label },
    columns: [
      { key: 'check', label: 'Check', type: 'id' },
      { key: 'severity', label: 'Severity', type: 'text' },
      { key: 'count', label: 'Count', type: 'int' },
      { key: 'examples', label: 'Examples', type: 'text' },
      { key: 'fix', label: 'Fix', type: 'text' },
    ],
    rows: findings.map((f) => ({ check: f.id, severity: f.severity, count: f.count, examples: examplesText(f), fix: f.fix })),
    notes,
    warnings,
  };
  return { report, findings, hasErrors: hasErrorFindings(findings) };
}

/** An absolute source path under the working directory is shown relative to it; others as stored. */
function shownPath(cwd: string, file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}
