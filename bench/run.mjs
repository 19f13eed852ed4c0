// npm run bench: spm against the sqlite3 CLI on the same 1,000,000-row export, paired runs.
// Usage: npm run bench [-- --rows N --runs K]
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { ensureBenchFiles, hasSqlite3, median, OUT, removeDb, spmArgs, timed, timeWrapped } from './lib.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const rows = opt('--rows', 1_000_000);
const runs = opt('--runs', 3);

if (!hasSqlite3()) {
  console.error('npm run bench needs the sqlite3 command-line shell: apt-get install sqlite3');
  process.exit(2);
}

const { file, reps, bytes } = await ensureBenchFiles(rows);
const results = { rows, bytes, runs, import: [], sqlite: [] };
const db = join(OUT, 'bench.db');
const sdb = join(OUT, 'sqlite3.db');

for (let i = 0; i < runs; i++) {
  removeDb(sdb);
  const [c, a] = timeWrapped('sqlite3', [sdb, '.mode csv', `.import '${file}' opportunities`]);
  const s = await timed(c, a);
  results.sqlite.push({ seconds: s.seconds, rssKb: s.rssKb });

  removeDb(db);
  const r0 = await timed(process.execPath, spmArgs('--db', db, '-q', 'import', 'reps', reps));
  if (r0.code !== 0) throw new Error(`reps import failed: ${r0.stderr}`);
  const r = await timed(process.execPath, spmArgs('--db', db, '-q', 'import', 'deals', file, '--as-of', '2026-01-01'));
  if (r.code !== 0) throw new Error(`deals import failed: ${r.stderr}`);
  results.import.push({ seconds: r.seconds, rssKb: r.rssKb });
  process.stderr.write(`run ${i + 1}/${runs}: sqlite3 .import ${s.seconds.toFixed(2)} s, spm import ${r.seconds.toFixed(2)} s (${Math.round((r.rssKb ?? 0) / 1024)} MB peak)\n`);
}

const ratio = median(results.import.map((r, i) => r.seconds / results.sqlite[i].seconds));
const rowsPerSec = rows / median(results.import.map((r) => r.seconds));
const lines = [
  `| ${rows.toLocaleString('en-US')}-row export (${(bytes / 1e6).toFixed(0)} MB) | median wall | peak RSS |`,
  '|---|---|---|',
  `| sqlite3 .import (no validation) | ${median(results.sqlite.map((r) => r.seconds)).toFixed(2)} s | ${results.sqlite[0].rssKb ? `${Math.round(median(results.sqlite.map((r) => r.rssKb)) / 1024)} MB` : 'n/a'} |`,
  `| spm import deals (full validation, upsert, snapshots) | ${median(results.import.map((r) => r.seconds)).toFixed(2)} s (${Math.round(rowsPerSec).toLocaleString('en-US')} rows/s) | ${Math.round(median(results.import.map((r) => r.rssKb ?? 0)) / 1024)} MB |`,
  `| paired ratio spm / sqlite3 | ${ratio.toFixed(2)}× | |`,
];

const extra = await import('./reports.mjs').then((m) => m.benchReports({ db, sdb, runs })).catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') return [];
  throw err;
});
console.log([...lines, ...extra].join('\n'));
writeFileSync(join(OUT, 'results.json'), JSON.stringify(results, null, 2));
