/**
 * The demo company: "Larkspur Analytics", a fictional B2B analytics vendor generated from a seed
 * and an as-of date. Pure and in memory; `write-files.ts` turns it into vendor exports.
 *
 * The window is the 24 calendar months ending at the end of the as-of month. Closed deals fall
 * between the window start and the as-of date; open pipeline runs up to 6 months past as-of.
 * Money is integer minor units (cents); random draws are floats turned into cents in `toCents`.
 * Each part draws from its own random stream, so changing one part leaves the others alone.
 */
import {
  addDays, daysBetween, daysInMonth, endOfMonth, isValidIsoDate, maxDate, minDate, overlapDays, type IsoDate,
} from '../core/calendar.js';
import { createRng, type Rng } from './random.js';

export type DemoRegion = 'AMER' | 'EMEA';
export type DemoRole = 'VP' | 'Manager' | 'AE' | 'SDR' | 'SE-overlay';
export type DemoCurrency = 'USD' | 'EUR';
export type DemoDealStatus = 'open' | 'won' | 'lost';
export interface DemoCompanyOptions { seed: number; asOf: IsoDate }
export interface DemoRepRow {
  repId: string; name: string; email: string; managerId: string | null; team: string; region: DemoRegion;
  role: DemoRole; hireDate: IsoDate; endDate: IsoDate | null; currency: DemoCurrency;
}
export interface DemoDealRow {
  dealId: string; source: 'salesforce' | 'hubspot'; region: DemoRegion; name: string; account: string;
  ownerRepId: string; ownerName: string; amountCents: number; currency: DemoCurrency;
  /** Salesforce stage label (AMER) or HubSpot internal stage id (EMEA); probability in percent. */
  stage: string; status: DemoDealStatus; probability: number; forecastCategory: string;
  closeDate: IsoDate; createdDate: IsoDate; type: string; product: string; leadSource: string;
}
export interface DemoSplitRow { dealId: string; repId: string; repName: string; percent: number; splitType: 'Revenue' | 'Overlay' }
export interface DemoQuotaRow { repId: string; period: string; amountCents: number; currency: DemoCurrency; measure: 'bookings' }
export interface DemoLeadRow {
  leadId: string; createdDate: IsoDate; ownerRepId: string; source: string; status: string;
  isConverted: boolean; convertedDate: IsoDate | null; dealId: string | null;
}
/** An invoice or (negative) credit memo. A credit memo corrects an over-billed invoice of the same deal. */
export interface DemoInvoiceRow {
  internalId: string; documentNumber: string; type: 'Invoice' | 'Credit Memo'; invoiceDate: IsoDate;
  dueDate: IsoDate | null; account: string; memo: string; amountCents: number; status: string;
  currency: DemoCurrency; dealId: string;
}
export interface DemoPaymentRow { paymentId: string; invoiceId: string; paidDate: IsoDate; amountCents: number; currency: DemoCurrency }
/** `rateE4`: US dollars per unit of `currency`, in ten-thousandths (1.0873 → 10873). */
export interface DemoFxRateRow { currency: 'EUR' | 'GBP'; date: IsoDate; rateE4: number }
export interface DemoCompany {
  seed: number; asOf: IsoDate; windowStart: IsoDate; windowEnd: IsoDate;
  reps: DemoRepRow[]; deals: DemoDealRow[]; splits: DemoSplitRow[]; quotas: DemoQuotaRow[];
  leads: DemoLeadRow[]; invoices: DemoInvoiceRow[]; payments: DemoPaymentRow[]; fxRates: DemoFxRateRow[];
}

interface Ctx { seed: number; asOf: IsoDate; asOfMonth: number; firstMonth: number; windowStart: IsoDate }
type Pools = Record<'enterprise' | 'midMarket' | 'emea', string[]>;

