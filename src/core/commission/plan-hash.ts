/**
 * A plan version's content hash: sha256 of its canonical JSON (object keys sorted, no
 * whitespace, undefined members dropped, array order kept), first 12 hex digits. Stored on every
 * commission line, so a payout can always be traced to the exact plan text that produced it.
 * Hash the parsed plan (defaults filled in): writing a default explicitly does not change it.
 */
import { createHash } from 'node:crypto';

/** Canonical JSON text of plain data (objects, arrays, strings, finite numbers, booleans, null). */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`cannot hash the non-finite number ${value}`);
      return JSON.stringify(value);
    case 'object': {
      const entries = Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`);
      return `{${entries.join(',')}}`;
    }
    default:
      throw new TypeError(`cannot hash a value of type ${typeof value}`);
  }
}

/** First 12 hex digits of sha256(canonical JSON of the plan). */
export function planHash(plan: unknown): string {
  return createHash('sha256').update(canonicalJson(plan)).digest('hex').slice(0, 12);
}
