// Shared helpers for the benchmark and crash-test scripts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT = join(ROOT, 'bench', 'out');
export const BIN = join(ROOT, 'bin', 'spm');

export function ensureOut() {
  mkdirSync(OUT, { recursive: true });
}

export function removeDb(path) {
  for (const s of ['', '-wal', '-shm', '-journal']) rmSync(path + s, { force: true });
}

export function hasSqlite3() {
  return spawnSync('sqlite3', ['--version']).status === 0;
}

/** Generates the 1M-row Salesforce-style export (and its reps) once; reused while the size matches. */
export async function ensureBenchFiles(rows) {
  ensureOut();
  const file = join(OUT, `opportunities-${rows}.csv`);
  const reps = join(OUT, 'bench-reps.csv');
  const { writeBenchOpportunities, writeBenchReps } = await import('../dist/demo/bench-export.js');
  if (!existsSync(file)) {
    process.stderr.write(`generating ${rows.toLocaleString('en-US')} rows → ${file}\n`);
    await writeBenchOpportunities(file, rows, 1);
  }
  if (!existsSync(reps)) await writeBenchReps(reps, 1);
  return { file, reps, bytes: statSync(file).size };
}

/** Runs a command, returns wall seconds, exit code, stderr and peak RSS (KB) when reported. */
export function timed(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], ...opts });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const m = /BENCH_MAXRSS_KB=(\d+)/.exec(stderr) ?? /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      resolve({ seconds, code, stderr, rssKb: m ? Number(m[1]) : undefined });
    });
  });
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function spmArgs(...args) {
  return [join(ROOT, 'bench', 'measure.mjs'), ...args];
}

export function timeWrapped(cmd, args) {
  return existsSync('/usr/bin/time') ? ['/usr/bin/time', ['-v', cmd, ...args]] : [cmd, args];
}
