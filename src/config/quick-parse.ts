/**
 * A fast path for reading a valid configuration without loading the schema library: the
 * structure of schema.ts and plan-schema.ts checked by hand, producing exactly what the schema
 * produces (same members in the same order, defaults filled in).
 *
 * It only ever vouches: for anything it is not sure the schema accepts, it returns undefined
 * and the caller asks the schema itself, which also words every problem. So a config that is
 * wrong in any way is reported exactly as before; a valid one is read without the schema.
 * Tests compare it with the schema on generated configs, valid and broken.
 */
import { isValidIsoDate } from '../core/calendar.js';
import { isCurrencyCode } from '../core/currency.js';
import { ENTITY_NAMES } from '../core/entities.js';
import type { Assignment, Plan } from '../core/commission/plan-types.js';
import type { SpmConfig } from './schema.js';

/** Thrown inside this module when a value is not one the fast path vouches for; never escapes. */
class NotVouched extends Error {}

const NO = new NotVouched();

type Obj = Record<string, unknown>;

/** A plain object holding only the given keys (each, when present, not undefined). */
function object(value: unknown, keys: ReadonlySet<string>): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw NO;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw NO;
  for (const key of Object.keys(value)) {
    if (!keys.has(key) || (value as Obj)[key] === undefined) throw NO;
  }
  if (Object.getOwnPropertySymbols(value).length > 0) throw NO;
  return value as Obj;
}

/** A plain object used as a map (record): own string keys, none of them special. */
function record<T>(value: unknown, each: (v: unknown) => T): Record<string, T> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw NO;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw NO;
  if (Object.getOwnPropertySymbols(value).length > 0) throw NO;
  const out: Record<string, T> = {};
  for (const key of Object.keys(value)) {
    if (key === '__proto__') throw NO;
    out[key] = each((value as Obj)[key]);
  }
  return out;
}

function list<T>(value: unknown, each: (v: unknown) => T, min = 0): T[] {
  if (!Array.isArray(value) || value.length < min) throw NO;
  const out: T[] = [];
  for (let i = 0; i < value.length; i++) {
    if (!(i in value)) throw NO;
    out.push(each(value[i]));
  }
  return out;
}

function text(value: unknown, min = 0): string {
  if (typeof value !== 'string' || value.length < min) throw NO;
  return value;
}

function matching(value: unknown, pattern: RegExp): string {
  const s = text(value);
  if (!pattern.test(s)) throw NO;
  return s;
}

function oneOf<T extends string>(value: unknown, options: readonly T[]): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) throw NO;
  return value as T;
}

function num(value: unknown, min: number, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) throw NO;
  return value;
}

function int(value: unknown, min: number, max = Infinity): number {
  const n = num(value, min, max);
  if (!Number.isSafeInteger(n)) throw NO;
  return n;
}

function bool(value: unknown): boolean {
  if (typeof value !== 'boolean') throw NO;
  return value;
}

/** Sets `key` on `out` from `raw` when present (optional member without a default). */
function opt<T>(out: Obj, raw: Obj, key: string, parse: (v: unknown) => T): void {
  if (Object.hasOwn(raw, key)) out[key] = parse(raw[key]);
}

/** The member's value, or the default when absent. */
function dflt<T>(raw: Obj, key: string, parse: (v: unknown) => T, fallback: () => T): T {
  return Object.hasOwn(raw, key) ? parse(raw[key]) : fallback();
}

const keys = (...names: string[]): ReadonlySet<string> => new Set(names);

// --- plans (plan-schema.ts) ---

const DECIMAL = /^\d+(\.\d+)?$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const decimal = (v: unknown): string => matching(v, DECIMAL);
const id = (v: unknown): string => matching(v, ID);
const nonEmpty = (v: unknown): string => text(v, 1);

function isoDate(v: unknown): string {
  const s = text(v);
  if (!isValidIsoDate(s)) throw NO;
  return s;
}

const CUSTOM_KEYS = keys('field', 'equals', 'in');
const FILTER_KEYS = keys('dealType', 'product', 'custom');

