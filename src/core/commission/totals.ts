/** Per-rep and per-currency totals of commission lines (rounded amounts, minor units). */
import { checkSafe } from '../money.js';
import type { CommissionKind, CommissionLine, CommissionRepTotal, CommissionTotals } from './types.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** What a total needs of a line. */
export type TotalLine = Pick<CommissionLine, 'repId' | 'name' | 'currency' | 'kind' | 'amount' | 'planId' | 'planHash'>;

/** Adds lines one at a time (so a run that prints only totals need not keep line objects). */
export class TotalsBuilder {
  // By rep, then currency; `rows` keeps the order in which each pair first appears.
  private readonly byRep = new Map<string, Map<string, CommissionRepTotal>>();
  private readonly rows: CommissionRepTotal[] = [];
  private readonly byCurrency = new Map<string, bigint>();

  add(repId: string, name: string, currency: string, kind: CommissionKind, amount: bigint, planId: string, planHash: string): void {
    this.addStatement(repId, name, currency, [kind], [amount], planId, planHash);
  }

  /**
   * add for each line of one statement (one rep, currency and plan), in order: the same totals,
   * the same overflow check after every line, with the row looked up once.
   */
  addStatement(repId: string, name: string, currency: string, kinds: readonly CommissionKind[], amounts: readonly bigint[], planId: string, planHash: string): void {
    if (amounts.length === 0) return;
    const row = this.rowOf(repId, name, currency);
    if (!row.planIds.includes(planId)) row.planIds.push(planId);
    if (!row.planHashes.includes(planHash)) row.planHashes.push(planHash);
    let sum = 0n;
    for (let i = 0; i < amounts.length; i++) {
      const amount = amounts[i] ?? 0n;
      const kind = kinds[i] ?? 'commission';
      if (kind === 'commission') row.commission += amount;
      else if (kind === 'true-up') row.trueUp += amount;
      else if (kind === 'cap') row.cap += amount;
      else if (kind === 'spiff') row.spiff += amount;
      else row.override += amount;
      row.total += amount;
      row.lines += 1;
      if (row.total > MAX_SAFE || row.total < -MAX_SAFE) checkSafe(row.total, `commission total of rep ${repId}`);
      sum += amount;
    }
    this.byCurrency.set(currency, (this.byCurrency.get(currency) ?? 0n) + sum);
  }

  private rowOf(repId: string, name: string, currency: string): CommissionRepTotal {
    let ofRep = this.byRep.get(repId);
    if (ofRep === undefined) {
      ofRep = new Map();
      this.byRep.set(repId, ofRep);
    }
    let row = ofRep.get(currency);
    if (row === undefined) {
      row = { repId, name, currency, commission: 0n, trueUp: 0n, cap: 0n, spiff: 0n, override: 0n, total: 0n, lines: 0, planIds: [], planHashes: [] };
      ofRep.set(currency, row);
      this.rows.push(row);
    }
    return row;
  }

  result(): CommissionTotals {
    return {
      byRep: this.rows,
      byCurrency: [...this.byCurrency].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([currency, total]) => ({ currency, total })),
    };
  }
}

export function totalsOf(lines: readonly TotalLine[]): CommissionTotals {
  const totals = new TotalsBuilder();
  for (const l of lines) totals.add(l.repId, l.name, l.currency, l.kind, l.amount, l.planId, l.planHash);
  return totals.result();
}
