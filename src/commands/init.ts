/** `spm init`: write spm.config.json from the example and create the database. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { openDb } from '../db/open.js';
import { UsageError } from '../errors.js';

export function runInit(ctx: CommandContext, opts: { force: boolean }): void {
  const target = resolve(ctx.cwd, ctx.flags.config ?? 'spm.config.json');
  if (existsSync(target) && !opts.force) {
    throw new UsageError(`${target} already exists`, 'pass --force to overwrite it');
  }
  const example = readFileSync(new URL('../../spm.config.example.json', import.meta.url), 'utf8');
  writeFileSync(target, example, { mode: 0o600 });
  const db = openDb({ path: ctx.dbPath, busyTimeoutMs: ctx.config.busyTimeoutMs });
  db.close();
  ctx.log.info(`wrote ${target}`);
  ctx.log.info(`database ready: ${ctx.dbPath}`);
}
