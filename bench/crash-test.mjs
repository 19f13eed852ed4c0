// npm run test:crash: kill -9 at random moments during a 1,000,000-row import, 20+ trials.
// After every kill the database must pass integrity_check and hold either none or all of the
// file (never part). Then two imports started at the same moment must both succeed.
// Usage: npm run test:crash [-- --rows N --trials K]
import { spawn } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BIN, ensureBenchFiles, OUT, removeDb, timed } from './lib.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const rows = opt('--rows', 1_000_000);
const trials = opt('--trials', 20);
const { file, reps } = await ensureBenchFiles(rows);
const base = join(OUT, 'crash-base.db');
const db = join(OUT, 'crash.db');

function state(path) {
  const d = new Database(path, { readonly: true });
  try {
    return {
      integrity: d.pragma('integrity_check', { simple: true }),
      deals: d.prepare('SELECT COUNT(*) FROM deals').pluck().get(),
      snapshots: d.prepare('SELECT COUNT(*) FROM deal_snapshots').pluck().get(),
      imports: d.prepare("SELECT COUNT(*) FROM import_log WHERE entity = 'deals'").pluck().get(),
    };
  } finally {
    d.close();
  }
}

removeDb(base);
const prep = await timed(process.execPath, [BIN, '--db', base, '-q', 'import', 'reps', reps]);
if (prep.code !== 0) throw new Error(prep.stderr);
const full = await timed(process.execPath, [BIN, '--db', join(OUT, 'crash-full.db'), '-q', 'import', 'deals', file]);
removeDb(join(OUT, 'crash-full.db'));
const duration = full.seconds;
console.log(`a full import takes ${duration.toFixed(1)} s; killing at random moments within it`);

let failures = 0;
const outcomes = { none: 0, all: 0 };
for (let t = 1; t <= trials; t++) {
  removeDb(db);
  copyFileSync(base, db);
  const delay = Math.round(100 + Math.random() * duration * 1000 * 1.1);
  const child = spawn(process.execPath, [BIN, '--db', db, '-q', 'import', 'deals', file], { stdio: 'ignore' });
  // Listen before waiting: an import that finishes before its kill has already closed by then.
  const closed = new Promise((r) => child.on('close', r));
  await new Promise((r) => setTimeout(r, delay));
  child.kill('SIGKILL');
  await closed;
  const s = state(db);
  const none = s.deals === 0 && s.snapshots === 0 && s.imports === 0;
  const all = s.deals === rows && s.snapshots === rows && s.imports === 1;
  const ok = s.integrity === 'ok' && (none || all);
  if (!ok) failures++;
  outcomes[none ? 'none' : all ? 'all' : 'partial'] = (outcomes[none ? 'none' : all ? 'all' : 'partial'] ?? 0) + 1;
  console.log(`trial ${String(t).padStart(2)}: killed after ${delay} ms → integrity ${s.integrity}, deals ${s.deals}, snapshots ${s.snapshots} ${ok ? 'OK' : 'FAIL'}`);
}

// Two imports started at the same moment: both succeed, nothing lost.
removeDb(db);
copyFileSync(base, db);
const half = join(OUT, 'crash-second.csv');
writeFileSync(half, 'deal_id,stage,amount,close_date\nX-1,Closed Won,10.00,2026-01-02\nX-2,Closed Lost,20.00,2026-01-03\n');
const [a, b] = await Promise.all([
  timed(process.execPath, [BIN, '--db', db, '-q', 'import', 'deals', file]),
  timed(process.execPath, [BIN, '--db', db, '-q', 'import', 'deals', half]),
]);
const s = state(db);
const concurrentOk = a.code === 0 && b.code === 0 && s.deals === rows + 2;
console.log(`two simultaneous imports: exit ${a.code} and ${b.code}, deals ${s.deals} (want ${rows + 2}) ${concurrentOk ? 'OK' : 'FAIL'}`);
console.log(`\n${trials} kills: ${outcomes.none} left nothing, ${outcomes.all} had committed everything, ${outcomes.partial ?? 0} partial; ${failures} failures`);
process.exitCode = failures === 0 && concurrentOk ? 0 : 1;
