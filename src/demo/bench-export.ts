/**
 * Large synthetic Salesforce report exports for benchmarks: a streaming writer that keeps memory
 * constant (rows are built in ~64 KB chunks and the writer waits for `drain`), and the matching
 * reps file so every owner name resolves. Close dates span 2024-01-01..2025-12-31.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { addDays } from '../core/calendar.js';
import { base62, salesforceId18 } from './company.js';
import { createRng, type Rng } from './random.js';
import { formatCents, quoteAlways, salesforceFooter, toMdy } from './write-files.js';

export interface BenchExportResult { bytes: number }
export interface BenchOwnerRow { repId: string; name: string; email: string }

export const BENCH_DEAL_HEADERS = ['Opportunity ID', 'Opportunity Name', 'Account Name', 'Opportunity Owner', 'Amount', 'Close Date', 'Created Date', 'Stage', 'Probability (%)', 'Type', 'Lead Source', 'Forecast Category'];

const FIRST = 'Avery Blake Camila Dmitri Elena Farah Gabriel Helena Isaac Jasmine Kai Leila Mateo Naomi Oscar Paloma Quentin Rosa Samir Tessa Umar Valeria Wesley Ximena Yusuf Zara Anton Bianca Cyrus Delia Emil Fiona Goran Hana Ivo Julia Kofi Lucia Milo Nadia'.split(' ');
const LAST = 'Abbott Baxter Castillo Dalton Eriksen Ferreira Gallagher Holm Ibarra Jensen Keane Lachance Mendez Nakamura Oduya Pruitt Quinlan Rasmussen Santos Tanaka Underwood Vasquez Walsh Xu Yates Zielinski Adler Bishop Cortez Duval Ellison Frost Guzman Hale Iqbal Jovanovic Kerr Larsen Mwangi Novak'.split(' ');
const ACCOUNT_WORDS = 'Apex Birch Cobalt Delta Ember Fjord Garnet Harbor Indigo Juniper Kinetic Lumen Mosaic Nimbus Onyx Prairie Quartz Ridge Sable Tundra Umber Vertex Willow Zephyr'.split(' ');
const ACCOUNT_KINDS = ['Logistics', 'Health', 'Bank', 'Retail', 'Energy', 'Foods', 'Labs', 'Media', 'Systems', 'Freight'];
/** Stage, probability, forecast category, and how often it occurs. */
const STAGES: ReadonlyArray<readonly [string, string, string, number]> = [
  ['Closed Won', '100', 'Closed', 22], ['Closed Lost', '0', 'Omitted', 48], ['Prospecting', '10', 'Pipeline', 6],
  ['Qualification', '10', 'Pipeline', 5], ['Needs Analysis', '20', 'Pipeline', 5], ['Value Proposition', '50', 'Pipeline', 4],
  ['Proposal/Price Quote', '75', 'Best Case', 4], ['Negotiation/Review', '90', 'Commit', 6],
];
const TYPES = ['New Business', 'New Business', 'Renewal', 'Expansion'];
const SOURCES = ['Web', 'Partner Referral', 'Trade Show', 'Webinar', 'Outbound', 'Phone Inquiry'];
const FIRST_CLOSE = '2024-01-01';
const CLOSE_DAYS = 731; // 2024-01-01 .. 2025-12-31
const MAX_CYCLE = 150;
const ROWS_PER_CHUNK = 500; // ~90 KB per write

/** The ~200 owners of the bench export: unique names from a seeded shuffle of first × last names. */
export function benchOwners(seed: number): BenchOwnerRow[] {
  const rng = createRng(seed, 'bench-owners');
  const names = rng.shuffle(FIRST.flatMap((f) => LAST.map((l) => `${f} ${l}`))).slice(0, 200);
  return names.map((name, i) => ({
    repId: `B${String(i + 1).padStart(4, '0')}`, name,
    email: `${name.toLowerCase().replace(' ', '.')}@larkspur-analytics.example`,
  }));
}

