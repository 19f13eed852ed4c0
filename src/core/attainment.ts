/**
 * Quota attainment for a period, by rep, team, manager or region.
 *
 * - Credited: won deals closed in the period, credited per credit.ts (FX at close date,
 *   splits, overlays). Deals without an FX rate are excluded and reported.
 * - Quota: per quota.ts. Quota rows name a rep by rep_id (or, failing that, by email or name);
 *   `team:<name>` rows are team quotas. Rows in another currency are converted with the rate
 *   effective on the period's last day; a row with no such rate is left out with a warning.
 * - A rep appears when employed during the period, credited in it, or given quota for it.
 * - attainment = credited / prorated quota; gap = credited − prorated quota (negative = short of
 *   quota). A rep with no quota row for the period has quota, attainment and gap empty and is
 *   listed in a warning; a prorated quota of 0 also leaves attainment empty.
 * - Team, manager and region rows and the totals roll up their reps: sum of credit over sum of
 *   quota (never a mean of percentages); reps without quota add credit but no quota. For teams,
 *   `team:<name>` quota rows, when present, replace the sum of the reps' quotas.
 * - `deals` counts distinct won deals credited to the row (overlays included).
 * - Credit whose rep is unknown (owner or split rep not resolved) is shown as "(unassigned)".
 */
import type { IsoDate } from './calendar.js';
import { type CreditSplit, type DealSumRow, type RepCredit, creditByRep, newRepCredit } from './credit.js';
import type { FxTable, MissingFx } from './fx.js';
import { type DateRange, type QuotaSettings, type QuotaSource, quotaDeriver, quotaToBaseFactor } from './quota.js';

