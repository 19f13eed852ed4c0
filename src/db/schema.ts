/**
 * Schema migrations, tracked in PRAGMA user_version. Money is INTEGER minor units in the row's
 * currency (`*_minor`), exact decimals (percentages, FX rates) are TEXT, dates are ISO TEXT.
 * Every record keeps the file and line it came from and the import that wrote it.
 */
import type Database from 'better-sqlite3';
import { UsageError } from '../errors.js';

const PROVENANCE = `
  custom TEXT,
  source_file TEXT NOT NULL,
  source_line INTEGER NOT NULL,
  import_id INTEGER NOT NULL`;

const SNAPSHOT_LIST = 'owner, owner_rep_id, amount_minor, currency, stage, status, probability, forecast_category, close_date';

/** Every deal's snapshot, current (on its deals row) and superseded (deal_history). */
const SNAPSHOTS_VIEW = `CREATE VIEW deal_snapshots AS
    SELECT deal_id, snapshot_as_of AS as_of, snapshot_import_id AS import_id, ${SNAPSHOT_LIST}
    FROM deals WHERE snapshot_as_of IS NOT NULL
    UNION ALL
    SELECT deal_id, as_of, import_id, ${SNAPSHOT_LIST} FROM deal_history;`;

/** The deals table of schema 3: the columns of schemas 1 and 2, in their order, deal_id no longer the PRIMARY KEY. */
const DEAL_COLUMNS_V3 = `deal_id TEXT NOT NULL,
    name TEXT, account TEXT,
    owner TEXT,
    owner_rep_id TEXT,
    amount_minor INTEGER,
    currency TEXT NOT NULL,
    stage TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'won', 'lost')),
    probability TEXT,
    forecast_category TEXT,
    close_date TEXT, created_date TEXT,
    type TEXT, product TEXT, lead_source TEXT,
    ${PROVENANCE},
    snapshot_as_of TEXT,
    snapshot_import_id INTEGER`;
const DEAL_COLUMN_NAMES = `deal_id, name, account, owner, owner_rep_id, amount_minor, currency, stage, status, probability,
    forecast_category, close_date, created_date, type, product, lead_source, custom, source_file, source_line, import_id,
    snapshot_as_of, snapshot_import_id`;

