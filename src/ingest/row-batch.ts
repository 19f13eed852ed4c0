/**
 * Normalised rows on their way to the writer, in the writer's flat layout ({@link RowBatch}:
 * every row's values followed by its line number).
 *
 * Between the import worker and the main thread rows travel packed ({@link PackedRows}): text
 * concatenated into one string, numbers and line numbers in typed arrays. A column whose values
 * repeat (a currency, a status, an owner, a date) gets a dictionary: a value is sent once and
 * named by its number after that; a column whose values rarely repeat (an id, a name) stops
 * being looked up. Structured clone then copies one string and a few buffers instead of tens of
 * thousands of small values, and the main thread (the busier one: it writes) makes each
 * repeated string once, not once per row. A packer and its unpacker see the same messages in
 * the same order, so their dictionaries grow alike.
 */
import type { DbValue } from '../db/tables.js';
import type { RowBatch } from '../db/entity-writer.js';

export interface PackedRows {
  count: number;
  /** Values per row (without the line number). */
  width: number;
  /** The text of STRING and NEW values, concatenated. */
  text: string;
  /** Per value: where its text ends (the running length of `text`). */
  ends: Uint32Array<ArrayBuffer>;
  /** Per value: one of NULL, NUMBER, STRING, NEW, REF. */
  kinds: Uint8Array<ArrayBuffer>;
  /** Per value: the number (NUMBER) or the dictionary entry (REF). */
  aux: Float64Array<ArrayBuffer>;
  lines: Float64Array<ArrayBuffer>;
}

const NULL = 0;
const NUMBER = 1;
/** A string, not remembered. */
const STRING = 2;
/** A string, remembered as its column's next dictionary entry. */
const NEW = 3;
/** A string already in its column's dictionary. */
const REF = 4;

/** When a column's dictionary is judged, and how it is kept bounded. */
export interface DictionaryLimits {
  /** Entries per column at most. */
  maxEntries: number;
  /** Lookups after which a column that found fewer than half its values stops looking. */
  trial: number;
}

const DICTIONARY: DictionaryLimits = { maxEntries: 4096, trial: 4096 };

/** Collects rows in the writer's flat layout (for rows read on the main thread). */
export class RowCollector {
  private values: DbValue[] = [];
  count = 0;

  constructor(readonly width: number) {}

  push(values: DbValue[], line: number): void {
    if (values.length !== this.width) throw new RangeError(`row of line ${line} has ${values.length} values, expected ${this.width}`);
    for (let i = 0; i < values.length; i++) this.values.push(values[i] ?? null);
    this.values.push(line);
    this.count++;
  }

  take(): RowBatch {
    const batch = { values: this.values, count: this.count };
    this.values = [];
    this.count = 0;
    return batch;
  }
}

/** Packs rows for posting to another thread; a {@link RowUnpacker} restores them. */
export class RowPacker {
  /** Built by concatenation (V8 joins the pieces once, when the message is serialised). */
  private text = '';
  private ends: Uint32Array<ArrayBuffer>;
  private kinds: Uint8Array<ArrayBuffer>;
  private aux: Float64Array<ArrayBuffer>;
  private lines: Float64Array<ArrayBuffer>;
  /** Per column: string → entry number, or null once the column no longer looks values up. */
  private readonly dicts: (Map<string, number> | null)[];
  private readonly lookups: number[];
  private readonly hits: number[];
  private n = 0;
  count = 0;

  constructor(
    readonly width: number,
    capacity = 512,
    private readonly limits: DictionaryLimits = DICTIONARY,
  ) {
    this.ends = new Uint32Array(capacity * width);
    this.kinds = new Uint8Array(capacity * width);
    this.aux = new Float64Array(capacity * width);
    this.lines = new Float64Array(capacity);
    this.dicts = Array.from({ length: width }, () => new Map<string, number>());
    this.lookups = new Array<number>(width).fill(0);
    this.hits = new Array<number>(width).fill(0);
  }

  /** Characters of text held so far (callers post before a message grows too large). */
  get textLength(): number {
    return this.text.length;
  }