export function generateDemoCompany(options: DemoCompanyOptions): DemoCompany {
  const { seed, asOf } = options;
  if (!isValidIsoDate(asOf)) throw new RangeError(`as-of date "${asOf}" is not a valid YYYY-MM-DD date`);
  const asOfMonth = Number(asOf.slice(0, 4)) * 12 + Number(asOf.slice(5, 7)) - 1;
  const ctx: Ctx = { seed, asOf, asOfMonth, firstMonth: asOfMonth - 23, windowStart: monthStart(asOfMonth - 23) };
  const reps = buildReps(ctx);
  const deals = buildDeals(ctx, reps, buildAccounts(seed));
  const splits = buildSplits(ctx, reps, deals);
  const { invoices, payments } = buildBilling(ctx, deals);
  return {
    seed, asOf, windowStart: ctx.windowStart, windowEnd: endOfMonth(asOf), reps, deals, splits,
    quotas: buildQuotas(ctx, reps, deals, splits), leads: buildLeads(ctx, reps, deals), invoices, payments,
    fxRates: buildFxRates(ctx),
  };
}

export function isEmployed(rep: DemoRepRow, date: IsoDate): boolean {
  return rep.hireDate <= date && (rep.endDate === null || date <= rep.endDate);
}

const CHECKSUM_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62_DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The 18-character form of a 15-character Salesforce id: each 5-character chunk adds one checksum
 * character whose bits mark the chunk's upper-case letters. */
export function salesforceId18(id15: string): string {
  if (id15.length !== 15) throw new RangeError(`"${id15}" is not a 15-character Salesforce id`);
  let suffix = '';
  for (let chunk = 0; chunk < 15; chunk += 5) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const code = id15.charCodeAt(chunk + i);
      if (code >= 65 && code <= 90) bits |= 1 << i;
      else if (!((code >= 48 && code <= 57) || (code >= 97 && code <= 122))) throw new RangeError(`"${id15}" is not a Salesforce id`);
    }
    suffix += CHECKSUM_CHARS.charAt(bits);
  }
  return id15 + suffix;
}

/** `n` (a whole number >= 0) in base 62 (0-9, A-Z, a-z), left-padded with zeros to `width`. */
export function base62(n: number, width: number): string {
  let out = '';
  for (let rest = n; rest > 0; rest = Math.floor(rest / 62)) out = BASE62_DIGITS.charAt(rest % 62) + out;
  return out.length < width ? '0'.repeat(width - out.length) + out : out;
}

/** First day of month index `m` (year × 12 + month − 1). */
export function monthStart(m: number): IsoDate {
  return `${String(Math.floor(m / 12)).padStart(4, '0')}-${String((m % 12) + 1).padStart(2, '0')}-01`;
}

export function quarterLabel(date: IsoDate): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

// ---------------------------------------------------------------- reps

const AMER_FIRST = 'Maya Daniel Priya Marcus Olivia Ethan Sofia Jamal Hannah Lucas Grace Diego Chloe Noah Aisha Ryan Nora Kenji'.split(' ');
const AMER_LAST = 'Patel Brooks Nguyen Reyes Coleman Sullivan Park Whitaker Okafor Hayes Moreno Chen Donovan Kaplan Bennett Ramirez Foster Ito'.split(' ');
const EMEA_FIRST = 'Amélie Jürgen Lars Inés Matteo Freya Tomasz Niamh Björn Elif'.split(' ');
const EMEA_LAST = "Dubois Hoffmann Janssen Kowalski Rossi Lindqvist O'Connor Yilmaz Berg Moreau".split(' ');
/** Role, team, manager (index in this list), and a hire (H) or leave (L) event inside the window. */
const ROSTER: ReadonlyArray<readonly [DemoRole, string, number, string]> = [
  ['VP', 'Sales Leadership', -1, ''],
  ['Manager', 'AMER Enterprise', 0, ''], ['Manager', 'AMER Mid-Market', 0, ''], ['Manager', 'EMEA', 0, ''],
  ['AE', 'AMER Enterprise', 1, ''], ['AE', 'AMER Enterprise', 1, ''], ['AE', 'AMER Enterprise', 1, ''],
  ['AE', 'AMER Enterprise', 1, 'H3'], ['AE', 'AMER Mid-Market', 2, ''], ['AE', 'AMER Mid-Market', 2, ''],
  ['AE', 'AMER Mid-Market', 2, ''], ['AE', 'AMER Mid-Market', 2, 'L1'], ['AE', 'AMER Mid-Market', 2, 'H1'],
  ['AE', 'EMEA', 3, ''], ['AE', 'EMEA', 3, ''], ['AE', 'EMEA', 3, 'L2'], ['AE', 'EMEA', 3, 'H2'],
  ['SDR', 'AMER Mid-Market', 2, ''], ['SDR', 'AMER Mid-Market', 2, ''], ['SDR', 'AMER Enterprise', 1, ''],
  ['SE-overlay', 'AMER Enterprise', 1, ''], ['SE-overlay', 'AMER Enterprise', 1, ''],
];