/** Exported for the migration tests only. */
export const MIGRATIONS: readonly string[] = [
  // 1: the data model of SPEC §4
  `
  CREATE TABLE import_log (
    import_id INTEGER PRIMARY KEY,
    entity TEXT NOT NULL,
    file_name TEXT NOT NULL,
    file_path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    source_format TEXT NOT NULL,
    encoding TEXT NOT NULL,
    delimiter TEXT NOT NULL,
    date_format TEXT,
    decimal_mark TEXT,
    options TEXT NOT NULL,
    as_of TEXT NOT NULL,
    rows_read INTEGER NOT NULL DEFAULT 0,
    inserted INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    spm_version TEXT NOT NULL
  ) STRICT;

  CREATE TABLE reps (
    rep_id TEXT PRIMARY KEY,
    name TEXT, email TEXT, manager_id TEXT, team TEXT, region TEXT, role TEXT,
    hire_date TEXT, end_date TEXT, currency TEXT, plan_id TEXT,
    ${PROVENANCE}
  ) STRICT;

  CREATE TABLE deals (
    deal_id TEXT PRIMARY KEY,
    name TEXT, account TEXT,
    owner TEXT,
    owner_rep_id TEXT,
    amount_minor INTEGER,
    currency TEXT NOT NULL,
    stage TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'won', 'lost')),
    probability TEXT,
    forecast_category TEXT,
    close_date TEXT, created_date TEXT,
    type TEXT, product TEXT, lead_source TEXT,
    ${PROVENANCE}
  ) STRICT;
  CREATE INDEX deals_close ON deals (status, close_date);
  CREATE INDEX deals_owner ON deals (owner_rep_id);

  -- What each deal looked like as of each import that changed it (changes only).
  CREATE TABLE deal_snapshots (
    deal_id TEXT NOT NULL,
    as_of TEXT NOT NULL,
    import_id INTEGER NOT NULL,
    owner TEXT, owner_rep_id TEXT,
    amount_minor INTEGER,
    currency TEXT NOT NULL,
    stage TEXT NOT NULL,
    status TEXT NOT NULL,
    probability TEXT,
    forecast_category TEXT,
    close_date TEXT,
    PRIMARY KEY (deal_id, as_of)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE splits (
    deal_id TEXT NOT NULL,
    rep_ref TEXT NOT NULL,
    rep_id TEXT,
    percent TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    is_overlay INTEGER NOT NULL DEFAULT 0,
    ${PROVENANCE},
    PRIMARY KEY (deal_id, rep_ref, role)
  ) STRICT;

  CREATE TABLE quotas (
    rep_id TEXT NOT NULL,
    measure TEXT NOT NULL DEFAULT 'bookings',
    period TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    ${PROVENANCE},
    PRIMARY KEY (rep_id, measure, period_start, period_end)
  ) STRICT;

  CREATE TABLE leads (
    lead_id TEXT PRIMARY KEY,
    created_date TEXT,
    owner TEXT, owner_rep_id TEXT,
    source TEXT, status TEXT,
    converted INTEGER,
    converted_date TEXT,
    deal_id TEXT,
    ${PROVENANCE}
  ) STRICT;

  CREATE TABLE invoices (
    invoice_id TEXT PRIMARY KEY,
    deal_id TEXT, account TEXT,
    invoice_date TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    status TEXT, due_date TEXT,
    ${PROVENANCE}
  ) STRICT;
  CREATE INDEX invoices_deal ON invoices (deal_id);

  CREATE TABLE payments (
    payment_id TEXT PRIMARY KEY,
    invoice_id TEXT,
    paid_date TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    ${PROVENANCE}
  ) STRICT;
  CREATE INDEX payments_invoice ON payments (invoice_id);

  CREATE TABLE fx_rates (
    currency TEXT NOT NULL,
    date TEXT NOT NULL,
    rate TEXT NOT NULL,
    ${PROVENANCE},
    PRIMARY KEY (currency, date)
  ) STRICT;
  `,
  // 2: a deal's current snapshot lives on its deals row (snapshot_as_of, snapshot_import_id);
  // only superseded versions are rows of deal_history. A first import of N deals then writes N
  // rows, not 2N. The deal_snapshots view shows the same rows the table of schema 1 held.
  `
  ALTER TABLE deal_snapshots RENAME TO deal_history;
  ALTER TABLE deals ADD COLUMN snapshot_as_of TEXT;
  ALTER TABLE deals ADD COLUMN snapshot_import_id INTEGER;
  UPDATE deals SET (snapshot_as_of, snapshot_import_id) = (
    SELECT h.as_of, h.import_id FROM deal_history h WHERE h.deal_id = deals.deal_id ORDER BY h.import_id DESC, h.as_of DESC LIMIT 1);
  DELETE FROM deal_history WHERE EXISTS (
    SELECT 1 FROM deals d WHERE d.deal_id = deal_history.deal_id AND d.snapshot_as_of = deal_history.as_of);
  ${SNAPSHOTS_VIEW}
  `,
  // 3: a deal's natural key is its own unique index (deals_id), no longer the table's PRIMARY KEY,
  // so a first import can drop it with the other indexes and build it once at the end, sorted;
  // a PRIMARY KEY index takes every deal_id as it comes, which costs a random index insert per
  // row when an export is not sorted by id (most are not). Rowids and column order are kept.
  `
  DROP VIEW deal_snapshots;
  CREATE TABLE deals_v3 (
    ${DEAL_COLUMNS_V3}
  ) STRICT;
  INSERT INTO deals_v3 (rowid, ${DEAL_COLUMN_NAMES}) SELECT rowid, ${DEAL_COLUMN_NAMES} FROM deals;
  DROP TABLE deals;
  ALTER TABLE deals_v3 RENAME TO deals;
  CREATE UNIQUE INDEX deals_id ON deals (deal_id);
  CREATE INDEX deals_close ON deals (status, close_date);
  CREATE INDEX deals_owner ON deals (owner_rep_id);
  ${SNAPSHOTS_VIEW}
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function migrate(db: Database.Database): void {
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > SCHEMA_VERSION) {
    throw new UsageError(
      `the database was written by a newer spm (schema ${current}, this spm knows ${SCHEMA_VERSION})`,
      'upgrade spm',
    );
  }
  if (current === SCHEMA_VERSION) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    const again = Number(db.pragma('user_version', { simple: true }));
    for (let v = again; v < SCHEMA_VERSION; v++) {
      const sql = MIGRATIONS[v];
      if (sql !== undefined) db.exec(sql);
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
