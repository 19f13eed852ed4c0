/**
 * A small seeded pseudo-random generator for the demo company (mulberry32).
 *
 * Same seed → same sequence on every machine: the generator uses only 32-bit integer
 * arithmetic (`Math.imul`, shifts), so the demo files are byte-identical everywhere.
 * Statistical helpers return floats; callers turn them into money at one explicit boundary.
 */

/** 32-bit FNV-1a hash of a string: derives independent streams from one seed. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export class Rng {
  private state: number;

  /** `state` is the raw 32-bit mulberry32 state; use `createRng` to start from a user seed. */
  constructor(state: number) {
    this.state = state >>> 0;
  }

  /** A float in [0, 1) — one mulberry32 step. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in lo..hi, both inclusive. */
  int(lo: number, hi: number): number {
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) {
      throw new RangeError(`int(${lo}, ${hi}): bounds must be integers with lo <= hi`);
    }
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return elementAt(items, Math.floor(this.next() * items.length));
  }

  /** One of `items`, chosen with probability proportional to its weight (weights >= 0). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    if (items.length === 0 || items.length !== weights.length) {
      throw new RangeError('weighted(): need as many weights as items, and at least one item');
    }
    const total = weights.reduce((sum, w) => sum + w, 0);
    if (!(total > 0)) throw new RangeError('weighted(): weights must add up to more than 0');
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i] ?? 0;
      if (r < 0 && (weights[i] ?? 0) > 0) return elementAt(items, i);
    }
    // Rounding left r at (or just above) 0: the last item with a positive weight.
    for (let i = items.length - 1; i >= 0; i--) if ((weights[i] ?? 0) > 0) return elementAt(items, i);
    throw new RangeError('weighted(): no positive weight');
  }

  /** Normal deviate (Box–Muller; one of the pair is used so each call costs two steps). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next(); // (0, 1]: log(0) cannot happen
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal deviate with the given median (e^mu) and log-space standard deviation. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma));
  }

  /** Poisson count (Knuth's method; fine for the small means the demo uses). */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** A shuffled copy (Fisher–Yates); the input is left untouched. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const a = elementAt(out, i);
      out[i] = elementAt(out, j);
      out[j] = a;
    }
    return out;
  }
}

/**
 * A generator for `seed`, on the named stream: each part of the demo draws from its own
 * stream, so adding draws to one part never changes the data of another.
 */
export function createRng(seed: number, stream = ''): Rng {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed ${seed} must be a whole number`);
  return new Rng(fnv1a(`${seed}/${stream}`));
}

function elementAt<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new RangeError(`no item at index ${index} of ${items.length}`);
  return item;
}