  push(values: DbValue[], line: number): void {
    if (values.length !== this.width) throw new RangeError(`row of line ${line} has ${values.length} values, expected ${this.width}`);
    if (this.count === this.lines.length) this.grow();
    for (let c = 0; c < values.length; c++) {
      const v = values[c];
      const n = this.n++;
      if (v === null || v === undefined) {
        this.kinds[n] = NULL;
      } else if (typeof v === 'number') {
        this.kinds[n] = NUMBER;
        this.aux[n] = v;
      } else {
        this.kinds[n] = this.string(c, v, n);
      }
      this.ends[n] = this.text.length;
    }
    this.lines[this.count++] = line;
  }

  private string(c: number, v: string, n: number): number {
    const dict = this.dicts[c];
    if (dict === null || dict === undefined) {
      this.text += v;
      return STRING;
    }
    const looked = ++(this.lookups[c] as number);
    const entry = dict.get(v);
    if (entry !== undefined) {
      this.hits[c] = (this.hits[c] as number) + 1;
      this.aux[n] = entry;
      return REF;
    }
    if (looked === this.limits.trial && (this.hits[c] as number) * 2 < looked) this.dicts[c] = null;
    this.text += v;
    if (dict.size >= this.limits.maxEntries) return STRING;
    dict.set(v, dict.size);
    return NEW;
  }

  private grow(): void {
    const rows = this.lines.length * 2;
    const grown = <T extends Uint32Array<ArrayBuffer> | Uint8Array<ArrayBuffer> | Float64Array<ArrayBuffer>>(a: T, make: (n: number) => T, size: number): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.ends = grown(this.ends, (k) => new Uint32Array(k), rows * this.width);
    this.kinds = grown(this.kinds, (k) => new Uint8Array(k), rows * this.width);
    this.aux = grown(this.aux, (k) => new Float64Array(k), rows * this.width);
    this.lines = grown(this.lines, (k) => new Float64Array(k), rows);
  }

  /** The packed rows (their buffers may be transferred); the packer starts a new message. */
  take(): PackedRows {
    const packed: PackedRows = {
      count: this.count,
      width: this.width,
      text: this.text,
      ends: this.ends.slice(0, this.n),
      kinds: this.kinds.slice(0, this.n),
      aux: this.aux.slice(0, this.n),
      lines: this.lines.slice(0, this.count),
    };
    this.text = '';
    this.n = 0;
    this.count = 0;
    return packed;
  }
}

/** Restores the messages of one {@link RowPacker}, in the order they were packed. */
export class RowUnpacker {
  /** Per column: the dictionary entries so far. */
  private readonly dicts: string[][];

  constructor(readonly width: number) {
    this.dicts = Array.from({ length: width }, () => []);
  }

  /**
   * Rows `from` (inclusive) to `to` (exclusive) of a message. The parts of a message must be
   * unpacked in order, each once, and messages in the order they were packed.
   */
  unpack(p: PackedRows, from = 0, to = p.count): RowBatch {
    const { count, width, text, ends, kinds, aux, lines } = p;
    const size = count * width;
    if (width !== this.width || ends.length !== size || kinds.length !== size || aux.length !== size || lines.length !== count) {
      throw new RangeError(`packed rows do not fit ${count} rows of ${this.width} values`);
    }
    if (from < 0 || to > count || from > to) throw new RangeError(`rows ${from}..${to} are not in a message of ${count} rows`);
    const values: DbValue[] = new Array<DbValue>((to - from) * (width + 1));
    let out = 0;
    let k = from * width;
    let start = k > 0 ? (ends[k - 1] ?? 0) : 0;
    for (let r = from; r < to; r++) {
      for (let c = 0; c < width; c++, k++) {
        const end = ends[k] ?? start;
        let v: DbValue = null;
        switch (kinds[k]) {
          case NUMBER:
            v = aux[k] ?? null;
            break;
          case STRING:
            v = text.slice(start, end);
            break;
          case NEW:
            v = text.slice(start, end);
            (this.dicts[c] as string[]).push(v);
            break;
          case REF:
            v = (this.dicts[c] as string[])[aux[k] as number] ?? null;
            if (v === null) throw new RangeError(`packed rows name a value never sent (column ${c + 1})`);
            break;
        }
        values[out++] = v;
        start = end;
      }
      values[out++] = lines[r] ?? 0;
    }
    return { values, count: to - from };
  }
}