function buildReps(ctx: Ctx): DemoRepRow[] {
  const rng = createRng(ctx.seed, 'reps');
  const names = { AMER: pairNames(rng, AMER_FIRST, AMER_LAST), EMEA: pairNames(rng, EMEA_FIRST, EMEA_LAST) };
  const f = ctx.firstMonth;
  const nextQuarter = (m: number): number => m + ((3 - (m % 3)) % 3);
  const events: Record<string, IsoDate> = {
    L1: addDays(monthStart(f + 5), -rng.int(1, 12)), H1: monthStart(nextQuarter(f + 6)),
    L2: addDays(monthStart(f + 12), 19), H2: monthStart(nextQuarter(f + 14)),
    H3: addDays(monthStart(f + 17 - ((f + 17) % 3) + 1), 14), // the 15th of a quarter's middle month
  };
  return ROSTER.map(([role, team, manager, event], i): DemoRepRow => {
    const region: DemoRegion = team === 'EMEA' ? 'EMEA' : 'AMER';
    const [first, last] = names[region].shift() ?? ['Alex', `Rep${i}`];
    const tenure = role === 'VP' ? rng.int(1500, 2500) : role === 'Manager' ? rng.int(700, 1800) : rng.int(30, 1500);
    return {
      repId: repId(i), name: `${first} ${last}`, email: `${emailPart(first)}.${emailPart(last)}@larkspur-analytics.example`,
      managerId: manager < 0 ? null : repId(manager), team, region, role,
      hireDate: event.startsWith('H') ? entry(events, event) : addDays(ctx.windowStart, -tenure),
      endDate: event.startsWith('L') ? entry(events, event) : null, currency: region === 'EMEA' ? 'EUR' : 'USD',
    };
  });
}

function pairNames(rng: Rng, first: readonly string[], last: readonly string[]): Array<[string, string]> {
  const lasts = rng.shuffle(last);
  return rng.shuffle(first).map((name, i): [string, string] => [name, lasts[i % lasts.length] ?? 'Smith']);
}
const repId = (i: number): string => `R${String(i + 1).padStart(3, '0')}`;
const emailPart = (s: string): string => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();

// ---------------------------------------------------------------- accounts and deals