function dealFilter(value: unknown): Obj {
  const raw = object(value, FILTER_KEYS);
  const out: Obj = {};
  opt(out, raw, 'dealType', (v) => list(v, nonEmpty, 1));
  opt(out, raw, 'product', (v) => list(v, nonEmpty, 1));
  opt(out, raw, 'custom', (v) =>
    list(
      v,
      (item) => {
        const c = object(item, CUSTOM_KEYS);
        const o: Obj = { field: nonEmpty(c['field']) };
        opt(o, c, 'equals', (x) => text(x));
        opt(o, c, 'in', (x) => list(x, (y) => text(y), 1));
        if ((o['equals'] === undefined) === (o['in'] === undefined)) throw NO;
        return o;
      },
      1,
    ),
  );
  return out;
}

const TIER_KEYS = keys('from', 'to', 'rate', 'multiplier');
const MULTIPLIER_KEYS = keys('above', 'below', 'multiplier', 'applies');
const THRESHOLD_KEYS = keys('attainment', 'retroactiveUnlock');
const CAPS_KEYS = keys('payout', 'attainment', 'perDeal');
const SCHEDULE_KEYS = keys('kind', 'tierBasis', 'boundary', 'rate', 'tiers', 'multipliers', 'threshold', 'caps');

function tier(value: unknown): Obj {
  const raw = object(value, TIER_KEYS);
  const out: Obj = { from: text(raw['from']) };
  opt(out, raw, 'to', (v) => text(v));
  out['rate'] = decimal(raw['rate']);
  opt(out, raw, 'multiplier', decimal);
  return out;
}

function rateMultiplier(value: unknown): Obj {
  const raw = object(value, MULTIPLIER_KEYS);
  const out: Obj = {};
  opt(out, raw, 'above', decimal);
  opt(out, raw, 'below', decimal);
  out['multiplier'] = decimal(raw['multiplier']);
  out['applies'] = dflt(raw, 'applies', (v) => oneOf(v, ['marginal', 'retroactive']), () => 'marginal');
  if (out['above'] === undefined && out['below'] === undefined) throw NO;
  return out;
}

function rateSchedule(value: unknown): Obj {
  const raw = object(value, SCHEDULE_KEYS);
  const out: Obj = {
    kind: oneOf(raw['kind'], ['flat', 'marginal', 'retroactive']),
    tierBasis: dflt(raw, 'tierBasis', (v) => oneOf(v, ['attainment', 'amount']), () => 'attainment'),
    boundary: dflt(raw, 'boundary', (v) => oneOf(v, ['lower', 'upper']), () => 'upper'),
  };
  opt(out, raw, 'rate', decimal);
  opt(out, raw, 'tiers', (v) => list(v, tier, 1));
  opt(out, raw, 'multipliers', (v) => list(v, rateMultiplier));
  opt(out, raw, 'threshold', (v) => {
    const t = object(v, THRESHOLD_KEYS);
    return { attainment: decimal(t['attainment']), retroactiveUnlock: dflt(t, 'retroactiveUnlock', bool, () => true) };
  });
  opt(out, raw, 'caps', (v) => {
    const c = object(v, CAPS_KEYS);
    const o: Obj = {};
    opt(o, c, 'payout', decimal);
    opt(o, c, 'attainment', decimal);
    opt(o, c, 'perDeal', decimal);
    return o;
  });
  return out;
}

const CURVE_KEYS = keys('targetIncentive', 'points');
const POINT_KEYS = keys('attainment', 'multiplier');

function payoutCurve(value: unknown): Obj {
  const raw = object(value, CURVE_KEYS);
  return {
    targetIncentive: decimal(raw['targetIncentive']),
    points: list(
      raw['points'],
      (p) => {
        const point = object(p, POINT_KEYS);
        return { attainment: decimal(point['attainment']), multiplier: decimal(point['multiplier']) };
      },
      1,
    ),
  };
}

const COMPONENT_KEYS = keys('id', 'name', 'filter', 'creditBasis', 'measure', 'rateSchedule', 'payoutCurve');

