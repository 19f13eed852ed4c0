/** Per-rep and per-currency totals of commission lines (rounded amounts, minor units). */
import { checkSafe } from '../money.js';
import type { CommissionLine, CommissionRepTotal, CommissionTotals } from './types.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** What a total needs of a line. */
export type TotalLine = Pick<CommissionLine, 'repId' | 'name' | 'currency' | 'kind' | 'amount' | 'planId' | 'planHash'>;

/** Adds lines one at a time (so a run that prints only totals need not keep line objects). */
export class TotalsBuilder {
  // By rep, then currency; `rows` keeps the order in which each pair first appears.
  private readonly byRep = new Map<string, Map<string, CommissionRepTotal>>();
  private readonly rows: CommissionRepTotal[] = [];
  private readonly byCurrency = new Map<string, bigint>();

  add(line: TotalLine): void {
    let ofRep = this.byRep.get(line.repId);
    if (ofRep === undefined) {
      ofRep = new Map();
      this.byRep.set(line.repId, ofRep);
    }
    let row = ofRep.get(line.currency);
    if (row === undefined) {
      row = {
        repId: line.repId,
        name: line.name,
        currency: line.currency,
        commission: 0n,
        trueUp: 0n,
        cap: 0n,
        spiff: 0n,
        override: 0n,
        total: 0n,
        lines: 0,
        planIds: [],
        planHashes: [],
      };
      ofRep.set(line.currency, row);
      this.rows.push(row);
    }
    if (line.kind === 'commission') row.commission += line.amount;
    else if (line.kind === 'true-up') row.trueUp += line.amount;
    else if (line.kind === 'cap') row.cap += line.amount;
    else if (line.kind === 'spiff') row.spiff += line.amount;
    else row.override += line.amount;
    row.total += line.amount;
    row.lines += 1;
    if (!row.planIds.includes(line.planId)) row.planIds.push(line.planId);
    if (!row.planHashes.includes(line.planHash)) row.planHashes.push(line.planHash);
    if (row.total > MAX_SAFE || row.total < -MAX_SAFE) checkSafe(row.total, `commission total of rep ${line.repId}`);
    this.byCurrency.set(line.currency, (this.byCurrency.get(line.currency) ?? 0n) + line.amount);
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
  for (const line of lines) totals.add(line);
  return totals.result();
}
