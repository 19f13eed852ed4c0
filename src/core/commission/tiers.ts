/**
 * Rate schedules as a piecewise-constant rate over the running credit position, integrated
 * exactly. Positions are minor units of the plan currency; attainment edges (tiers by
 * attainment, multiplier bands, threshold, attainment cap) are turned into positions by
 * multiplying with the quota, so no division ever happens here.
 *
 * rate(x) = base(x) × bandMultipliers(x) × eligible(x) × retroactiveMultipliers(F)
 * - base(x): `marginal` → rate of the tier containing x; `retroactive` → rate of the tier that
 *   owns the final position F (the whole window at one rate); `flat` → the one rate.
 * - bandMultipliers: marginal multiplier bands containing x; retroactive bands apply when F
 *   lies in them.
 * - eligible: 0 below a threshold without retroactive unlock, 0 everywhere when a threshold with
 *   retroactive unlock is not reached by F, 0 beyond the attainment cap (capped evaluation).
 * A deal moving the position from a to b earns ∫ rate(x) dx over a..b (negative when b < a, so a
 * reversal takes back exactly what the same credit earned). Below 0 the first tier applies.
 *
 * Boundary ownership decides point lookups (F's tier, F in a band, F reaching the threshold):
 * `upper` puts a value exactly on an edge in the tier starting there, `lower` in the one ending there.
 */
import { parseDecimal } from '../decimal.js';
import type { BoundaryOwner, RateSchedule, RateScheduleKind } from './plan-types.js';
import { type Rational, ZERO_R, addR, compareR, fromBigInt, fromDecimal, mulR, negR, overPowerOfTen, subR } from './rational.js';

export interface PreparedTier {
  /** 1-based tier number as written in the plan. */
  number: number;
  from: Rational;
  /** rate × tier multiplier. */
  rate: Rational;
}

export interface PreparedBand {
  lo?: Rational;
  hi?: Rational;
  multiplier: Rational;
  applies: 'marginal' | 'retroactive';
}

export interface PreparedSchedule {
  kind: RateScheduleKind;
  boundary: BoundaryOwner;
  tiers: PreparedTier[];
  bands: PreparedBand[];
  threshold?: { at: Rational; retroactiveUnlock: boolean };
  capAt?: Rational;
}

export interface Segment {
  label: string;
  from: Rational;
  to: Rational;
  /** Signed credit in the band (to − from), minor units. */
  credit: Rational;
  rate: Rational;
  amount: Rational;
}

export interface Evaluation {
  segments: Segment[];
  amount: Rational;
}

/** True when evaluating needs a quota (anything measured in attainment). */
export function needsQuota(schedule: RateSchedule): boolean {
  const attainmentTiers = schedule.kind !== 'flat' && schedule.tierBasis === 'attainment';
  return attainmentTiers || (schedule.multipliers ?? []).length > 0 || schedule.threshold !== undefined || schedule.caps?.attainment !== undefined;
}

/** Plan numbers (rates, attainments, multipliers) as exact fractions, parsed once per text: every window prepares the schedule again. */
const EXACT = new Map<string, Rational>();

function exact(text: string): Rational {
  let value = EXACT.get(text);
  if (value === undefined) {
    value = fromDecimal(parseDecimal(text));
    if (EXACT.size >= 10_000) EXACT.clear();
    EXACT.set(text, value);
  }
  return value;
}

/**
 * Turns plan text into positions. `quota` (minor units) converts attainments; `toMinor` converts
 * money tier edges of amount tiers.
 */
