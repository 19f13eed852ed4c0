/**
 * The SQL of `spm doctor`: one query per check. Each selects the offending records as
 * (file, line, id, detail); `countCheck` counts them and lists the first MAX_EXAMPLES by file
 * and line. Every value is a bound parameter.
 */
import type { CheckCountResult, DoctorCheckId, DoctorExample, PlanGap, StageCountRow } from '../core/doctor.js';
import { MAX_EXAMPLES } from '../core/doctor.js';
import type { RepInfo } from '../core/commission/types.js';
import type { Db } from './open.js';

/** The bound values the checks compare against. */
export interface DoctorQueryParams {
  asOf: string;
  baseCurrency: string;
  earliest: string;
  latest: string;
  quarterStart: string;
  quarterEnd: string;
  quarterLabel: string;
  /** Days each rep is on no plan; empty when no plans are configured (the check finds nothing). */
  planGaps: readonly PlanGap[];
}

export type SqlCheckId = Exclude<DoctorCheckId, 'stage-unmapped'>;

/** An exact percent text ("33.3333") as an integer of 10⁻⁹ percent (exact up to 9 decimals). */
const pctUnits = (p: string): string => `(
  CAST(CASE WHEN instr(${p}, '.') > 0 THEN substr(${p}, 1, instr(${p}, '.') - 1) ELSE ${p} END AS INTEGER) * 1000000000
  + CAST(substr(CASE WHEN instr(${p}, '.') > 0 THEN substr(${p}, instr(${p}, '.') + 1) ELSE '' END || '000000000', 1, 9) AS INTEGER))`;

/** Integer units of 10⁻⁹ back to decimal text: 90000000000 → '90'. */
const unitsText = (u: string): string => `((${u}) / 1000000000) || rtrim(rtrim('.' || printf('%09d', (${u}) % 1000000000), '0'), '.')`;

/** Text-typed ids that look like Excel wrote them: 1.23457E+15, or 16+ digits ending in zeros after the 15th. */
const mangled = (v: string): string =>
  `(${v} GLOB '*[0-9][Ee]+[0-9]*' OR (length(${v}) >= 16 AND ${v} NOT GLOB '*[^0-9]*' AND substr(${v}, 16) NOT GLOB '*[^0]*'))`;

const prov = 'source_file AS file, source_line AS line';

/** Per-connection scratch table of the plan gaps, indexed by rep (a JSON parameter has no index). */
const PLAN_GAPS = 'temp.doctor_plan_gaps';

