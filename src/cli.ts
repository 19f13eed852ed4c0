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
      runInit(buildContext(globalFlags(cmd)), { force: cmd.opts<{ force?: boolean }>().force === true });
    });

  program
    .command('demo')
    .description('generate a sample company, import it through the normal import path, and show the tour')
    .option('--dir <dir>', 'where the sample files and database go', 'spm-demo')
    .option('--seed <n>', 'random seed for the sample company', '42')
    .addHelpText('after', '\nExamples:\n  spm demo\n  spm demo --dir /tmp/spm-demo --seed 7 --as-of 2026-06-30')
    .action(async (opts: { dir: string; seed: string }, cmd: Command) => {
      const { runDemo } = await import('./commands/demo.js');
      await runDemo(buildContext(globalFlags(cmd)), opts);
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
      await runImportCommand(buildContext(globalFlags(cmd)), entity, files, opts);
    });

  program
    .command('status')
    .description('what the database holds: counts, date ranges and currencies per entity; recent imports')
    .option('--imports', 'list the import log instead')
    .addHelpText('after', '\nExamples:\n  spm status\n  spm status --format json\n  spm status --imports')
    .action(async (opts: { imports?: boolean }, cmd: Command) => {
      const { runStatus } = await import('./commands/status.js');
      runStatus(buildContext(globalFlags(cmd)), { imports: opts.imports === true });
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
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