const AMER_PREFIX = 'Bluefin Cedar-Ridge Ironwood Silverline Harborview Northgate Crestline Redwood Summit-Peak Brightwater Granite Oakhurst Stonebridge Clearpath Evergreen Lakeshore Pinecrest Riverbend Copperfield Westfield Highland Sterling Falcon Beacon Keystone Meridian Pioneer Trailhead Windward Bayside'.split(' ');
const AMER_SUFFIX = ['Logistics', 'Health', 'Financial', 'Manufacturing', 'Retail Group', 'Energy', 'Foods', 'Insurance', 'Labs', 'Capital', 'Media', 'Systems', 'Freight', 'Pharma', 'Holdings, Inc.'];
const EMEA_PREFIX = 'Nordhafen Altmark Vestby Rhône Lindau Kestrel Haverford Brabant Solvik Marlow Adriatica Baltica Ravenna Isarblick Dunmore Vistula Alpenrose Skagen Loirevale Castellan'.split(' ');
const EMEA_SUFFIX = ['Logistik GmbH', 'Finance Ltd', 'Retail B.V.', 'Energie AG', 'Health AB', 'Foods S.A.', 'Systems SAS', 'Insurance plc', 'Industrie GmbH', 'Media Oy'];
const PRODUCTS = ['Insight Cloud', 'Insight Enterprise', 'DataPipe Connectors', 'Forecast Studio', 'Premium Support'];
const LEAD_SOURCES = ['Web', 'Partner Referral', 'Trade Show', 'Webinar', 'Outbound', 'Phone Inquiry'];
const LEAD_SOURCE_WEIGHTS = [30, 15, 10, 15, 25, 5];
const TYPES = ['New Business', 'Renewal', 'Expansion'];
const SF_OPEN: ReadonlyArray<readonly [string, number]> = [['Prospecting', 10], ['Qualification', 10], ['Needs Analysis', 20], ['Value Proposition', 50], ['Id. Decision Makers', 60], ['Perception Analysis', 70], ['Proposal/Price Quote', 75], ['Negotiation/Review', 90]];
const HS_OPEN: ReadonlyArray<readonly [string, number]> = [['appointmentscheduled', 20], ['qualifiedtobuy', 40], ['presentationscheduled', 60], ['decisionmakerboughtin', 80], ['contractsent', 90]];
/** Monthly closed-deal rates per seller (won, lost) and the share of enterprise-sized deals. */
const SEGMENTS: Record<string, { won: number; lost: number; bigShare: number }> = {
  'AMER Enterprise': { won: 1.5, lost: 3.5, bigShare: 1 }, 'AMER Mid-Market': { won: 4.5, lost: 10.5, bigShare: 0 }, EMEA: { won: 2.8, lost: 6.5, bigShare: 0.3 },
};
/** Won deals per month of a quarter: the quarter-end push puts ~43% of them in the last month. */
const MONTH_OF_QUARTER_WEIGHT = [0.8, 0.9, 1.3];

function buildAccounts(seed: number): Pools {
  const rng = createRng(seed, 'accounts');
  const combos = (pre: string[], suf: string[]): string[] => pre.flatMap((p) => suf.map((s) => `${p.replace('-', ' ')} ${s}`));
  const amer = rng.shuffle(combos(AMER_PREFIX, AMER_SUFFIX)).slice(0, 100);
  return { enterprise: amer.slice(0, 35), midMarket: amer.slice(35), emea: rng.shuffle(combos(EMEA_PREFIX, EMEA_SUFFIX)).slice(0, 50) };
}

function buildDeals(ctx: Ctx, reps: DemoRepRow[], pools: Pools): DemoDealRow[] {
  const rng = createRng(ctx.seed, 'deals');
  const sellers = reps.filter((r) => r.role === 'AE' || r.role === 'Manager');
  const deals: DemoDealRow[] = [];
  for (const rep of sellers) {
    const seg = entry(SEGMENTS, rep.team);
    const scale = rep.role === 'Manager' ? 0.5 : 1;
    const skill = rng.lognormal(1, 0.2);
    for (let m = ctx.firstMonth; m <= ctx.asOfMonth; m++) {
      const days = daysInMonth(Math.floor(m / 12), (m % 12) + 1);
      const isQuarterEnd = m % 3 === 2;
      for (const won of [true, false]) {
        const mean = won ? seg.won * skill * scale * (MONTH_OF_QUARTER_WEIGHT[m % 3] ?? 1) : seg.lost * scale;
        for (let n = rng.poisson(mean); n > 0; n--) {
          const day = won && isQuarterEnd && rng.chance(0.5) ? rng.int(days - 13, days) : rng.int(1, days);
          const close = addDays(monthStart(m), day - 1);
          if (close <= ctx.asOf && isEmployed(rep, close)) deals.push(makeDeal(rng, ctx, rep, pools, close, won ? 'won' : 'lost', 0));
        }
      }
    }
    if (!isEmployed(rep, ctx.asOf)) continue;
    for (let n = rng.poisson((seg.won + seg.lost) * scale * 2); n > 0; n--) {
      const ahead = 1 + Math.floor(rng.next() ** 1.4 * 183);
      const stageIndex = Math.round(7 - (ahead / 30) * 1.3 + rng.normal(0, 1.5));
      deals.push(makeDeal(rng, ctx, rep, pools, addDays(ctx.asOf, ahead), 'open', stageIndex));
    }
  }
  for (let n = 0; n < 12; n++) { // stale pipeline: open deals whose close date has passed
    const close = addDays(ctx.asOf, -rng.int(5, 90));
    const owner = rng.pick(sellers.filter((r) => isEmployed(r, close) && isEmployed(r, ctx.asOf)));
    deals.push(makeDeal(rng, ctx, owner, pools, close, 'open', rng.int(2, 7)));
  }
  deals.sort((a, b) => (a.createdDate < b.createdDate ? -1 : a.createdDate > b.createdDate ? 1 : 0));
  let sf = rng.int(200_000, 900_000);
  let hs = rng.int(9_100_000, 9_800_000) * 1000;
  for (const d of deals) {
    if (d.region === 'AMER') d.dealId = salesforceId18(`0065g00000${base62((sf += rng.int(1, 60)), 5)}`);
    else d.dealId = String((hs += rng.int(1, 40_000)));
  }
  return deals;
}