export function prepareSchedule(schedule: RateSchedule, quota: bigint | undefined, toMinorUnits: (money: string) => bigint): PreparedSchedule {
  const attainment = (text: string): Rational => {
    if (quota === undefined) throw new RangeError('this rate schedule is measured in attainment and needs a quota');
    return mulR(exact(text), fromBigInt(quota));
  };
  const edge = (text: string): Rational =>
    schedule.tierBasis === 'amount' ? fromBigInt(toMinorUnits(text)) : attainment(text);
  const tiers: PreparedTier[] =
    schedule.kind === 'flat'
      ? [{ number: 1, from: ZERO_R, rate: exact(schedule.rate ?? '0') }]
      : (schedule.tiers ?? []).map((t, i) => ({
          number: i + 1,
          from: edge(t.from),
          rate: mulR(exact(t.rate), exact(t.multiplier ?? '1')),
        }));
  const bands = (schedule.multipliers ?? []).map((m): PreparedBand => ({
    ...(m.above === undefined ? {} : { lo: attainment(m.above) }),
    ...(m.below === undefined ? {} : { hi: attainment(m.below) }),
    multiplier: exact(m.multiplier),
    applies: m.applies,
  }));
  return {
    kind: schedule.kind,
    boundary: schedule.boundary,
    tiers,
    bands,
    ...(schedule.threshold === undefined
      ? {}
      : { threshold: { at: attainment(schedule.threshold.attainment), retroactiveUnlock: schedule.threshold.retroactiveUnlock } }),
    ...(schedule.caps?.attainment === undefined ? {} : { capAt: attainment(schedule.caps.attainment) }),
  };
}

/** x is at or past `edge` under the boundary rule (a value on the edge belongs above it with `upper`). */
function reaches(x: Rational, edge: Rational, boundary: BoundaryOwner): boolean {
  const c = compareR(x, edge);
  return boundary === 'upper' ? c >= 0 : c > 0;
}

/** The tier that owns the point x. */
export function tierAt(prepared: PreparedSchedule, x: Rational): PreparedTier {
  let owner = prepared.tiers[0];
  if (owner === undefined) throw new RangeError('a rate schedule needs at least one tier');
  for (const tier of prepared.tiers) if (tier.number > 1 && reaches(x, tier.from, prepared.boundary)) owner = tier;
  return owner;
}

function inBand(band: PreparedBand, x: Rational, boundary: BoundaryOwner): boolean {
  const aboveOk = band.lo === undefined || reaches(x, band.lo, boundary);
  const belowOk = band.hi === undefined || !reaches(x, band.hi, boundary);
  return aboveOk && belowOk;
}

/** True when the final position satisfies the threshold (or there is none). */
export function gateMet(prepared: PreparedSchedule, final: Rational): boolean {
  const t = prepared.threshold;
  return t === undefined || !t.retroactiveUnlock || reaches(final, t.at, prepared.boundary);
}

/** What the rate of a band depends on besides the band itself: fixed by the window's final position. */
function segmentContext(prepared: PreparedSchedule, final: Rational, capped: boolean): SegmentContext & { edges: Rational[] } {
  const cap = capped ? prepared.capAt : undefined;
  const lookup = cap !== undefined && compareR(final, cap) > 0 ? cap : final;
  const met = gateMet(prepared, final);
  const retroTier = prepared.kind === 'retroactive' ? tierAt(prepared, lookup) : undefined;
  let retroFactor: Rational = { num: 1n, den: 1n };
  for (const band of prepared.bands) {
    if (band.applies === 'retroactive' && inBand(band, lookup, prepared.boundary)) retroFactor = mulR(retroFactor, band.multiplier);
  }
  const edges: Rational[] = [];
  if (prepared.kind === 'marginal') for (const t of prepared.tiers.slice(1)) edges.push(t.from);
  for (const band of prepared.bands) {
    if (band.applies !== 'marginal') continue;
    if (band.lo !== undefined) edges.push(band.lo);
    if (band.hi !== undefined) edges.push(band.hi);
  }
  const threshold = prepared.threshold;
  if (threshold !== undefined && !threshold.retroactiveUnlock) edges.push(threshold.at);
  if (cap !== undefined) edges.push(cap);
  return { met, retroTier, retroFactor, cap, edges };
}

/**
 * ∫ rate over a..b for a window whose final position is `final`. With `capped`, credit beyond
 * the attainment cap earns nothing and a retroactive rate is looked up at the capped position.
 */
