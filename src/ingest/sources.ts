/**
 * Header alias tables: how each CRM/ERP export names the canonical fields (CRM-FORMATS.md).
 * Headers are matched case-insensitively after trimming; within a field the first alias present
 * in the file wins. Fields starting with `_` are source-specific inputs that the normaliser turns
 * into canonical values (a won flag, a document type, an actual close date).
 */
import type { EntityName } from '../core/entities.js';

export type SourceName =
  | 'salesforce'
  | 'hubspot'
  | 'pipedrive'
  | 'dynamics'
  | 'netsuite'
  | 'quickbooks'
  | 'xero'
  | 'generic';

export const SOURCE_NAMES: readonly SourceName[] = [
  'salesforce',
  'hubspot',
  'pipedrive',
  'dynamics',
  'netsuite',
  'quickbooks',
  'xero',
  'generic',
];

export type AliasTable = Record<string, readonly string[]>;

export interface SourceSpec {
  name: SourceName;
  label: string;
  entities: Partial<Record<EntityName, AliasTable>>;
  /** How the source writes probabilities: 10 (percent) or 0.1 (fraction). */
  probabilityScale: 'percent' | 'fraction';
}

const salesforceDeals: AliasTable = {
  deal_id: ['Opportunity ID', 'Id', 'Opportunity: ID'],
  name: ['Opportunity Name', 'Name'],
  account: ['Account Name', 'AccountId', 'Account ID'],
  owner: ['Opportunity Owner', 'Owner Email', 'OwnerId', 'Owner ID', 'Owner Name'],
  currency: ['Amount Currency', 'Opportunity Currency', 'CurrencyIsoCode'],
  amount: ['Amount'],
  stage: ['Stage', 'StageName'],
  probability: ['Probability (%)', 'Probability'],
  forecast_category: ['Forecast Category', 'ForecastCategoryName', 'ForecastCategory'],
  close_date: ['Close Date', 'CloseDate'],
  created_date: ['Created Date', 'CreatedDate'],
  type: ['Type', 'Opportunity Type'],
  product: ['Product Name', 'Product', 'Primary Product'],
  lead_source: ['Lead Source', 'LeadSource'],
  _is_won: ['IsWon', 'Won'],
  _is_closed: ['IsClosed', 'Closed'],
};