function makeDeal(rng: Rng, ctx: Ctx, rep: DemoRepRow, pools: Pools, close: IsoDate, status: DemoDealStatus, stageIndex: number): DemoDealRow {
  const big = rng.chance(entry(SEGMENTS, rep.team).bigShare);
  const type = rng.weighted(TYPES, [55, 25, 20]);
  const typeFactor = type === 'Expansion' ? 0.5 : type === 'Renewal' ? 0.9 : 1;
  const major = big ? clamp(rng.lognormal(95_000, 0.55), 40_000, 400_000) : clamp(rng.lognormal(14_000, 0.4), 5_000, 30_000);
  const pool = rep.region === 'EMEA' ? pools.emea : big ? pools.enterprise : pools.midMarket;
  const account = rng.weighted(pool, pool.map((_, i) => 1 / (i + 1) ** 0.7));
  const product = rng.weighted(PRODUCTS, big ? [2, 5, 2, 2, 1] : [6, 1, 3, 3, 1]);
  const cycle = big ? rng.int(30, 150) : rng.int(10, 90);
  return {
    dealId: '', source: rep.region === 'EMEA' ? 'hubspot' : 'salesforce', region: rep.region,
    name: `${account} - ${product}${type === 'New Business' ? '' : ` ${type}`}`, account, ownerRepId: rep.repId,
    ownerName: rep.name, amountCents: toCents(rng, Math.max(5_000, major * typeFactor)), currency: rep.currency,
    ...stageFields(rng, rep.region, status, clamp(stageIndex, 0, 7)), status, closeDate: close,
    createdDate: addDays(minDate(close, ctx.asOf), -cycle), type, product,
    leadSource: type === 'New Business' ? rng.weighted(LEAD_SOURCES, LEAD_SOURCE_WEIGHTS) : 'Existing Customer',
  };
}

function stageFields(rng: Rng, region: DemoRegion, status: DemoDealStatus, index: number): Pick<DemoDealRow, 'stage' | 'probability' | 'forecastCategory'> {
  const hs = region === 'EMEA';
  if (status === 'won') return { stage: hs ? 'closedwon' : 'Closed Won', probability: 100, forecastCategory: hs ? 'Closed won' : 'Closed' };
  if (status === 'lost') return { stage: hs ? 'closedlost' : 'Closed Lost', probability: 0, forecastCategory: hs ? 'Not forecasted' : 'Omitted' };
  const [stage, probability] = hs ? at(HS_OPEN, at([0, 0, 1, 1, 2, 2, 3, 4], index)) : at(SF_OPEN, index);
  const r = rng.next();
  const category = probability >= 80 ? (r < 0.65 ? 'Commit' : 'Best Case') : probability >= 60 && r < 0.5 ? 'Best Case' : 'Pipeline';
  return { stage, probability, forecastCategory: hs ? category.replace('Best Case', 'Best case') : category };
}

/** The one place a drawn amount becomes money: most deals are round to 50, one in ten carries cents. */
function toCents(rng: Rng, major: number): number {
  return rng.chance(0.1) ? Math.round(major * 100) : Math.round(major / 50) * 5_000;
}

