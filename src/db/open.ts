/**
 * Opening the database: the only place connection settings live. Every connection runs in WAL
 * mode with synchronous=FULL and a busy timeout; new files are created 0600 before SQLite sees
 * them, so the -wal and -shm files inherit that mode.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync } from 'node:fs';
import { BusyError, UsageError } from '../errors.js';
import { migrate } from './schema.js';

export type Db = Database.Database;

export interface OpenDbOptions {
  path: string;
  busyTimeoutMs: number;
  /** Create the file when it does not exist (default true). */
  create?: boolean;
  readonly?: boolean;
}

export function openDb(opts: OpenDbOptions): Db {
  const exists = existsSync(opts.path);
  if (!exists) {
    if (opts.create === false || opts.readonly) {
      throw new UsageError(`database not found: ${opts.path}`, 'import data first (`spm import …`), run `spm init`, or pass --db');
    }
    closeSync(openSync(opts.path, 'a', 0o600));
  }
  let db: Db;
  try {
    db = new Database(opts.path, { timeout: opts.busyTimeoutMs, fileMustExist: true });
  } catch (err) {
    throw new UsageError(`cannot open database ${opts.path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma(`busy_timeout = ${Math.trunc(opts.busyTimeoutMs)}`);
    db.pragma('foreign_keys = OFF');
    db.pragma('cache_size = -16384'); // 16 MiB: bulk loads spill to the WAL; peak memory stays flat
    migrate(db);
  } catch (err) {
    db.close();
    throw translateSqliteError(err, opts.path);
  }
  return db;
}

/** An in-memory database with the full schema (used by --dry-run when no database exists yet). */
export function openMemoryDb(): Db {
  const db = new Database(':memory:');
  migrate(db);
  return db;
}

export function isBusyError(err: unknown): boolean {
  return err instanceof Error && 'code' in err && (err.code === 'SQLITE_BUSY' || err.code === 'SQLITE_BUSY_SNAPSHOT');
}

export function translateSqliteError(err: unknown, path: string): unknown {
  if (isBusyError(err)) return new BusyError(`database ${path} stayed busy past the busy timeout`);
  if (err instanceof Error && 'code' in err && err.code === 'SQLITE_NOTADB') {
    return new UsageError(`${path} is not an spm database (not SQLite)`, 'pass --db with the right file');
  }
  return err;
}