const CHECK_SQL: Record<SqlCheckId, string> = {
  'deal-owner-unknown': `
    SELECT ${prov}, deal_id AS id,
      CASE WHEN owner IS NULL OR trim(owner) = '' THEN 'no owner' ELSE 'owner "' || owner || '"' END AS detail
    FROM deals WHERE owner_rep_id IS NULL`,
  'deal-won-without-close-date': `
    SELECT ${prov}, deal_id AS id, 'stage "' || stage || '"' AS detail FROM deals WHERE status = 'won' AND close_date IS NULL`,
  'deal-close-date-missing': `
    SELECT ${prov}, deal_id AS id, status AS detail FROM deals WHERE status IN ('open', 'lost') AND close_date IS NULL`,
  'deal-closed-before-created': `
    SELECT ${prov}, deal_id AS id, 'created ' || created_date || ', closed ' || close_date AS detail
    FROM deals WHERE close_date < created_date`,
  'date-implausible': `
    SELECT file, line, id, col || ' ' || d AS detail FROM (
      SELECT ${prov}, deal_id AS id, 'close_date' AS col, close_date AS d FROM deals
      UNION ALL SELECT ${prov}, deal_id, 'created_date', created_date FROM deals
      UNION ALL SELECT ${prov}, lead_id, 'created_date', created_date FROM leads
      UNION ALL SELECT ${prov}, lead_id, 'converted_date', converted_date FROM leads
      UNION ALL SELECT ${prov}, invoice_id, 'invoice_date', invoice_date FROM invoices
      UNION ALL SELECT ${prov}, invoice_id, 'due_date', due_date FROM invoices
      UNION ALL SELECT ${prov}, payment_id, 'paid_date', paid_date FROM payments
      UNION ALL SELECT ${prov}, rep_id, 'hire_date', hire_date FROM reps
      UNION ALL SELECT ${prov}, rep_id, 'end_date', end_date FROM reps
    ) WHERE d < @earliest OR d > @latest`,
  'deal-open-past-close-date': `
    SELECT ${prov}, deal_id AS id, 'expected close ' || close_date AS detail FROM deals WHERE status = 'open' AND close_date < @asOf`,
  'deal-duplicate': `
    WITH k AS MATERIALIZED (
      SELECT name, account, amount_minor, currency, close_date, min(deal_id) AS first_id FROM deals
      WHERE name IS NOT NULL AND close_date IS NOT NULL GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1)
    SELECT d.source_file AS file, d.source_line AS line, d.deal_id AS id, 'same as ' || k.first_id AS detail
    FROM deals d JOIN k ON d.name = k.name AND d.account IS k.account AND d.amount_minor IS k.amount_minor
      AND d.currency = k.currency AND d.close_date = k.close_date
    WHERE d.deal_id <> k.first_id`,
  'deal-amount-not-positive': `
    SELECT ${prov}, deal_id AS id,
      status || CASE WHEN amount_minor IS NULL THEN ', no amount' WHEN amount_minor = 0 THEN ', amount 0' ELSE ', negative amount' END AS detail
    FROM deals WHERE amount_minor < 0 OR (status <> 'lost' AND (amount_minor IS NULL OR amount_minor = 0))`,
  'invoice-amount-zero': `
    SELECT ${prov}, invoice_id AS id, NULL AS detail FROM invoices WHERE amount_minor = 0`,
  'split-total-not-100': `
    SELECT file, line, id, 'ordinary splits total ' || ${unitsText('total')} || '%' AS detail FROM (
      SELECT source_file AS file, min(source_line) AS line, deal_id AS id, sum(${pctUnits('percent')}) AS total
      FROM splits WHERE is_overlay = 0 AND deal_id IN (SELECT deal_id FROM deals) GROUP BY deal_id
    ) WHERE total <> 100000000000`,
  'split-deal-unknown': `
    SELECT ${prov}, deal_id AS id, 'rep "' || rep_ref || '"' AS detail
    FROM splits s WHERE NOT EXISTS (SELECT 1 FROM deals d WHERE d.deal_id = s.deal_id)`,
  'split-rep-unknown': `
    SELECT ${prov}, deal_id AS id, 'rep "' || rep_ref || '"' AS detail FROM splits WHERE rep_id IS NULL`,
  'quota-missing': `
    SELECT ${prov}, rep_id AS id, 'no quota in ' || @quarterLabel AS detail FROM reps r
    WHERE (hire_date IS NULL OR hire_date <= @asOf) AND (end_date IS NULL OR end_date >= @asOf)
      AND NOT EXISTS (
        SELECT 1 FROM quotas q WHERE q.period_start <= @quarterEnd AND q.period_end >= @quarterStart
          AND (q.rep_id = r.rep_id OR lower(trim(q.rep_id)) IN (lower(trim(r.name)), lower(trim(r.email)))))`,
  'fx-rate-missing': `
    SELECT file, line, id, currency || ' on ' || d AS detail FROM (
      SELECT ${prov}, deal_id AS id, currency, close_date AS d FROM deals WHERE currency <> @baseCurrency AND close_date IS NOT NULL
      UNION ALL SELECT ${prov}, rep_id || ' ' || period, currency, period_end FROM quotas WHERE currency <> @baseCurrency
      UNION ALL SELECT ${prov}, invoice_id, currency, invoice_date FROM invoices WHERE currency <> @baseCurrency
      UNION ALL SELECT ${prov}, payment_id, currency, paid_date FROM payments WHERE currency <> @baseCurrency
    ) x WHERE NOT EXISTS (SELECT 1 FROM fx_rates f WHERE f.currency = x.currency AND f.date <= x.d)`,
  'deal-owner-without-plan': `
    SELECT d.source_file AS file, d.source_line AS line, d.deal_id AS id, 'owner ' || d.owner_rep_id || ', closed ' || d.close_date AS detail
    FROM deals d JOIN ${PLAN_GAPS} g ON g.rep_id = d.owner_rep_id AND d.close_date BETWEEN g.gfrom AND g.gto
    WHERE d.status = 'won'`,
  'id-excel-mangled': `
    SELECT file, line, id, col AS detail FROM (
      SELECT ${prov}, deal_id AS id, 'deals.deal_id' AS col FROM deals
      UNION ALL SELECT ${prov}, deal_id, 'splits.deal_id' FROM splits
      UNION ALL SELECT ${prov}, rep_id, 'reps.rep_id' FROM reps
      UNION ALL SELECT ${prov}, lead_id, 'leads.lead_id' FROM leads
      UNION ALL SELECT ${prov}, deal_id, 'leads.deal_id' FROM leads WHERE deal_id IS NOT NULL
      UNION ALL SELECT ${prov}, invoice_id, 'invoices.invoice_id' FROM invoices
      UNION ALL SELECT ${prov}, deal_id, 'invoices.deal_id' FROM invoices WHERE deal_id IS NOT NULL
      UNION ALL SELECT ${prov}, payment_id, 'payments.payment_id' FROM payments
      UNION ALL SELECT ${prov}, invoice_id, 'payments.invoice_id' FROM payments WHERE invoice_id IS NOT NULL
    ) WHERE ${mangled('id')}`,
};

