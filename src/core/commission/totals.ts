/** Per-rep and per-currency totals of commission lines (rounded amounts, minor units). */
import { checkSafe } from '../money.js';
import type { CommissionLine, CommissionRepTotal, CommissionTotals } from './types.js';

export function totalsOf(lines: readonly CommissionLine[]): CommissionTotals {
  const byRep = new Map<string, CommissionRepTotal>();
  const byCurrency = new Map<string, bigint>();
  for (const line of lines) {
    const key = JSON.stringify([line.repId, line.currency]);
    const row = byRep.get(key) ?? {
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
    };
    if (line.kind === 'commission') row.commission += line.amount;
    else if (line.kind === 'true-up') row.trueUp += line.amount;
    else if (line.kind === 'cap') row.cap += line.amount;
    else if (line.kind === 'spiff') row.spiff += line.amount;
    else row.override += line.amount;
    row.total += line.amount;
    row.lines += 1;
    checkSafe(row.total, `commission total of rep ${line.repId}`);
    byRep.set(key, row);
    byCurrency.set(line.currency, (byCurrency.get(line.currency) ?? 0n) + line.amount);
  }
  return {
    byRep: [...byRep.values()],
    byCurrency: [...byCurrency].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([currency, total]) => ({ currency, total })),
  };
}