// ---------------------------------------------------------------- splits and quotas

function buildSplits(ctx: Ctx, reps: DemoRepRow[], deals: DemoDealRow[]): DemoSplitRow[] {
  const rng = createRng(ctx.seed, 'splits');
  const row = (d: DemoDealRow, r: DemoRepRow, percent: number, splitType: DemoSplitRow['splitType']): DemoSplitRow => ({ dealId: d.dealId, repId: r.repId, repName: r.name, percent, splitType });
  const out: DemoSplitRow[] = [];
  for (const d of deals) {
    const owner = reps.find((r) => r.repId === d.ownerRepId);
    if (d.status !== 'won' || d.region !== 'AMER' || owner?.role !== 'AE') continue;
    const rows: DemoSplitRow[] = [];
    const partners = reps.filter((r) => r.role === 'AE' && r.region === 'AMER' && r !== owner && isEmployed(r, d.closeDate));
    if (rng.chance(0.13) && partners.length > 0) {
      const share = rng.chance(0.6) ? 60 : 50;
      rows.push(row(d, owner, share, 'Revenue'), row(d, rng.pick(partners), 100 - share, 'Revenue'));
    }
    const engineers = reps.filter((r) => r.role === 'SE-overlay' && isEmployed(r, d.closeDate));
    if (owner.team === 'AMER Enterprise' && rng.chance(0.25) && engineers.length > 0) {
      if (rows.length === 0) rows.push(row(d, owner, 100, 'Revenue')); // the owner keeps the whole revenue credit
      rows.push(row(d, rng.pick(engineers), 100, 'Overlay'));
    }
    out.push(...rows);
  }
  return out;
}

/**
 * Quarterly bookings quotas for quota carriers (AEs and managers). A past quarter's quota is the
 * rep's actual credit over a drawn attainment (45%–155%), kept within 1.8× the rep's typical
 * quarter; a quarter with under 35% of the typical credit gets a typical quota (a clear miss).
 * Quarters only partly inside the window or the rep's employment are prorated; the current
 * quarter gets a full-quarter quota.
 */
function buildQuotas(ctx: Ctx, reps: DemoRepRow[], deals: DemoDealRow[], splits: DemoSplitRow[]): DemoQuotaRow[] {
  const rng = createRng(ctx.seed, 'quotas');
  const credit = new Map<string, number>();
  const add = (repId: string, date: IsoDate, major: number): void => { const k = `${repId}|${quarterLabel(date)}`; credit.set(k, (credit.get(k) ?? 0) + major); };
  for (const d of deals.filter((x) => x.status === 'won')) {
    const shares = splits.filter((s) => s.dealId === d.dealId && s.splitType === 'Revenue');
    if (shares.length === 0) add(d.ownerRepId, d.closeDate, d.amountCents / 100);
    for (const s of shares) add(s.repId, d.closeDate, (d.amountCents / 100) * (s.percent / 100));
  }
  const out: DemoQuotaRow[] = [];
  for (const rep of reps.filter((r) => r.role === 'AE' || r.role === 'Manager')) {
    const quarters = [];
    for (let m = ctx.firstMonth - (ctx.firstMonth % 3); m <= ctx.asOfMonth; m += 3) {
      const start = monthStart(m);
      const end = endOfMonth(monthStart(m + 2));
      const days = daysBetween(start, end) + 1;
      const employed = overlapDays(rep.hireDate, rep.endDate ?? '9999-12-31', start, end) / days;
      const covered = overlapDays(maxDate(rep.hireDate, ctx.windowStart), minDate(rep.endDate ?? ctx.asOf, ctx.asOf), start, end) / days;
      const current = end > ctx.asOf;
      if (employed > 0) quarters.push({ period: quarterLabel(start), employed, covered, current, credit: credit.get(`${rep.repId}|${quarterLabel(start)}`) ?? 0 });
    }
    const past = quarters.filter((q) => !q.current && q.covered > 0);
    const typical = past.reduce((sum, q) => sum + q.credit, 0) / Math.max(1e-9, past.reduce((sum, q) => sum + q.covered, 0)) || 50_000;
    for (const q of quarters) {
      const expected = typical * q.covered;
      const major = q.current ? typical * q.employed * rng.normal(1, 0.08)
        : q.credit > 0.35 * expected ? Math.min(1.8 * expected, q.credit / clamp(rng.normal(1, 0.3), 0.45, 1.55)) : expected * rng.normal(0.9, 0.1);
      out.push({ repId: rep.repId, period: q.period, amountCents: Math.max(1, Math.round(major / 1000)) * 100_000, currency: rep.currency, measure: 'bookings' });
    }
  }
  return out;
}