export const SQL_CHECK_IDS = Object.keys(CHECK_SQL).filter((k): k is SqlCheckId => k in CHECK_SQL);

interface ExampleSql {
  file: string;
  line: number;
  id: string | null;
  detail: string | null;
}

function bindings(p: DoctorQueryParams): Record<string, string> {
  return {
    asOf: p.asOf, baseCurrency: p.baseCurrency, earliest: p.earliest, latest: p.latest,
    quarterStart: p.quarterStart, quarterEnd: p.quarterEnd, quarterLabel: p.quarterLabel,
  };
}

/**
 * Runs one check: the number of offending records, then (only when there are any) the first
 * few by file and line — a bounded top-N sort, cheaper than ordering every match.
 */
export function countCheck(db: Db, id: SqlCheckId, params: DoctorQueryParams): CheckCountResult {
  if (id === 'deal-owner-without-plan') writePlanGaps(db, params.planGaps);
  try {
    const sql = CHECK_SQL[id];
    const values = bindings(params);
    const count = Number(db.prepare(`SELECT count(*) FROM (${sql})`).pluck().get(values));
    if (count === 0) return { count, examples: [] };
    const rows = db.prepare(`SELECT file, line, id, detail FROM (${sql}) ORDER BY file, line, id LIMIT ${MAX_EXAMPLES}`).all(values) as ExampleSql[];
    return { count, examples: rows.map((r): DoctorExample => ({ file: r.file, line: r.line, id: r.id ?? '', detail: r.detail })) };
  } finally {
    if (id === 'deal-owner-without-plan') db.exec(`DROP TABLE IF EXISTS ${PLAN_GAPS}`);
  }
}

function writePlanGaps(db: Db, gaps: readonly PlanGap[]): void {
  db.exec(`DROP TABLE IF EXISTS ${PLAN_GAPS};
    CREATE TABLE ${PLAN_GAPS} (rep_id TEXT NOT NULL, gfrom TEXT NOT NULL, gto TEXT NOT NULL);
    CREATE INDEX temp.doctor_plan_gaps_rep ON doctor_plan_gaps (rep_id, gfrom);`);
  const insert = db.prepare(`INSERT INTO ${PLAN_GAPS} VALUES (?, ?, ?)`);
  db.transaction(() => {
    for (const g of gaps) insert.run(g.repId, g.from, g.to);
  })();
}

/** Deals per stage name, each with its first record (the stage-unmapped check filters them). */
export function stageCounts(db: Db): StageCountRow[] {
  return db
    .prepare('SELECT stage, count(*) AS count, source_file AS file, min(source_line) AS line FROM deals GROUP BY stage ORDER BY stage')
    .all() as StageCountRow[];
}

interface PlanRepSql {
  rep_id: string;
  name: string | null;
  role: string | null;
  team: string | null;
}

/** The reps as plan assignments see them (id, role, team). */
export function loadPlanReps(db: Db): RepInfo[] {
  const rows = db.prepare('SELECT rep_id, name, role, team FROM reps ORDER BY rep_id').all() as PlanRepSql[];
  return rows.map((r) => ({
    repId: r.rep_id, name: r.name ?? r.rep_id,
    ...(r.role === null ? {} : { role: r.role }), ...(r.team === null ? {} : { team: r.team }),
  }));
}