export function integrate(prepared: PreparedSchedule, a: Rational, b: Rational, final: Rational, capped: boolean): Evaluation {
  const direction = compareR(a, b);
  if (direction === 0) return { segments: [], amount: ZERO_R };
  if (direction > 0) {
    const forward = integrate(prepared, b, a, final, capped);
    const segments = forward.segments.map((s) => ({ ...s, from: s.to, to: s.from, credit: negR(s.credit), amount: negR(s.amount) }));
    return { segments: segments.reverse(), amount: negR(forward.amount) };
  }
  const ctx = segmentContext(prepared, final, capped);
  const cuts = ctx.edges.filter((e) => compareR(e, a) > 0 && compareR(e, b) < 0).sort(compareR);
  const points = [a, ...cuts, b];
  const segments: Segment[] = [];
  let amount = ZERO_R;
  for (let k = 0; k + 1 < points.length; k++) {
    const from = points[k];
    const to = points[k + 1];
    if (from === undefined || to === undefined || compareR(from, to) === 0) continue;
    const segment = segmentAt(prepared, from, to, ctx);
    segments.push(segment);
    amount = addR(amount, segment.amount);
  }
  return { segments, amount };
}

/**
 * One window's schedule at one final position, ready for many deals: the edges sorted once, and
 * the label and rate of each band between two neighbouring edges, worked out on first use.
 * Inside such a band nothing segmentAt looks at changes (every tier start, multiplier edge,
 * strict threshold and cap is an edge), so one lookup serves every deal crossing it.
 */
export interface BandTable {
  prepared: PreparedSchedule;
  final: Rational;
  capped: boolean;
  ctx: SegmentContext;
  /** Distinct edges, ascending; band k lies between edges[k − 1] and edges[k] (unbounded at the ends). */
  edges: Rational[];
  /** Each edge rounded up to an integer, and whether it is one: compared with whole positions without a product. */
  ceilings: bigint[];
  whole: boolean[];
  bands: (Band | undefined)[];
}

export interface Band {
  label: string;
  rate: Rational;
  /** `rate` over a power of ten when it terminates (it does for decimal plan rates): integer credit × it needs no gcd. */
  scaled: Rational;
}

export function bandTable(prepared: PreparedSchedule, final: Rational, capped: boolean): BandTable {
  const ctx = segmentContext(prepared, final, capped);
  const edges: Rational[] = [];
  for (const e of [...ctx.edges].sort(compareR)) {
    const last = edges[edges.length - 1];
    if (last === undefined || compareR(last, e) !== 0) edges.push(e);
  }
  const ceilings = edges.map((e) => {
    const q = e.num / e.den; // toward zero; den > 0
    return e.num > 0n && q * e.den !== e.num ? q + 1n : q;
  });
  const whole = edges.map((e) => e.num % e.den === 0n);
  return { prepared, final, capped, ctx, edges, ceilings, whole, bands: new Array<undefined>(edges.length + 1).fill(undefined) };
}

/**
 * The band a move from whole position `a` up to `b` stays inside, when it crosses no edge and
 * that band was already looked up; undefined otherwise (integrateBands then does the work).
 * The move earns (b − a) × band.rate, exactly what integrateBands gives: most deals take this.
 */
export function singleBand(table: BandTable, a: bigint, b: bigint): Band | undefined {
  if (a >= b) return undefined;
  const { ceilings, whole } = table;
  // The band `a` starts in: the number of edges at or below it (edge ≤ a ⇔ ⌈edge⌉ ≤ a).
  let k = 0;
  while (k < ceilings.length && (ceilings[k] as bigint) <= a) k++;
  const band = table.bands[k];
  if (band === undefined) return undefined;
  // The next edge must not lie below b (edge < b ⇔ ⌈edge⌉ < b for a whole edge, ⌈edge⌉ ≤ b otherwise).
  const ceiling = ceilings[k];
  if (ceiling !== undefined && (whole[k] === true ? ceiling < b : ceiling <= b)) return undefined;
  return band;
}

export interface BandEvaluation extends Evaluation {
  /** The rate of every band crossed when they all pay the same; undefined when they differ or none is crossed. */
  rate: Rational | undefined;
}

/**
 * The same as integrate(table.prepared, a, b, table.final, table.capped), band lookups cached.
 * Without `withSegments` the segments are left out (the amount and the rate are the same).
 */
