/**
 * A fast path for the commonest percentages of an import, without BigInt: a plain percentage as
 * canonical decimal text. It answers only for the simple form it knows, with few enough digits
 * that a double holds every intermediate exactly, and returns undefined otherwise; the caller
 * then takes the exact general path (core/decimal.ts), which gives the same result wherever this
 * answers. (Amounts have theirs in core/money.ts: toMinorNumber.)
 */

/** Digits a double holds exactly (10^15 < 2^53). */
const MAX_DIGITS = 15;

/**
 * An unsigned `digits[.digits]` percentage in 0..max as canonical decimal text (no leading
 * zeros, no trailing fractional zeros): "060.50" → "60.5"; with `fromFraction` the value is a
 * fraction and is multiplied by 100 ("0.35" → "35"). Undefined for any other form, for too many
 * digits and for values outside 0..max (the general path words the problem).
 */
export function plainPercent(body: string, fromFraction: boolean, max: number): string | undefined {
  const n = body.length;
  if (n === 0 || n > MAX_DIGITS) return undefined;
  let dot = -1;
  for (let i = 0; i < n; i++) {
    const c = body.charCodeAt(i);
    if (c === 46 && dot < 0) dot = i;
    else if (c < 48 || c > 57) return undefined;
  }
  if (dot === 0 || dot === n - 1) return undefined;
  let whole = dot < 0 ? body : body.slice(0, dot);
  let frac = dot < 0 ? '' : body.slice(dot + 1);
  if (fromFraction) {
    const f = frac.padEnd(2, '0');
    whole += f.slice(0, 2);
    frac = f.slice(2);
  }
  let a = 0;
  while (a < whole.length - 1 && whole.charCodeAt(a) === 48) a++;
  let b = frac.length;
  while (b > 0 && frac.charCodeAt(b - 1) === 48) b--;
  whole = whole.slice(a);
  frac = frac.slice(0, b);
  const value = Number(whole);
  if (value > max || (value === max && frac !== '')) return undefined;
  return frac === '' ? whole : `${whole}.${frac}`;
}
