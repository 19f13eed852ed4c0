/**
 * `spm demo`: generate the sample company, import every file through the normal import path
 * into a fresh database, then show the tour (status now; later capabilities add reports).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { generateDemoCompany } from '../demo/company.js';
import { writeDemoFiles } from '../demo/write-files.js';
import { openDb } from '../db/open.js';
import { UsageError } from '../errors.js';
import { runImport } from '../ingest/run-import.js';
import { parseConfig } from '../config/parse.js';
import { demoConfig } from '../demo/demo-config.js';
import { runStatus } from './status.js';
import { runReportAttainment } from './report-attainment.js';
import { runReportMetrics } from './report-metrics.js';
import { runReportCommission } from './report-commission.js';

export async function runDemo(ctx: CommandContext, opts: { dir: string; seed: string }): Promise<void> {
  const seed = Number(opts.seed);
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed ${opts.seed} is not a whole number`);
  const dir = resolve(ctx.cwd, opts.dir);
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const dbPath = ctx.flags.db === undefined ? join(dir, 'spm.db') : ctx.dbPath;
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });

  ctx.log.info(`generating the sample company (seed ${seed}, as of ${ctx.asOf}) in ${dataDir}`);
  const company = generateDemoCompany({ seed, asOf: ctx.asOf });
  const files = writeDemoFiles(company, dataDir);
  const configPath = join(dir, 'spm.config.json');
  const rawConfig = demoConfig(company);
  writeFileSync(configPath, `${JSON.stringify(rawConfig, null, 2)}\n`, { mode: 0o600 });
  const demo: CommandContext = { ...ctx, dbPath, config: parseConfig(rawConfig, configPath), configPath };
  const db = openDb({ path: dbPath, busyTimeoutMs: ctx.config.busyTimeoutMs });
  try {
    for (const f of files) {
      const result = await runImport({
        db, dbPath, entity: f.entity, files: [f.path], cwd: ctx.cwd, source: 'auto', overrides: {},
        dateFormat: 'auto', asOf: ctx.asOf, dryRun: false, allowPartial: false, config: demo.config,
        version: ctx.version, now: ctx.now,
      });
      const r = result.files[0];
      if (!r || result.rejectedRows > 0) throw new UsageError(`demo import of ${f.path} rejected ${result.rejectedRows} rows`, 'this is a bug in the demo generator');
      ctx.log.info(`  ${f.entity.padEnd(9)} ${String(r.rowsRead).padStart(6)} rows from ${f.path.slice(dir.length + 1)} (${r.source}${r.sourceDetected ? ', detected' : ''})`);
    }
  } finally {
    db.close();
  }
  ctx.log.info(`\ndatabase: ${dbPath}\nconfig:   ${configPath}\n`);
  runStatus(demo, { imports: false });
  runReportAttainment(demo, { period: 'last-quarter', by: 'rep' });
  runReportMetrics(demo, { period: 'last-quarter', by: 'team' });
  await runReportCommission(demo, { period: 'last-month' });
  ctx.log.info(`\nTry: spm --db ${dbPath} --config ${configPath} report commission --period last-month --rep R005 --explain`);
}