/** Writes the bench owners as a generic reps CSV (all AMER AEs in USD, hired before the window). */
export async function writeBenchReps(path: string, seed: number): Promise<BenchExportResult> {
  const lines = ['rep_id,name,email,manager_id,team,region,role,hire_date,end_date,currency'];
  for (const o of benchOwners(seed)) lines.push(`${o.repId},${o.name},${o.email},,Bench,AMER,AE,2020-01-06,,USD`);
  const content = `${lines.join('\n')}\n`;
  await writeFile(path, content, { mode: 0o600 });
  return { bytes: Buffer.byteLength(content) };
}

/**
 * Streams `rows` opportunities as a Salesforce report export (UTF-8 without BOM, LF, every value
 * quoted, footer lines at the end) to `path`. Memory stays constant whatever `rows` is.
 */
export async function writeBenchOpportunities(path: string, rows: number, seed: number): Promise<BenchExportResult> {
  if (!Number.isSafeInteger(rows) || rows < 0) throw new RangeError(`row count ${rows} must be a whole number >= 0`);
  const rng = createRng(seed, 'bench-deals');
  const owners = benchOwners(seed).map((o) => quoteAlways(o.name));
  const accounts = rng.shuffle(ACCOUNT_WORDS.flatMap((a) => ACCOUNT_WORDS.flatMap((b) => (a === b ? [] : ACCOUNT_KINDS.map((k) => `${a} ${b} ${k}`))))).slice(0, 2_000);
  const dates = Array.from({ length: CLOSE_DAYS + MAX_CYCLE }, (_, i) => quoteAlways(toMdy(addDays(FIRST_CLOSE, i - MAX_CYCLE))));
  const stages = STAGES.map(([stage, probability, category]) => [`${quoteAlways(stage)},${quoteAlways(probability)}`, quoteAlways(category)]);
  const types = TYPES.map(quoteAlways);
  const sources = SOURCES.map(quoteAlways);
  const stageWeights = STAGES.map((s) => s[3]);
  const stageIndexes = STAGES.map((_, i) => i);

  const stream = createWriteStream(path, { mode: 0o600 });
  let failure: unknown;
  stream.on('error', (error) => { failure = error; });
  let bytes = 0;
  const push = async (text: string): Promise<void> => {
    if (failure !== undefined) throw failure;
    const data = Buffer.from(text, 'utf8');
    bytes += data.length;
    if (!stream.write(data)) await once(stream, 'drain');
  };

  await push(`${BENCH_DEAL_HEADERS.map(quoteAlways).join(',')}\n`);
  let id = rng.int(1_000_000, 5_000_000);
  let chunk: string[] = [];
  for (let i = 0; i < rows; i++) {
    id += rng.int(1, 3);
    const account = accounts[rng.int(0, accounts.length - 1)] ?? 'Unknown'; // no quotes inside: safe to wrap
    const close = rng.int(MAX_CYCLE, MAX_CYCLE + CLOSE_DAYS - 1);
    const [stage = '', category = ''] = stages[rng.weighted(stageIndexes, stageWeights)] ?? [];
    chunk.push(`"${salesforceId18(`006Hs0${base62(id, 9)}`)}","${account} - ${rng.int(5, 900)} seats",`
      + `"${account}",${owners[rng.int(0, owners.length - 1)] ?? '""'},"${formatCents(amountCents(rng), true)}",`
      + `${dates[close] ?? ''},${dates[close - rng.int(10, MAX_CYCLE)] ?? ''},${stage},`
      + `${rng.pick(types)},${rng.pick(sources)},${category}\n`);
    if (chunk.length === ROWS_PER_CHUNK) {
      await push(chunk.join(''));
      chunk = [];
    }
  }
  await push(`${chunk.join('')}\n${salesforceFooter(rows).map(quoteAlways).join('\n')}\n`);
  stream.end();
  await finished(stream);
  return { bytes };
}

/** Log-normal deal size around 25,000, between 1,000 and 2,000,000, in whole cents. */
function amountCents(rng: Rng): number {
  return Math.round(Math.min(2_000_000, Math.max(1_000, rng.lognormal(25_000, 1))) * 100);
}
