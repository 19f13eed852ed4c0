/**
 * Every spm command, declared in one place. Each action resolves its options, lazily imports
 * its command module, and lets that module compute and emit a report. Errors are caught once,
 * here, and mapped to exit codes (README "Exit codes").
 */
import { Command, CommanderError, Option } from 'commander';
import { buildContext, spmVersion, type GlobalFlags } from './cli/context.js';
import { EXIT, formatProblem, SpmError } from './errors.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function globalFlags(cmd: Command): GlobalFlags {
  return cmd.optsWithGlobals<GlobalFlags>();
}

export function buildProgram(): Command {
  const program = new Command('spm')
    .description('Sales Performance Management from the command line: CRM and ERP exports → quota attainment, commissions, payouts.')
    .version(spmVersion(), '-V, --version')
    .option('--db <file>', 'database file (default: config "db", SPM_DB, or ./spm.db)')
    .option('--config <file>', 'config file (default ./spm.config.json when present)')
    .option('--format <format>', 'output format: table, csv, json, md (html where supported)')
    .option('-o, --output <file>', 'write output to a file (format from the extension unless --format)')
    .option('--as-of <date>', 'the date "today" means, for imports and relative periods (YYYY-MM-DD)')
    .option('--bom', 'start CSV output with a UTF-8 byte order mark (for Excel)')
    .option('-q, --quiet', 'no progress or warnings on stderr')
    .option('--debug', 'print stack traces of unexpected errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('init')
    .description('write spm.config.json (from the example) and create the database')
    .option('--force', 'overwrite an existing spm.config.json')
    .addHelpText('after', '\nExamples:\n  spm init\n  spm init --db sales.db')
    .action(async (_opts, cmd: Command) => {
      const { runInit } = await import('./commands/init.js');
      runInit(await buildContext(globalFlags(cmd)), { force: cmd.opts<{ force?: boolean }>().force === true });
    });

  program
    .command('demo')
    .description('generate a sample company, import it through the normal import path, and show the tour')
    .option('--dir <dir>', 'where the sample files and database go', 'spm-demo')
    .option('--seed <n>', 'random seed for the sample company', '42')
    .addHelpText('after', '\nExamples:\n  spm demo\n  spm demo --dir /tmp/spm-demo --seed 7 --as-of 2026-06-30')
    .action(async (opts: { dir: string; seed: string }, cmd: Command) => {
      const { runDemo } = await import('./commands/demo.js');
      const flags = globalFlags(cmd);
      // The tour is for people: a table even when piped, unless --format or -o says otherwise.
      await runDemo(await buildContext({ ...flags, format: flags.format ?? (flags.output ? undefined : 'table') }), opts);
    });

  program
    .command('import')
    .description('import CRM/ERP CSV exports: deals, reps, splits, quotas, leads, invoices, payments, fx-rates')
    .argument('<entity>', 'deals | reps | splits | quotas | leads | invoices | payments | fx-rates')
    .argument('<file...>', 'CSV files (all imported in one transaction)')
    .addOption(new Option('--source <source>', 'export format').choices(['auto', 'salesforce', 'hubspot', 'pipedrive', 'dynamics', 'netsuite', 'quickbooks', 'xero', 'generic']).default('auto'))
    .option('--map <field=Header>', 'map a canonical field to a column header (repeatable)', collect, [])
    .addOption(new Option('--date-format <order>', 'day/month order of dates').choices(['auto', 'MDY', 'DMY', 'YMD']))
    .addOption(new Option('--decimal-mark <mark>', 'decimal mark of amounts when the file cannot tell').choices(['.', ',']))
    .option('--delimiter <char>', 'field delimiter (default: detected among , ; tab |)')
    .addOption(new Option('--encoding <encoding>', 'file encoding (default: detected)').choices(['auto', 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252']))
    .option('--currency <code>', 'currency of amounts in files without a currency column')
    .option('--dry-run', 'check and count everything, write nothing')
    .option('--allow-partial', 'import the good rows even when some are rejected')
    .option('--rejects <file.csv>', 'write rejected rows with line, column and reason to this file')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  spm import deals "Opportunities Report.csv"\n' +
        '  spm import deals sales_pipeline.csv --map deal_id=opportunity_id --map owner=sales_agent --map stage=deal_stage --map amount=close_value --map created_date=engage_date\n' +
        '  spm import invoices netsuite.csv --dry-run --rejects rejects.csv\n' +
        '  spm import fx-rates rates.csv --as-of 2026-03-31',
    )
    .action(async (entity: string, files: string[], opts: Record<string, unknown>, cmd: Command) => {
      const { runImportCommand } = await import('./commands/import.js');
      await runImportCommand(await buildContext(globalFlags(cmd)), entity, files, opts);
    });

  program
    .command('status')
    .description('what the database holds: counts, date ranges and currencies per entity; recent imports')
    .option('--imports', 'list the import log instead')
    .addHelpText('after', '\nExamples:\n  spm status\n  spm status --format json\n  spm status --imports')
    .action(async (opts: { imports?: boolean }, cmd: Command) => {
      const { runStatus } = await import('./commands/status.js');
      runStatus(await buildContext(globalFlags(cmd)), { imports: opts.imports === true });
    });

  const report = program.command('report').description('reports: attainment, metrics, commission');

  report
    .command('attainment')
    .description('quota attainment per rep, team, manager or region for a period')
    .requiredOption('--period <period>', 'e.g. 2026-Q1, 2026-03, 2026, FY2027-Q1, last-quarter, 2026-01-01..2026-02-15')
    .option('--by <group>', 'rep | team | manager | region', 'rep')
    .option('--measure <measure>', 'quota measure (default bookings)')
    .option('--rep <rep>', 'only this rep (id, email or name)')
    .addHelpText('after', '\nExamples:\n  spm report attainment --period 2026-Q1\n  spm report attainment --period last-quarter --by team --format csv\n  spm report attainment --period FY2027 --by region -o attainment.md')
    .action(async (opts: { period: string; by: string; measure?: string; rep?: string }, cmd: Command) => {
      const { runReportAttainment } = await import('./commands/report-attainment.js');
      runReportAttainment(await buildContext(globalFlags(cmd)), opts);
    });

  report
    .command('metrics')
    .description('sales KPIs: won revenue, win rates, deal size, cycle, lead conversion, pipeline, coverage, attainment bands')
    .requiredOption('--period <period>', 'e.g. 2026-Q1, 2026-03, last-month')
    .option('--by <group>', 'all | rep | team | manager | region', 'all')
    .option('--measure <measure>', 'quota measure for coverage and attainment bands (default bookings)')
    .addHelpText('after', '\nExamples:\n  spm report metrics --period 2026-Q1\n  spm report metrics --period last-quarter --by team --format json')
    .action(async (opts: { period: string; by: string; measure?: string }, cmd: Command) => {
      const { runReportMetrics } = await import('./commands/report-metrics.js');
      runReportMetrics(await buildContext(globalFlags(cmd)), opts);
    });

  report
    .command('commission')
    .description('preview what the plans pay for a period (not stored): per-rep totals, or the lines of one rep')
    .requiredOption('--period <period>', 'e.g. 2026-03, last-month, 2026-Q1')
    .option('--rep <rep>', 'show the commission lines of this rep (id, email or name)')
    .option('--explain', 'with --rep: the derivation, step by step')
    .option('--deal <deal>', 'with --rep --explain: only this deal')
    .addHelpText('after', '\nExamples:\n  spm report commission --period last-month\n  spm report commission --period 2026-03 --rep R001 --format csv\n  spm report commission --period 2026-03 --rep R001 --explain')
    .action(async (opts: { period: string; rep?: string; explain?: boolean; deal?: string }, cmd: Command) => {
      const { runReportCommission } = await import('./commands/report-commission.js');
      await runReportCommission(await buildContext(globalFlags(cmd)), opts);
    });

  program
    .command('doctor')
    .description('data-quality checks with severity, count, examples (file and line) and the fix; exit 1 on errors')
    .addHelpText('after', '\nExamples:\n  spm doctor\n  spm doctor --format json')
    .action(async (_opts, cmd: Command) => {
      const { runDoctor } = await import('./commands/doctor.js');
      runDoctor(await buildContext(globalFlags(cmd)));
    });

  const plan = program.command('plan').description('compensation plans: validate');
  plan
    .command('validate')
    .description('check the plans and assignments of the config (or of a JSON file): every problem with its JSON path')
    .argument('[file]', 'a JSON file with "plans" and "assignments" (default: the config)')
    .addHelpText('after', '\nExamples:\n  spm plan validate\n  spm plan validate plans-2027.json')
    .action(async (file: string | undefined, _opts, cmd: Command) => {
      const { runPlanValidate } = await import('./commands/plan-validate.js');
      runPlanValidate(await buildContext(globalFlags(cmd)), { file });
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  // A reader that stops early (`spm … | head`) is not an error: stop quietly.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(EXIT.ok);
    throw err;
  });
  const program = buildProgram();
  program.exitOverride();
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
  } catch (err) {
    return reportError(err, debug);
  }
}

export function reportError(err: unknown, debug: boolean): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
    return EXIT.usage;
  }
  const e = err as { exitCode?: unknown; hint?: unknown; message?: unknown; problems?: unknown };
  if (err instanceof SpmError || (err instanceof Error && typeof e.exitCode === 'number')) {
    const error = err as Error & { exitCode: number; hint?: string };
    process.stderr.write(`spm: ${error.message}\n`);
    if (err instanceof SpmError) {
      for (const p of err.problems.slice(0, 20)) process.stderr.write(`  ${formatProblem(p).replace(/\n/g, '\n  ')}\n`);
      if (err.problems.length > 20) process.stderr.write(`  … and ${err.problems.length - 20} more\n`);
    }
    if (typeof error.hint === 'string' && error.hint !== '') process.stderr.write(`  fix: ${error.hint}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`spm: unexpected error: ${message}\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  else process.stderr.write('run with --debug for details\n');
  return 1;
}