function component(value: unknown): Obj {
  const raw = object(value, COMPONENT_KEYS);
  const out: Obj = { id: id(raw['id']) };
  opt(out, raw, 'name', (v) => text(v));
  opt(out, raw, 'filter', dealFilter);
  out['creditBasis'] = dflt(raw, 'creditBasis', (v) => oneOf(v, ['booking', 'invoice', 'payment']), () => 'booking');
  out['measure'] = dflt(raw, 'measure', nonEmpty, () => 'bookings');
  opt(out, raw, 'rateSchedule', rateSchedule);
  opt(out, raw, 'payoutCurve', payoutCurve);
  if ((out['rateSchedule'] === undefined) === (out['payoutCurve'] === undefined)) throw NO;
  return out;
}

const CONDITION_KEYS = keys('component', 'attainment');
const SPIFF_KEYS = keys('id', 'name', 'per', 'filter', 'amount', 'rate', 'condition', 'from', 'to');

function spiff(value: unknown): Obj {
  const raw = object(value, SPIFF_KEYS);
  const out: Obj = { id: id(raw['id']) };
  opt(out, raw, 'name', (v) => text(v));
  out['per'] = dflt(raw, 'per', (v) => oneOf(v, ['deal', 'period']), () => 'deal');
  opt(out, raw, 'filter', dealFilter);
  opt(out, raw, 'amount', decimal);
  opt(out, raw, 'rate', decimal);
  opt(out, raw, 'condition', (v) => {
    const c = object(v, CONDITION_KEYS);
    return { component: nonEmpty(c['component']), attainment: decimal(c['attainment']) };
  });
  opt(out, raw, 'from', isoDate);
  opt(out, raw, 'to', isoDate);
  return out;
}

const ROUNDING_KEYS = keys('mode', 'point');
const OVERRIDE_KEYS = keys('basis', 'rate');
const PLAN_KEYS = keys('id', 'name', 'currency', 'measurementPeriod', 'tierScope', 'rounding', 'components', 'spiffs', 'managerOverride');

function plan(value: unknown): Obj {
  const raw = object(value, PLAN_KEYS);
  const currency = text(raw['currency']);
  const out: Obj = { id: id(raw['id']), name: nonEmpty(raw['name']) };
  if (!isCurrencyCode(currency)) throw NO;
  out['currency'] = currency;
  out['measurementPeriod'] = dflt(raw, 'measurementPeriod', (v) => oneOf(v, ['month', 'quarter', 'year']), () => 'month');
  out['tierScope'] = dflt(raw, 'tierScope', (v) => oneOf(v, ['per-deal', 'period-to-date', 'year-to-date']), () => 'period-to-date');
  out['rounding'] = dflt(
    raw,
    'rounding',
    (v) => {
      const r = object(v, ROUNDING_KEYS);
      return { mode: dflt(r, 'mode', (x) => oneOf(x, ['half-up', 'half-even']), () => 'half-up'), point: dflt(r, 'point', (x) => oneOf(x, ['line', 'statement']), () => 'line') };
    },
    () => ({ mode: 'half-up', point: 'line' }),
  );
  out['components'] = list(raw['components'], component, 1);
  out['spiffs'] = dflt(raw, 'spiffs', (v) => list(v, spiff), () => []);
  opt(out, raw, 'managerOverride', (v) => {
    const o = object(v, OVERRIDE_KEYS);
    return { basis: oneOf(o['basis'], ['team-credit', 'team-commission']), rate: decimal(o['rate']) };
  });
  return out;
}

const ASSIGNMENT_KEYS = keys('plan', 'rep', 'role', 'team', 'from', 'to');

function assignment(value: unknown): Obj {
  const raw = object(value, ASSIGNMENT_KEYS);
  const out: Obj = { plan: nonEmpty(raw['plan']) };
  opt(out, raw, 'rep', nonEmpty);
  opt(out, raw, 'role', nonEmpty);
  opt(out, raw, 'team', nonEmpty);
  out['from'] = isoDate(raw['from']);
  opt(out, raw, 'to', isoDate);
  if ([out['rep'], out['role'], out['team']].filter((t) => t !== undefined).length !== 1) throw NO;
  return out;
}

