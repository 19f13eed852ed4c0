/**
 * `spm payout explain`: the derivation of one rep's commissions, step by step, in plain text
 * lines — the window and quota of every component, every deal's bands with credit × rate,
 * caps, true-ups, SPIFFs, overrides, rounding and the total. Built only from a
 * CommissionResult, so what is explained is exactly what was calculated.
 */
import { minorToDecimalString } from '../money.js';
import type { CommissionLine, CommissionResult, ComponentDerivation, StatementRow } from './types.js';

export interface ExplainOptions {
  /** Only the lines of this deal (the component summaries and totals are still shown). */
  dealId?: string;
}

function money(minor: bigint, currency: string): string {
  return `${minorToDecimalString(minor, currency)} ${currency}`;
}

const SCOPE_TEXT: Record<ComponentDerivation['scope'], string> = {
  'per-deal': 'each deal on its own',
  'period-to-date': 'the running total of the period',
  'year-to-date': 'the running total of the year, earlier periods trued up',
};

function lineText(line: CommissionLine): string[] {
  const where = line.dealId ? `deal ${line.dealId}${line.closeDate ? ` (closed ${line.closeDate})` : ''}` : 'period';
  const credited = money(line.credited, line.currency);
  const paid = money(line.amount, line.currency);
  switch (line.kind) {
    case 'commission': {
      const out = [`  ${where}: credited ${credited}`];
      for (const s of line.segments) {
        out.push(`    ${s.label}: ${s.from} → ${s.to}, credit ${s.credited} × rate ${s.rate} = ${s.amount}`);
      }
      out.push(`    = ${line.unrounded} → ${paid}${line.rate ? ` (rate ${line.rate})` : ''}`);
      return out;
    }
    case 'cap':
      return [`  ${where}: cap — ${line.note ?? ''}: ${line.unrounded} → ${paid}`];
    case 'true-up':
      return [`  true-up: ${line.note ?? ''}; earlier credit ${credited}: ${line.unrounded} → ${paid}`];
    case 'spiff':
      return [`  SPIFF ${line.component}, ${where}: ${line.note ?? ''}${line.rate ? `, ${credited} × ${line.rate}` : ''} = ${line.unrounded} → ${paid}`];
    case 'override':
      return [`  override, ${where}: ${line.note ?? ''} × rate ${line.rate} = ${line.unrounded} → ${paid}`];
  }
}

function statementText(statement: StatementRow, lines: readonly CommissionLine[]): string[] {
  const how = statement.point === 'statement' ? 'the exact total is rounded once' : 'every line is rounded on its own';
  const out = [`  rounding ${statement.mode}, ${how}: exact total ${statement.exactTotal} ${statement.currency}; printed lines add up to ${money(statement.total, statement.currency)}`];
  for (const a of statement.adjusted) {
    const line = lines[a.line];
    const sign = a.delta > 0n ? '+' : '-';
    const unit = money(a.delta > 0n ? a.delta : -a.delta, statement.currency);
    out.push(`    ${sign}${unit} on ${line?.dealId ? `deal ${line.dealId}` : `the ${line?.kind ?? ''} line`} (${line?.component ?? ''}) so the lines add up to the rounded total`);
  }
  return out;
}

export function explainCommissions(result: CommissionResult, repId: string, options: ExplainOptions = {}): string[] {
  const lines = result.lines;
  const own = lines.map((line, index) => ({ line, index })).filter((x) => x.line.repId === repId);
  const name = own[0]?.line.name ?? repId;
  const out: string[] = [`Commissions of ${name} (${repId})`, 'Deals are processed by close date, then deal id; running totals follow that order.'];
  const statements = result.statements.filter((s) => s.repId === repId);
  for (const statement of statements) {
    const first = own.find((x) => x.line.planId === statement.planId && x.line.period === statement.period)?.line;
    out.push('', `${statement.period} — plan ${statement.planId} (version ${first?.planHash ?? '?'}), ${statement.currency}`);
    const derivations = result.derivations.filter((d) => d.repId === repId && d.planId === statement.planId && d.period === statement.period);
    const groupLines = own.filter((x) => x.line.planId === statement.planId && x.line.period === statement.period);
    const components = [...new Set([...derivations.map((d) => d.component), ...groupLines.map((x) => x.line.component)])];
    for (const component of components) {
      const d = derivations.find((x) => x.component === component);
      if (d !== undefined) {
        const quota = d.quota === undefined ? '' : `, quota ${money(d.quota, d.currency)}, attainment ${d.attainment ?? '?'}`;
        out.push(`Component ${component} (${d.kind}), tiers on ${SCOPE_TEXT[d.scope]}: ${d.windowStart}..${d.windowEnd}, ${d.deals} deal(s), credited ${money(d.credited, d.currency)}${quota}`);
        for (const note of d.notes) out.push(`  note: ${note}`);
      } else {
        out.push(component === 'override' ? 'Manager override' : `SPIFF ${component}`);
      }
      for (const { line } of groupLines) {
        if (line.component !== component) continue;
        if (options.dealId !== undefined && line.dealId !== options.dealId) continue;
        out.push(...lineText(line));
      }
    }
    out.push(...statementText(statement, lines));
  }
  for (const total of result.totals.byRep.filter((t) => t.repId === repId)) {
    const parts = [
      `commission ${money(total.commission, total.currency)}`,
      `true-ups ${money(total.trueUp, total.currency)}`,
      `caps ${money(total.cap, total.currency)}`,
      `SPIFFs ${money(total.spiff, total.currency)}`,
      `overrides ${money(total.override, total.currency)}`,
    ];
    out.push('', `Total ${money(total.total, total.currency)} = ${parts.join(' + ')}`);
  }
  if (own.length === 0) out.push('', 'No commission lines for this rep in this period.');
  for (const w of result.warnings.filter((x) => x.repId === repId)) out.push(`warning: ${w.message}`);
  return out;
}