export function integrateBands(table: BandTable, a: Rational, b: Rational, withSegments = true): BandEvaluation {
  const direction = compareR(a, b);
  if (direction === 0) return { segments: [], amount: ZERO_R, rate: undefined };
  if (direction > 0) {
    const forward = integrateBands(table, b, a, withSegments);
    const segments = forward.segments.map((s) => ({ ...s, from: s.to, to: s.from, credit: negR(s.credit), amount: negR(s.amount) }));
    return { segments: segments.reverse(), amount: negR(forward.amount), rate: forward.rate };
  }
  const { edges } = table;
  // The band `a` starts in: the number of edges at or below it.
  let k = 0;
  while (k < edges.length && compareR(edges[k] as Rational, a) <= 0) k++;
  const segments: Segment[] = [];
  let amount: Rational | undefined;
  let rate: Rational | undefined;
  let mixed = false;
  let from = a;
  for (;;) {
    const edge = edges[k];
    const to = edge !== undefined && compareR(edge, b) < 0 ? edge : b;
    const segment = bandSegment(table, k, from, to);
    if (withSegments) segments.push(segment);
    amount = amount === undefined ? segment.amount : addR(amount, segment.amount);
    if (rate === undefined) rate = segment.rate;
    else if (!mixed && rate !== segment.rate && compareR(rate, segment.rate) !== 0) mixed = true;
    if (to === b) break;
    from = to;
    k++;
  }
  return { segments, amount, rate: mixed ? undefined : rate };
}

function bandSegment(table: BandTable, k: number, from: Rational, to: Rational): Segment {
  const known = table.bands[k];
  if (known === undefined) {
    const segment = segmentAt(table.prepared, from, to, table.ctx);
    table.bands[k] = { label: segment.label, rate: segment.rate, scaled: overPowerOfTen(segment.rate) };
    return segment;
  }
  const credit = subR(to, from);
  return { label: known.label, from, to, credit, rate: known.rate, amount: mulR(credit, known.rate) };
}

interface SegmentContext {
  met: boolean;
  retroTier: PreparedTier | undefined;
  retroFactor: Rational;
  cap: Rational | undefined;
}

/** The rate on the open band (from, to), which contains no edge. */
function segmentAt(prepared: PreparedSchedule, from: Rational, to: Rational, ctx: SegmentContext): Segment {
  const credit = subR(to, from);
  // Any interior point decides; `from` with upper ownership is interior-equivalent.
  const tier = ctx.retroTier ?? tierAtInterior(prepared, from);
  const labels = [prepared.kind === 'retroactive' ? `tier ${tier.number} (reached)` : `tier ${tier.number}`];
  let rate = mulR(tier.rate, ctx.retroFactor);
  if (compareR(ctx.retroFactor, { num: 1n, den: 1n }) !== 0) labels.push('× retroactive multiplier');
  for (const band of prepared.bands) {
    if (band.applies !== 'marginal') continue;
    const inside = (band.lo === undefined || compareR(from, band.lo) >= 0) && (band.hi === undefined || compareR(to, band.hi) <= 0);
    if (inside) {
      rate = mulR(rate, band.multiplier);
      labels.push('× multiplier');
    }
  }
  const t = prepared.threshold;
  if (!ctx.met) {
    rate = ZERO_R;
    labels.push('threshold not reached');
  } else if (t !== undefined && !t.retroactiveUnlock && compareR(to, t.at) <= 0) {
    rate = ZERO_R;
    labels.push('below threshold');
  }
  if (ctx.cap !== undefined && compareR(from, ctx.cap) >= 0) {
    rate = ZERO_R;
    labels.push('beyond attainment cap');
  }
  return { label: labels.join(' '), from, to, credit, rate, amount: mulR(credit, rate) };
}

function tierAtInterior(prepared: PreparedSchedule, from: Rational): PreparedTier {
  let owner = prepared.tiers[0];
  if (owner === undefined) throw new RangeError('a rate schedule needs at least one tier');
  for (const tier of prepared.tiers) if (tier.number > 1 && compareR(from, tier.from) >= 0) owner = tier;
  return owner;
}