// --- the whole config (schema.ts) ---

const STAGE_KEYS = keys('status', 'probability', 'forecastCategory');
const MAPPING_KEYS = new Set<string>(ENTITY_NAMES);
const IMPORT_KEYS = keys('dateFormat', 'mappings');
const QUOTA_KEYS = keys('proration', 'ramp', 'distribution');
const CONFIG_KEYS = keys('$schema', 'db', 'baseCurrency', 'fiscalYearStartMonth', 'busyTimeoutMs', 'import', 'quota', 'stages', 'plans', 'assignments');

function mappings(value: unknown): Obj {
  const raw = object(value, MAPPING_KEYS);
  const out: Obj = {};
  for (const entity of ENTITY_NAMES) opt(out, raw, entity, (v) => record(v, (x) => text(x)));
  return out;
}

function stage(value: unknown): Obj {
  const raw = object(value, STAGE_KEYS);
  const out: Obj = { status: oneOf(raw['status'], ['open', 'won', 'lost']) };
  opt(out, raw, 'probability', (v) => num(v, 0, 100));
  opt(out, raw, 'forecastCategory', (v) => text(v));
  return out;
}

function config(value: unknown): Obj {
  const raw = object(value, CONFIG_KEYS);
  const out: Obj = {};
  opt(out, raw, '$schema', (v) => text(v));
  opt(out, raw, 'db', nonEmpty);
  out['baseCurrency'] = dflt(raw, 'baseCurrency', (v) => matching(v, /^[A-Z]{3}$/), () => 'USD');
  out['fiscalYearStartMonth'] = dflt(raw, 'fiscalYearStartMonth', (v) => int(v, 1, 12), () => 1);
  out['busyTimeoutMs'] = dflt(raw, 'busyTimeoutMs', (v) => int(v, 0), () => 60_000);
  out['import'] = dflt(
    raw,
    'import',
    (v) => {
      const i = object(v, IMPORT_KEYS);
      return { dateFormat: dflt(i, 'dateFormat', (x) => oneOf(x, ['auto', 'MDY', 'DMY', 'YMD']), () => 'auto'), mappings: dflt(i, 'mappings', mappings, () => ({})) };
    },
    () => ({ dateFormat: 'auto', mappings: {} }),
  );
  out['quota'] = dflt(
    raw,
    'quota',
    (v) => {
      const q = object(v, QUOTA_KEYS);
      const o: Obj = {
        proration: dflt(q, 'proration', (x) => oneOf(x, ['days', 'months']), () => 'days'),
        ramp: dflt(q, 'ramp', (x) => list(x, (y) => num(y, 0, 100)), () => []),
      };
      opt(o, q, 'distribution', (x) => {
        const weights = list(x, (y) => num(y, 0));
        if (weights.length !== 12) throw NO;
        return weights;
      });
      return o;
    },
    () => ({ proration: 'days', ramp: [] }),
  );
  out['stages'] = dflt(raw, 'stages', (v) => record(v, stage), () => ({}));
  out['plans'] = dflt(raw, 'plans', (v) => list(v, plan), () => []);
  out['assignments'] = dflt(raw, 'assignments', (v) => list(v, assignment), () => []);
  return out;
}

function vouch<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (err) {
    if (err instanceof NotVouched) return undefined;
    throw err;
  }
}

/** The config exactly as `configSchema.parse` gives it, or undefined: ask the schema. */
export function quickParseConfig(raw: unknown): SpmConfig | undefined {
  return vouch(() => config(raw) as unknown as SpmConfig);
}

/** One plan exactly as `planSchema.parse` gives it, or undefined: ask the schema. */
export function quickParsePlan(raw: unknown): Plan | undefined {
  return vouch(() => plan(raw) as unknown as Plan);
}

/** One assignment exactly as `assignmentSchema.parse` gives it, or undefined: ask the schema. */
export function quickParseAssignment(raw: unknown): Assignment | undefined {
  return vouch(() => assignment(raw) as unknown as Assignment);
}
