/**
 * The canonical data model (SPEC §4): one definition per importable entity, naming its fields,
 * their kinds, which are required and which form the natural key. The importer, the database
 * writer and `spm status` all read this one table.
 */
export type EntityName =
  | 'reps'
  | 'deals'
  | 'splits'
  | 'quotas'
  | 'leads'
  | 'invoices'
  | 'payments'
  | 'fx-rates';

export const ENTITY_NAMES: readonly EntityName[] = [
  'reps',
  'deals',
  'splits',
  'quotas',
  'leads',
  'invoices',
  'payments',
  'fx-rates',
];

export function isEntityName(s: string): s is EntityName {
  return (ENTITY_NAMES as readonly string[]).includes(s);
}

/**
 * Field kinds. `money` is parsed to integer minor units of the row's currency; `percent` and
 * `decimal` are kept as exact decimal strings; `date` is an ISO calendar date; `rep-ref` is a
 * rep id, email or name resolved to a rep.
 */
export type FieldKind =
  | 'id'
  | 'text'
  | 'money'
  | 'currency'
  | 'date'
  | 'percent'
  | 'decimal'
  | 'bool'
  | 'rep-ref'
  | 'period';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  required?: boolean;
  description: string;
}

export interface EntitySpec {
  name: EntityName;
  table: string;
  fields: FieldSpec[];
  /** Canonical fields whose values identify a record; re-imports upsert on them. */
  key: string[];
  /** The date field `spm status` reports a range for. */
  dateField?: string;
}

const f = (name: string, kind: FieldKind, description: string, required = false): FieldSpec => ({
  name,
  kind,
  description,
  required,
});

export const ENTITIES: Record<EntityName, EntitySpec> = {
  reps: {
    name: 'reps',
    table: 'reps',
    key: ['rep_id'],
    dateField: 'hire_date',
    fields: [
      f('rep_id', 'id', 'Rep identifier; the name is used when a file has no id column', true),
      f('name', 'text', 'Full name'),
      f('email', 'text', 'Email address (owners are matched on it, case-insensitively)'),
      f('manager_id', 'text', 'Manager: a rep id or a name'),
      f('team', 'text', 'Team'),
      f('region', 'text', 'Region'),
      f('role', 'text', 'Role, e.g. AE, SDR, Manager'),
      f('hire_date', 'date', 'First day employed in the role'),
      f('end_date', 'date', 'Last day employed (empty while employed)'),
      f('currency', 'currency', 'Pay currency'),
      f('plan_id', 'text', 'Compensation plan id'),
    ],
  },
  deals: {
    name: 'deals',
    table: 'deals',
    key: ['deal_id'],
    dateField: 'close_date',
    fields: [
      f('deal_id', 'id', 'Opportunity id, kept verbatim', true),
      f('name', 'text', 'Opportunity name'),
      f('account', 'text', 'Account / company'),
      f('owner', 'rep-ref', 'Owner: a rep id, email or name'),
      f('amount', 'money', 'Deal amount in its currency'),
      f('currency', 'currency', 'ISO 4217 code of the amount'),
      f('stage', 'text', 'CRM stage name', true),
      f('status', 'text', 'open | won | lost (derived from the stage when absent)'),
      f('probability', 'percent', 'CRM win probability in percent'),
      f('forecast_category', 'text', 'CRM forecast category'),
      f('close_date', 'date', 'Close date (expected for open deals)'),
      f('created_date', 'date', 'Created date'),
      f('type', 'text', 'New Business / Renewal / Expansion …'),
      f('product', 'text', 'Product'),
      f('lead_source', 'text', 'Lead source'),
    ],
  },
  splits: {
    name: 'splits',
    table: 'splits',
    key: ['deal_id', 'rep_id', 'role'],
    fields: [
      f('deal_id', 'id', 'Deal the split belongs to', true),
      f('rep_id', 'rep-ref', 'Credited rep: id, email or name', true),
      f('percent', 'percent', 'Share of the deal in percent', true),
      f('role', 'text', 'Split role / type; "overlay" marks credit on top of the 100%'),
    ],
  },
  quotas: {
    name: 'quotas',
    table: 'quotas',
    key: ['rep_id', 'measure', 'period'],
    fields: [
      f('rep_id', 'id', 'Rep id (or a team name with team: prefix)', true),
      f('period', 'period', 'Quota period: 2026-03, 2026-Q1, 2026, FY2027-Q1, or a date range', true),
      f('amount', 'money', 'Quota amount', true),
      f('measure', 'text', 'What the quota measures (default bookings)'),
      f('currency', 'currency', 'Currency of the amount'),
    ],
  },
  leads: {
    name: 'leads',
    table: 'leads',
    key: ['lead_id'],
    dateField: 'created_date',
    fields: [
      f('lead_id', 'id', 'Lead id', true),
      f('created_date', 'date', 'Created date'),
      f('owner', 'rep-ref', 'Owner: a rep id, email or name'),
      f('source', 'text', 'Lead source'),
      f('status', 'text', 'Lead status'),
      f('converted', 'bool', 'Whether the lead converted'),
      f('converted_date', 'date', 'Conversion date'),
      f('deal_id', 'id', 'Deal created on conversion'),
    ],
  },
  invoices: {
    name: 'invoices',
    table: 'invoices',
    key: ['invoice_id'],
    dateField: 'invoice_date',
    fields: [
      f('invoice_id', 'id', 'Invoice number', true),
      f('deal_id', 'id', 'Deal invoiced'),
      f('account', 'text', 'Customer account'),
      f('invoice_date', 'date', 'Invoice date', true),
      f('amount', 'money', 'Invoice total; credit notes are negative', true),
      f('currency', 'currency', 'Currency of the amount'),
      f('status', 'text', 'Invoice status'),
      f('due_date', 'date', 'Due date'),
    ],
  },
  payments: {
    name: 'payments',
    table: 'payments',
    key: ['payment_id'],
    dateField: 'paid_date',
    fields: [
      f('payment_id', 'id', 'Payment id', true),
      f('invoice_id', 'id', 'Invoice paid'),
      f('paid_date', 'date', 'Date paid', true),
      f('amount', 'money', 'Amount paid', true),
      f('currency', 'currency', 'Currency of the amount'),
    ],
  },
  'fx-rates': {
    name: 'fx-rates',
    table: 'fx_rates',
    key: ['currency', 'date'],
    dateField: 'date',
    fields: [
      f('currency', 'currency', 'Currency converted from', true),
      f('date', 'date', 'Date the rate takes effect (used until the next rate)', true),
      f('rate', 'decimal', 'Units of the base currency per 1 unit of the currency', true),
    ],
  },
};

/** Canonical header form used to recognise generic files: lower case, letters and digits only. */
export function canonicalHeader(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}