// ---------------------------------------------------------------- leads, billing, FX

const NOT_CONVERTED = ['Open - Not Contacted', 'Working - Contacted', 'Closed - Not Converted'];

/** Salesforce leads (AMER): most New Business deals came from a converted lead; the rest never converted. */
function buildLeads(ctx: Ctx, reps: DemoRepRow[], deals: DemoDealRow[]): DemoLeadRow[] {
  const rng = createRng(ctx.seed, 'leads');
  const owners = reps.filter((r) => r.region === 'AMER' && (r.role === 'SDR' || r.role === 'AE'));
  const ownerOn = (date: IsoDate): DemoRepRow | undefined => {
    const open = owners.filter((r) => isEmployed(r, date));
    return open.length === 0 ? undefined : rng.weighted(open, open.map((r) => (r.role === 'SDR' ? 3 : 1)));
  };
  const leads: DemoLeadRow[] = [];
  for (const d of deals) {
    if (d.region !== 'AMER' || d.type !== 'New Business' || !rng.chance(0.9)) continue;
    const created = addDays(d.createdDate, -rng.int(2, 45));
    const owner = ownerOn(created);
    if (created < ctx.windowStart || owner === undefined) continue;
    leads.push({ leadId: '', createdDate: created, ownerRepId: owner.repId, source: d.leadSource, status: 'Closed - Converted', isConverted: true, convertedDate: d.createdDate, dealId: d.dealId });
  }
  const span = daysBetween(ctx.windowStart, ctx.asOf);
  for (let total = rng.int(5_800, 6_200); leads.length < total;) {
    const created = addDays(ctx.windowStart, rng.int(0, span));
    const owner = ownerOn(created);
    if (owner === undefined) continue;
    const age = daysBetween(created, ctx.asOf);
    const status = at(NOT_CONVERTED, age < 14 ? rng.weighted([0, 1], [6, 4]) : age < 60 ? rng.weighted([1, 2], [5, 5]) : rng.weighted([1, 2], [1, 9]));
    leads.push({ leadId: '', createdDate: created, ownerRepId: owner.repId, source: rng.weighted(LEAD_SOURCES, LEAD_SOURCE_WEIGHTS), status, isConverted: false, convertedDate: null, dealId: null });
  }
  leads.sort((a, b) => (a.createdDate < b.createdDate ? -1 : a.createdDate > b.createdDate ? 1 : 0));
  let n = rng.int(300_000, 900_000);
  for (const lead of leads) lead.leadId = salesforceId18(`00Q5g00000${base62((n += rng.int(1, 25)), 5)}`);
  return leads;
}

/**
 * One invoice per won deal (some renewals in 2–4 quarterly installments that have all been issued
 * by the as-of date). A few invoices were over-billed and corrected by a credit memo, so a won
 * deal's invoices and credit memos always net to its amount. Payments: most on time, some late,
 * some partial, a few unpaid; nothing is paid after the as-of date.
 */
