// Report benchmarks over the 1M-deal database that bench/run.mjs leaves behind:
// attainment and metrics against the equivalent hand-written GROUP BY run by the sqlite3 CLI,
// and a year of monthly commission runs against one full scan of the deals table.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchOwners } from '../dist/demo/bench-export.js';
import { median, OUT, spmArgs, timed } from './lib.mjs';

const ATTAINMENT_SQL = `SELECT owner_rep_id, SUM(amount_minor), COUNT(*) FROM deals
  WHERE status = 'won' AND close_date BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY owner_rep_id;`;
const METRICS_SQL = `SELECT owner_rep_id, SUM(status = 'won'), SUM(status = 'lost'),
  SUM(CASE WHEN status = 'won' THEN amount_minor END), SUM(CASE WHEN status = 'lost' THEN amount_minor END),
  AVG(CASE WHEN status = 'won' THEN julianday(close_date) - julianday(created_date) END),
  SUM(CASE WHEN status = 'open' THEN amount_minor END)
  FROM deals WHERE close_date BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY owner_rep_id;`;
const SCAN_SQL = 'SELECT COUNT(*), SUM(amount_minor), MIN(close_date), MAX(close_date) FROM deals;';

async function paired(name, runs, spmCmd, sqliteArgs) {
  const spm = [];
  const sql = [];
  for (let i = 0; i < runs; i++) {
    const s = await timed('sqlite3', sqliteArgs);
    sql.push(s.seconds);
    let total = 0;
    for (const args of spmCmd) {
      const r = await timed(process.execPath, spmArgs(...args));
      if (r.code !== 0 && r.code !== 1) throw new Error(`${name} failed: ${r.stderr}`);
      total += r.seconds;
    }
    spm.push(total);
  }
  const ratio = median(spm.map((t, i) => t / sql[i]));
  return `| ${name} | ${median(spm).toFixed(2)} s | ${median(sql).toFixed(2)} s | ${ratio.toFixed(2)}× |`;
}

export async function benchReports({ db, runs }) {
  // Quotas and a tiered plan for every bench rep, imported once into the bench database.
  const owners = benchOwners(1);
  const quotas = join(OUT, 'bench-quotas.csv');
  writeFileSync(quotas, ['rep_id,period,amount,currency', ...owners.flatMap((o) => ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'].map((q) => `${o.repId},${q},1250000.00,USD`))].join('\n') + '\n');
  const q = await timed(process.execPath, spmArgs('--db', db, '-q', 'import', 'quotas', quotas));
  if (q.code !== 0) throw new Error(q.stderr);
  const config = join(OUT, 'bench.config.json');
  writeFileSync(config, JSON.stringify({
    plans: [{
      id: 'bench-ae', name: 'Bench AE', currency: 'USD', measurementPeriod: 'month',
      components: [{ id: 'bookings', rateSchedule: { kind: 'marginal', tierBasis: 'attainment', tiers: [
        { from: '0', to: '0.5', rate: '0.04' }, { from: '0.5', to: '1', rate: '0.08' }, { from: '1', rate: '0.12' }] } }],
    }],
    assignments: [{ plan: 'bench-ae', role: 'AE', from: '2020-01-01' }],
  }, null, 2));
  const base = ['--db', db, '--config', config, '-q', '--format', 'csv'];
  const rows = [
    '',
    '| report over 1M deals (year 2025) | spm | sqlite3 CLI | paired ratio |',
    '|---|---|---|---|',
    await paired('attainment by rep vs GROUP BY', runs, [[...base, 'report', 'attainment', '--period', '2025']], [db, ATTAINMENT_SQL]),
    await paired('metrics by rep vs GROUP BY', runs, [[...base, 'report', 'metrics', '--period', '2025', '--by', 'rep']], [db, METRICS_SQL]),
    // One run over the year pays the plan's 12 monthly measurement periods.
    await paired('commission for 2025 (12 monthly periods) vs one full scan', runs, [[...base, 'report', 'commission', '--period', '2025']], [db, SCAN_SQL]),
  ];
  return rows;
}
