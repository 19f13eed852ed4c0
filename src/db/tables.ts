/**
 * Column order of each entity's table as the importer writes it (business columns only;
 * provenance columns are appended by the writer). `resolved` names a column the writer fills by
 * resolving a rep reference; `key` is the natural key the importer upserts on.
 */
import type { EntityName } from '../core/entities.js';

export interface TableLayout {
  table: string;
  columns: readonly string[];
  key: readonly string[];
  /** rep-reference column → the column that receives the resolved rep_id */
  resolved?: { from: string; to: string };
}

export const TABLES: Record<EntityName, TableLayout> = {
  reps: {
    table: 'reps',
    columns: ['rep_id', 'name', 'email', 'manager_id', 'team', 'region', 'role', 'hire_date', 'end_date', 'currency', 'plan_id', 'custom'],
    key: ['rep_id'],
  },
  deals: {
    table: 'deals',
    columns: [
      'deal_id', 'name', 'account', 'owner', 'owner_rep_id', 'amount_minor', 'currency', 'stage', 'status',
      'probability', 'forecast_category', 'close_date', 'created_date', 'type', 'product', 'lead_source', 'custom',
    ],
    key: ['deal_id'],
    resolved: { from: 'owner', to: 'owner_rep_id' },
  },
  splits: {
    table: 'splits',
    columns: ['deal_id', 'rep_ref', 'rep_id', 'percent', 'role', 'is_overlay', 'custom'],
    key: ['deal_id', 'rep_ref', 'role'],
    resolved: { from: 'rep_ref', to: 'rep_id' },
  },
  quotas: {
    table: 'quotas',
    columns: ['rep_id', 'measure', 'period', 'period_start', 'period_end', 'amount_minor', 'currency', 'custom'],
    key: ['rep_id', 'measure', 'period_start', 'period_end'],
  },
  leads: {
    table: 'leads',
    columns: ['lead_id', 'created_date', 'owner', 'owner_rep_id', 'source', 'status', 'converted', 'converted_date', 'deal_id', 'custom'],
    key: ['lead_id'],
    resolved: { from: 'owner', to: 'owner_rep_id' },
  },
  invoices: {
    table: 'invoices',
    columns: ['invoice_id', 'deal_id', 'account', 'invoice_date', 'amount_minor', 'currency', 'status', 'due_date', 'custom'],
    key: ['invoice_id'],
  },
  payments: {
    table: 'payments',
    columns: ['payment_id', 'invoice_id', 'paid_date', 'amount_minor', 'currency', 'custom'],
    key: ['payment_id'],
  },
  'fx-rates': {
    table: 'fx_rates',
    columns: ['currency', 'date', 'rate', 'custom'],
    key: ['currency', 'date'],
  },
};

/** Deal columns whose change is recorded in deal_snapshots. */
export const SNAPSHOT_COLUMNS = [
  'owner', 'owner_rep_id', 'amount_minor', 'currency', 'stage', 'status', 'probability', 'forecast_category', 'close_date',
] as const;

export type DbValue = string | number | null;