export const GROUP_BY = ['rep', 'team', 'manager', 'region'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export function isGroupBy(s: string): s is GroupBy {
  return GROUP_BY.some((g) => g === s);
}

export interface RepInfo {
  repId: string;
  name: string | null;
  email: string | null;
  managerId: string | null;
  team: string | null;
  region: string | null;
  hireDate: IsoDate | null;
  endDate: IsoDate | null;
}

export interface QuotaRecord {
  repId: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  amountMinor: number | bigint;
  currency: string;
}

export interface AttainmentInput {
  period: DateRange;
  by: GroupBy;
  reps: readonly RepInfo[];
  /** Won deals closed in the period (rows of other statuses are ignored). */
  won: readonly DealSumRow[];
  splits: readonly CreditSplit[];
  /** Quota rows of the measure reported on. */
  quotas: readonly QuotaRecord[];
  fx: FxTable;
  settings: QuotaSettings;
  /** Restrict to this rep_id. */
  onlyRep?: string;
}

export interface AttainmentRow {
  /** rep_id, team, manager or region value; null for "(unassigned)" / "(no team)". */
  group: string | null;
  name: string;
  quotaMinor: bigint | null;
  proratedMinor: bigint | null;
  creditedMinor: bigint;
  attainment: number | null;
  gapMinor: bigint | null;
  deals: number;
}

export interface AttainmentResult {
  rows: AttainmentRow[];
  totals: AttainmentRow;
  /** Always by rep (the attainment distribution of `spm report metrics` uses it). */
  perRep: AttainmentRow[];
  /** Group of each rep under `by`. */
  groupOfRep: Map<string, string | null>;
  repsWithoutQuota: string[];
  /** Won deals excluded for want of an FX rate, by currency; not repeated in `warnings`. */
  missingFx: MissingFx;
  warnings: string[];
  /** False when nothing was won in the period and no quota covers it. */
  hasData: boolean;
}

const MAX_LISTED = 10;

function listed(items: readonly string[]): string {
  const more = items.length > MAX_LISTED ? ` and ${items.length - MAX_LISTED} more` : '';
  return items.slice(0, MAX_LISTED).join(', ') + more;
}

/** rep_id, email or name → rep_id (ids exactly, emails and names case-insensitively). */
export function makeRepLookup(reps: readonly RepInfo[]): (ref: string) => string | undefined {
  const byId = new Map(reps.map((r) => [r.repId, r.repId]));
  const byKey = new Map<string, string>();
  for (const r of reps) {
    for (const k of [r.email, r.name]) if (k) byKey.set(k.trim().toLowerCase(), r.repId);
  }
  return (ref) => byId.get(ref) ?? byKey.get(ref.trim().toLowerCase());
}

export interface GroupKey {
  key: string | null;
  name: string;
}

/**
 * How a manager reference (a rep id or a name) reads as a group: the manager's rep_id and name
 * when the reference names a rep, so one manager is one group however the reps name them.
 */
export function managerGroups(reps: readonly RepInfo[]): (ref: string) => GroupKey {
  const lookup = makeRepLookup(reps);
  const names = new Map(reps.map((r) => [r.repId, r.name ?? r.repId]));
  return (ref) => {
    const id = lookup(ref);
    return id === undefined ? { key: ref, name: ref } : { key: id, name: names.get(id) ?? id };
  };
}

/** The group key and display name of a rep under `by`. */
export function groupOf(rep: RepInfo, by: GroupBy, manager: (ref: string) => GroupKey): GroupKey {
  switch (by) {
    case 'rep':
      return { key: rep.repId, name: rep.name ?? rep.repId };
    case 'team':
      return { key: rep.team, name: rep.team ?? '(no team)' };
    case 'region':
      return { key: rep.region, name: rep.region ?? '(no region)' };
    case 'manager':
      return rep.managerId === null ? { key: null, name: '(no manager)' } : manager(rep.managerId);
  }
}

export function ratio(credited: bigint, quota: bigint | null): number | null {
  return quota === null || quota <= 0n ? null : Number(credited) / Number(quota);
}

function isActive(rep: RepInfo, period: DateRange): boolean {
  return (rep.hireDate === null || rep.hireDate <= period.end) && (rep.endDate === null || rep.endDate >= period.start);
}

function sumNullable(values: readonly (bigint | null)[]): bigint | null {
  return values.reduce<bigint | null>((sum, v) => (v === null ? sum : (sum ?? 0n) + v), null);
}

function makeRow(group: string | null, name: string, quota: bigint | null, prorated: bigint | null, tally: RepCredit): AttainmentRow {
  return {
    group, name, quotaMinor: quota, proratedMinor: prorated, creditedMinor: tally.credit,
    attainment: ratio(tally.credit, prorated), gapMinor: prorated === null ? null : tally.credit - prorated, deals: tally.deals.size + tally.counted,
  };
}

interface QuotaSources {
  byRep: Map<string, QuotaSource[]>;
  byTeam: Map<string, QuotaSource[]>;
  warnings: string[];
}

/** Quota rows → sources per rep and per team (`team:<name>`), converted to the base currency. */
function quotaSources(input: AttainmentInput, lookup: (ref: string) => string | undefined): QuotaSources {
  const { fx, period } = input;
  const out: QuotaSources = { byRep: new Map(), byTeam: new Map(), warnings: [] };
  const unknown = new Set<string>();
  const noRate = new Set<string>();
  for (const q of input.quotas) {
    const rate = fx.rateAt(q.currency, period.end);
    if (rate === undefined) {
      noRate.add(q.currency);
      continue;
    }
    const source: QuotaSource = { start: q.periodStart, end: q.periodEnd, amountMinor: BigInt(q.amountMinor) };
    if (q.currency !== fx.baseCurrency) source.toBase = quotaToBaseFactor(rate, q.currency, fx.baseCurrency);
    const team = /^team:(.+)$/i.exec(q.repId)?.[1]?.trim();
    const key = team ?? lookup(q.repId);
    if (key === undefined) {
      unknown.add(q.repId);
      continue;
    }
    const map = team === undefined ? out.byRep : out.byTeam;
    const list = map.get(key) ?? [];
    list.push(source);
    map.set(key, list);
  }
  for (const c of noRate) out.warnings.push(`no ${c}→${fx.baseCurrency} FX rate effective on ${period.end}: quotas in ${c} left out`);
  if (unknown.size > 0) out.warnings.push(`quotas name unknown reps, ignored: ${listed([...unknown].sort())}`);
  return out;
}

interface Group {
  name: string;
  rows: AttainmentRow[];
  tallies: RepCredit[];
}

/** Rows in group order, the null group (unassigned, no team …) last. */
export function compareGroups(a: { group: string | null }, b: { group: string | null }): number {
  if (a.group === b.group) return 0;
  if (a.group === null) return 1;
  if (b.group === null) return -1;
  return a.group < b.group ? -1 : 1;
}

export function computeAttainment(input: AttainmentInput): AttainmentResult {
  const { period, by, settings } = input;
  const lookup = makeRepLookup(input.reps);
  const repById = new Map(input.reps.map((r) => [r.repId, r]));
  const manager = managerGroups(input.reps);
  const credit = creditByRep(input.won, input.splits, input.fx, new Set(repById.keys()));
  const tallies = credit.byRep;
  const sources = quotaSources(input, lookup);
  const warnings = [...credit.warnings, ...sources.warnings];
  const quotaFor = quotaDeriver(period, settings);

  const perRep: AttainmentRow[] = [];
  const repsWithoutQuota: string[] = [];
  const groupOfRep = new Map<string, string | null>();
  const groups = new Map<string | null, Group>();
  let overlapping = false;
  const included = input.reps.filter((r) =>
    input.onlyRep === undefined ? isActive(r, period) || tallies.has(r.repId) || sources.byRep.has(r.repId) : r.repId === input.onlyRep,
  );
  for (const rep of included) {
    const q = quotaFor(sources.byRep.get(rep.repId) ?? [], { hireDate: rep.hireDate, endDate: rep.endDate });
    if (q === undefined) repsWithoutQuota.push(rep.repId);
    if (q?.overlapping === true) overlapping = true;
    const tally = tallies.get(rep.repId) ?? newRepCredit();
    const row = makeRow(rep.repId, rep.name ?? rep.repId, q?.quotaMinor ?? null, q?.proratedMinor ?? null, tally);
    perRep.push(row);
    const g = groupOf(rep, by, manager);
    groupOfRep.set(rep.repId, g.key);
    const entry = groups.get(g.key) ?? { name: g.name, rows: [], tallies: [] };
    entry.rows.push(row);
    entry.tallies.push(tally);
    groups.set(g.key, entry);
  }
  const unassigned = input.onlyRep === undefined ? tallies.get(null) : undefined;
  if (unassigned !== undefined) {
    const entry = groups.get(null) ?? { name: by === 'rep' ? '(unassigned)' : `(no ${by})`, rows: [], tallies: [] };
    entry.tallies.push(unassigned);
    groups.set(null, entry);
    warnings.push(`${unassigned.deals.size + unassigned.counted} won deals credit no known rep (owner or split rep not resolved): shown as unassigned; import reps or fix owners`);
  }
  if (by === 'team' && input.onlyRep === undefined) {
    for (const team of sources.byTeam.keys()) if (!groups.has(team)) groups.set(team, { name: team, rows: [], tallies: [] });
  }
  if (overlapping) warnings.push('some reps have overlapping quota rows: on each day the shortest row applies');
  if (repsWithoutQuota.length > 0) {
    warnings.push(`${repsWithoutQuota.length} reps have no quota for ${period.start}..${period.end} (attainment left empty): ${listed(repsWithoutQuota)}`);
  }

  const rows: AttainmentRow[] = [];
  const all = newRepCredit();
  for (const [key, g] of groups) {
    const tally = newRepCredit();
    for (const t of g.tallies) {
      tally.credit += t.credit;
      tally.counted += t.counted;
      all.counted += t.counted;
      for (const d of t.deals) {
        tally.deals.add(d);
        all.deals.add(d);
      }
    }
    all.credit += tally.credit;
    const team = by === 'team' && key !== null ? sources.byTeam.get(key) : undefined;
    const teamQuota = team === undefined ? undefined : quotaFor(team);
    const quota = teamQuota !== undefined ? teamQuota.quotaMinor : sumNullable(g.rows.map((r) => r.quotaMinor));
    const prorated = teamQuota !== undefined ? teamQuota.proratedMinor : sumNullable(g.rows.map((r) => r.proratedMinor));
    rows.push(makeRow(key, g.name, quota, prorated, tally));
  }
  rows.sort(compareGroups);
  const totals = makeRow(null, 'Total', sumNullable(rows.map((r) => r.quotaMinor)), sumNullable(rows.map((r) => r.proratedMinor)), all);
  const hasData = credit.wonCount > 0 || input.quotas.some((q) => q.periodStart <= period.end && q.periodEnd >= period.start);
  return { rows, totals, perRep, groupOfRep, repsWithoutQuota, missingFx: credit.missingFx, warnings, hasData };
}