function buildBilling(ctx: Ctx, deals: DemoDealRow[]): { invoices: DemoInvoiceRow[]; payments: DemoPaymentRow[] } {
  const rng = createRng(ctx.seed, 'billing');
  const invoices: DemoInvoiceRow[] = [];
  const payments: DemoPaymentRow[] = [];
  let internalId = rng.int(20_000, 40_000);
  let invoiceNo = 10_000;
  let creditNo = 1_000;
  const won = deals.filter((d) => d.status === 'won').sort((a, b) => (a.closeDate < b.closeDate ? -1 : a.closeDate > b.closeDate ? 1 : 0));
  for (const d of won) {
    const first = minDate(addDays(d.closeDate, rng.int(0, 6)), ctx.asOf);
    let parts = d.type === 'Renewal' && rng.chance(0.3) ? rng.int(2, 4) : 1;
    while (parts > 1 && addDays(first, 91 * (parts - 1)) > ctx.asOf) parts--;
    const overBilled = parts === 1 && rng.chance(0.012) && addDays(first, 45) <= ctx.asOf ? Math.max(100, Math.floor(d.amountCents / 1000) * 100) : 0;
    for (let i = 0; i < parts; i++) {
      const share = Math.floor(d.amountCents / parts) + (i === parts - 1 ? d.amountCents % parts : 0);
      const date = addDays(first, 91 * i);
      const base = { account: d.account, currency: d.currency, dealId: d.dealId };
      const invoice: DemoInvoiceRow = {
        ...base, internalId: String((internalId += rng.int(1, 9))), documentNumber: `INV-${invoiceNo++}`, type: 'Invoice', invoiceDate: date,
        dueDate: addDays(date, 30), memo: parts > 1 ? `${d.name} (installment ${i + 1} of ${parts})` : d.name, amountCents: share + overBilled, status: 'Open',
      };
      invoices.push(invoice);
      if (overBilled > 0) {
        invoices.push({ ...base, internalId: String((internalId += rng.int(1, 9))), documentNumber: `CM-${creditNo++}`, type: 'Credit Memo', invoiceDate: addDays(date, rng.int(5, 30)), dueDate: null, memo: `Billing correction for ${invoice.documentNumber}`, amountCents: -overBilled, status: 'Fully Applied' });
      }
      const r = rng.next();
      const paidOn = addDays(date, r < 0.08 ? rng.int(10, 40) : r < 0.25 ? 30 + rng.int(5, 75) : rng.int(5, 30));
      if (r < 0.03 || paidOn > ctx.asOf) continue; // unpaid
      const amountCents = r < 0.08 ? Math.floor(share / 2) : share; // partial payment, or the full net amount
      payments.push({ paymentId: '', invoiceId: invoice.documentNumber, paidDate: paidOn, amountCents, currency: d.currency });
      if (amountCents === share) invoice.status = 'Paid In Full';
    }
  }
  invoices.sort((a, b) => (a.invoiceDate < b.invoiceDate ? -1 : a.invoiceDate > b.invoiceDate ? 1 : 0));
  payments.sort((a, b) => (a.paidDate < b.paidDate ? -1 : a.paidDate > b.paidDate ? 1 : 0));
  payments.forEach((p, i) => { p.paymentId = `PMT-${String(i + 1).padStart(6, '0')}`; });
  return { invoices, payments };
}

/** Monthly EUR→USD and GBP→USD rates (first of each month): bounded random walks in ten-thousandths. */
function buildFxRates(ctx: Ctx): DemoFxRateRow[] {
  const rng = createRng(ctx.seed, 'fx');
  const walks: Array<{ currency: DemoFxRateRow['currency']; rate: number; sd: number; lo: number; hi: number }> = [
    { currency: 'EUR', rate: rng.int(10_700, 11_000), sd: 90, lo: 10_500, hi: 11_500 },
    { currency: 'GBP', rate: rng.int(12_400, 12_900), sd: 110, lo: 12_100, hi: 13_300 },
  ];
  const out: DemoFxRateRow[] = [];
  for (let m = ctx.firstMonth; m <= ctx.asOfMonth; m++) {
    for (const w of walks) {
      out.push({ currency: w.currency, date: monthStart(m), rateE4: w.rate });
      w.rate = clamp(w.rate + Math.round(rng.normal(0, w.sd)), w.lo, w.hi);
    }
  }
  return out;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function at<T>(items: readonly T[], index: number): T {
  const value = items[index];
  if (value === undefined) throw new RangeError(`demo data: no entry at ${index}`);
  return value;
}

function entry<T>(table: Readonly<Record<string, T>>, key: string): T {
  const value = table[key];
  if (value === undefined) throw new RangeError(`demo data: no entry "${key}"`);
  return value;
}
