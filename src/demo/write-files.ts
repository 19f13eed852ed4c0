/**
 * Writes the demo company as the files real systems export: a Salesforce report (BOM, every
 * value quoted, CRLF, footer lines), a HubSpot deals export, a NetSuite saved search, Salesforce
 * Data Loader leads, and generic CSVs for reps, quotas, payments and FX rates.
 *
 * Amounts are formatted from integer cents by string arithmetic, never through a float.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IsoDate } from '../core/calendar.js';
import type { EntityName } from '../core/entities.js';
import type { DemoCompany, DemoDealRow } from './company.js';
import { fnv1a } from './random.js';

export interface DemoFile { entity: EntityName; path: string; source: string }

/** The footer a Salesforce report export ends with (after one blank line). */
export function salesforceFooter(records: number): string[] {
  return [
    `Grand Totals (${records} records)`,
    'Confidential Information - Do Not Distribute',
    'Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.',
  ];
}

/** Writes every demo file into `dir` (created if missing; files mode 0600), in import order. */
export function writeDemoFiles(company: DemoCompany, dir: string): DemoFile[] {
  mkdirSync(dir, { recursive: true });
  const files: DemoFile[] = [];
  const write = (entity: EntityName, source: string, name: string, content: string): void => {
    const path = join(dir, name);
    writeFileSync(path, content, { mode: 0o600 });
    chmodSync(path, 0o600); // mode only applies when the file is created
    files.push({ entity, path, source });
  };
  write('reps', 'generic', 'reps.csv', repsCsv(company));
  write('fx-rates', 'generic', 'fx-rates.csv', plainCsv(['currency', 'date', 'rate'],
    company.fxRates.map((r) => [r.currency, r.date, formatScaled(r.rateE4, 4)])));
  write('quotas', 'generic', 'quotas.csv', plainCsv(['rep_id', 'period', 'amount', 'currency', 'measure'],
    company.quotas.map((q) => [q.repId, q.period, formatCents(q.amountCents), q.currency, q.measure])));
  write('deals', 'salesforce', 'salesforce-opportunities.csv', salesforceReportCsv(company.deals.filter((d) => d.source === 'salesforce')));
  write('deals', 'hubspot', 'hubspot-deals.csv', hubspotCsv(company.deals.filter((d) => d.source === 'hubspot')));
  write('splits', 'salesforce', 'salesforce-opportunity-splits.csv', plainCsv(['Opportunity ID', 'Split Owner', 'Split Percent', 'Split Type'],
    company.splits.map((s) => [s.dealId, s.repName, String(s.percent), s.splitType])));
  write('leads', 'salesforce', 'leads.csv', plainCsv(['Id', 'CreatedDate', 'OwnerId', 'LeadSource', 'Status', 'IsConverted', 'ConvertedDate', 'ConvertedOpportunityId'],
    company.leads.map((l) => [l.leadId, l.createdDate, l.ownerRepId, l.source, l.status, String(l.isConverted), l.convertedDate ?? '', l.dealId ?? ''])));
  write('invoices', 'netsuite', 'netsuite-invoices.csv', plainCsv(['Internal ID', 'Date', 'Type', 'Document Number', 'Name', 'Memo', 'Amount', 'Status', 'Due Date', 'Currency', 'Opportunity'],
    company.invoices.map((i) => [i.internalId, toMdy(i.invoiceDate), i.type, i.documentNumber, i.account, i.memo, formatCents(i.amountCents, true), i.status, i.dueDate === null ? '' : toMdy(i.dueDate), i.currency, i.dealId])));
  write('payments', 'generic', 'payments.csv', plainCsv(['payment_id', 'invoice_id', 'paid_date', 'amount', 'currency'],
    company.payments.map((p) => [p.paymentId, p.invoiceId, p.paidDate, formatCents(p.amountCents), p.currency])));
  return files;
}