export const SOURCES: Record<SourceName, SourceSpec> = {
  salesforce: {
    name: 'salesforce',
    label: 'Salesforce',
    probabilityScale: 'percent',
    entities: {
      deals: salesforceDeals,
      splits: {
        deal_id: ['Opportunity ID', 'OpportunityId'],
        rep_id: ['Split Owner', 'Opportunity Split Owner', 'SplitOwnerId'],
        percent: ['Split Percent', 'Split Percentage', 'SplitPercentage'],
        role: ['Split Type', 'SplitType', 'SplitTypeId'],
      },
      reps: {
        rep_id: ['User ID', 'Id'],
        name: ['Full Name', 'Name'],
        email: ['Email'],
        manager_id: ['Manager', 'ManagerId'],
        role: ['Role', 'UserRoleId'],
        team: ['Division', 'Department'],
        region: ['Region', 'Territory'],
      },
      leads: {
        lead_id: ['Lead ID', 'Id'],
        created_date: ['Created Date', 'CreatedDate'],
        owner: ['Lead Owner', 'OwnerId'],
        source: ['Lead Source', 'LeadSource'],
        status: ['Lead Status', 'Status'],
        converted: ['Converted', 'IsConverted'],
        converted_date: ['Converted Date', 'ConvertedDate'],
        deal_id: ['Converted Opportunity ID', 'ConvertedOpportunityId'],
      },
    },
  },
  hubspot: {
    name: 'hubspot',
    label: 'HubSpot',
    probabilityScale: 'fraction',
    entities: {
      deals: {
        deal_id: ['Record ID', 'Deal ID', 'Datensatz-ID'],
        name: ['Deal Name', 'Deal-Name'],
        stage: ['Deal Stage', 'Deal-Phase'],
        amount: ['Amount', 'Betrag'],
        owner: ['Deal owner', 'Deal-Inhaber', 'HubSpot Owner'],
        close_date: ['Close Date', 'Abschlussdatum'],
        created_date: ['Create Date', 'Erstellungsdatum'],
        type: ['Deal Type', 'Deal-Typ'],
        account: ['Associated Company', 'Associated Company (Primary)'],
        currency: ['Currency', 'Deal currency code', 'Währung'],
        probability: ['Deal probability', 'Deal-Wahrscheinlichkeit'],
        forecast_category: ['Forecast category', 'Prognosekategorie'],
        product: ['Product'],
        lead_source: ['Original Source', 'Original Traffic Source'],
      },
    },
  },
  pipedrive: {
    name: 'pipedrive',
    label: 'Pipedrive',
    probabilityScale: 'percent',
    entities: {
      deals: {
        deal_id: ['Deal - ID'],
        name: ['Deal - Title'],
        amount: ['Deal - Value'],
        currency: ['Deal - Currency'],
        owner: ['Deal - Owner'],
        stage: ['Deal - Stage'],
        status: ['Deal - Status'],
        close_date: ['Deal - Expected close date'],
        created_date: ['Deal - Deal created'],
        probability: ['Deal - Probability'],
        account: ['Deal - Organization'],
        product: ['Deal - Product', 'Deal - Products'],
        lead_source: ['Deal - Source', 'Deal - Lead source'],
        type: ['Deal - Type'],
        _won_time: ['Deal - Won time'],
        _lost_time: ['Deal - Lost time'],
      },
    },
  },
  dynamics: {
    name: 'dynamics',
    label: 'Dynamics 365',
    probabilityScale: 'percent',
    entities: {
      deals: {
        deal_id: ['(Do Not Modify) Opportunity'],
        name: ['Topic'],
        account: ['Potential Customer', 'Account'],
        amount: ['Est. Revenue'],
        close_date: ['Est. Close Date'],
        probability: ['Probability'],
        status: ['Status'],
        stage: ['Pipeline Phase', 'Sales Stage', 'Status Reason'],
        forecast_category: ['Forecast Category'],
        owner: ['Owner'],
        created_date: ['Created On'],
        currency: ['Currency'],
        _actual_amount: ['Actual Revenue'],
        _actual_close: ['Actual Close Date'],
      },
    },
  },
  netsuite: {
    name: 'netsuite',
    label: 'NetSuite',
    probabilityScale: 'percent',
    entities: {
      invoices: {
        invoice_id: ['Document Number', 'Internal ID'],
        invoice_date: ['Date'],
        account: ['Name', 'Customer'],
        amount: ['Amount', 'Amount (Foreign Currency)'],
        status: ['Status'],
        due_date: ['Due Date', 'Due Date/Receive By'],
        currency: ['Currency'],
        deal_id: ['Opportunity', 'Created From'],
        _doc_type: ['Type'],
      },
      payments: {
        payment_id: ['Document Number', 'Internal ID'],
        paid_date: ['Date'],
        amount: ['Amount', 'Amount (Foreign Currency)'],
        invoice_id: ['Applied To', 'Applied To Transaction', 'Invoice'],
        currency: ['Currency'],
        _doc_type: ['Type'],
      },
    },
  },
  quickbooks: {
    name: 'quickbooks',
    label: 'QuickBooks Online',
    probabilityScale: 'percent',
    entities: {
      invoices: {
        invoice_id: ['Num', 'No.'],
        invoice_date: ['Date'],
        account: ['Customer', 'Name'],
        amount: ['Amount'],
        due_date: ['Due date', 'Due Date'],
        status: ['Status'],
        currency: ['Currency'],
        _doc_type: ['Transaction type', 'Transaction Type'],
      },
      payments: {
        payment_id: ['Num', 'No.'],
        paid_date: ['Date'],
        amount: ['Amount'],
        invoice_id: ['Applied To', 'Invoice No.'],
        currency: ['Currency'],
        _doc_type: ['Transaction type', 'Transaction Type'],
      },
    },
  },
  xero: {
    name: 'xero',
    label: 'Xero',
    probabilityScale: 'percent',
    entities: {
      invoices: {
        invoice_id: ['InvoiceNumber', '*InvoiceNumber'],
        account: ['ContactName', '*ContactName'],
        invoice_date: ['InvoiceDate', '*InvoiceDate'],
        due_date: ['DueDate', '*DueDate'],
        amount: ['Total'],
        currency: ['Currency'],
        status: ['Status'],
        deal_id: ['Reference'],
        _doc_type: ['Type'],
      },
    },
  },
  generic: { name: 'generic', label: 'generic (canonical headers)', probabilityScale: 'percent', entities: {} },
};

export function isSourceName(s: string): s is SourceName {
  return (SOURCE_NAMES as readonly string[]).includes(s);
}