function repsCsv(company: DemoCompany): string {
  return plainCsv(['rep_id', 'name', 'email', 'manager_id', 'team', 'region', 'role', 'hire_date', 'end_date', 'currency'],
    company.reps.map((r) => [r.repId, r.name, r.email, r.managerId ?? '', r.team, r.region, r.role, r.hireDate, r.endDate ?? '', r.currency]));
}

export const SALESFORCE_DEAL_HEADERS = ['Opportunity ID', 'Opportunity Name', 'Account Name', 'Opportunity Owner', 'Amount Currency', 'Amount', 'Close Date', 'Created Date', 'Stage', 'Probability (%)', 'Type', 'Lead Source', 'Forecast Category', 'Product Name'];

function salesforceReportCsv(deals: DemoDealRow[]): string {
  const rows = deals.map((d) => [d.dealId, d.name, d.account, d.ownerName, d.currency, formatCents(d.amountCents, true), toMdy(d.closeDate), toMdy(d.createdDate), d.stage, String(d.probability), d.type, d.leadSource, d.forecastCategory, d.product]);
  const lines = [SALESFORCE_DEAL_HEADERS, ...rows].map((r) => r.map(quoteAlways).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n\r\n${salesforceFooter(rows.length).map(quoteAlways).join('\r\n')}\r\n`;
}

export const HUBSPOT_DEAL_HEADERS = ['Record ID', 'Deal Name', 'Deal Stage', 'Amount', 'Deal owner', 'Close Date', 'Create Date', 'Pipeline', 'Deal Type', 'Associated Company', 'Currency', 'Deal probability', 'Forecast category', 'Product'];

function hubspotCsv(deals: DemoDealRow[]): string {
  return plainCsv(HUBSPOT_DEAL_HEADERS, deals.map((d) => [
    d.dealId, d.name, d.stage, formatCents(d.amountCents).replace(/\.?0+$/, ''), d.ownerName,
    `${d.closeDate} ${timeOfDay(`${d.dealId}/close`)}`, `${d.createdDate} ${timeOfDay(`${d.dealId}/create`)}`, 'default', d.type,
    d.account, d.currency, formatScaled(d.probability, 2).replace(/\.?0+$/, ''), d.forecastCategory, d.product,
  ]));
}

/** A working-hours time (08:00–18:59) derived from `key`, so it never needs a random draw. */
function timeOfDay(key: string): string {
  const minutes = 8 * 60 + (fnv1a(key) % (11 * 60));
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** `1234567` cents → `12345.67`; grouped → `12,345.67`. Negative amounts keep a leading minus. */
export function formatCents(cents: number, grouped = false): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`${cents} is not a whole number of cents`);
  const abs = Math.abs(cents);
  const fraction = abs % 100;
  let whole = String((abs - fraction) / 100);
  if (grouped && whole.length > 3) {
    let out = whole.slice(-3);
    for (let end = whole.length - 3; end > 0; end -= 3) out = `${whole.slice(Math.max(0, end - 3), end)},${out}`;
    whole = out;
  }
  return `${cents < 0 ? '-' : ''}${whole}.${fraction < 10 ? '0' : ''}${fraction}`;
}

/** An integer `n` scaled by 10^-places as an exact decimal string: (10873, 4) → `1.0873`. */
export function formatScaled(n: number, places: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${n} is not a whole number of minor units`);
  const digits = String(Math.abs(n)).padStart(places + 1, '0');
  const cut = digits.length - places;
  return `${n < 0 ? '-' : ''}${digits.slice(0, cut)}${places > 0 ? `.${digits.slice(cut)}` : ''}`;
}

/** '2026-03-05' → '3/5/2026' (en_US report format). */
export function toMdy(date: IsoDate): string {
  return `${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}/${date.slice(0, 4)}`;
}

export function quoteAlways(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** RFC 4180 CSV with LF line ends; a field is quoted only when it has to be. */
function plainCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const field = (v: string): string => (/[",\r\n]|^\s|\s$/.test(v) ? quoteAlways(v) : v);
  return [header, ...rows].map((r) => r.map(field).join(',')).join('\n') + '\n';
}
