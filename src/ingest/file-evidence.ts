/**
 * Per-file decisions that a single value cannot make: the day/month order of dates and the
 * decimal mark of amounts. Each is forced by an option or decided from the first value that
 * proves it; a file that proves both ways is refused.
 */
import type { DateOrder } from './parse-date.js';

export interface Evidence<T> {
  value: T;
  line: number;
  raw: string;
}

export class FileEvidence {
  dateOrder: Evidence<DateOrder> | undefined;
  decimalMark: Evidence<'.' | ','> | undefined;
  conflict: string | undefined;

  constructor(
    readonly forcedDateOrder: DateOrder | undefined,
    readonly forcedDecimalMark: '.' | ',' | undefined,
  ) {}

  get order(): DateOrder | undefined {
    return this.forcedDateOrder ?? this.dateOrder?.value;
  }

  get mark(): '.' | ',' | undefined {
    return this.forcedDecimalMark ?? this.decimalMark?.value;
  }

  observeDate(value: DateOrder | undefined, raw: string, line: number): void {
    if (value === undefined || this.forcedDateOrder !== undefined) return;
    if (this.dateOrder === undefined) this.dateOrder = { value, raw, line };
    else if (this.dateOrder.value !== value && this.conflict === undefined) {
      this.conflict =
        `dates disagree on day/month order: line ${this.dateOrder.line} has "${this.dateOrder.raw}" (${describe(this.dateOrder.value)}) ` +
        `but line ${line} has "${raw}" (${describe(value)})`;
    }
  }

  observeMark(value: '.' | ',' | undefined, raw: string, line: number): void {
    if (value === undefined || this.forcedDecimalMark !== undefined) return;
    if (this.decimalMark === undefined) this.decimalMark = { value, raw, line };
    else if (this.decimalMark.value !== value && this.conflict === undefined) {
      this.conflict =
        `amounts disagree on the decimal mark: line ${this.decimalMark.line} has "${this.decimalMark.raw}" ` +
        `but line ${line} has "${raw}"`;
    }
  }

  /** How the decisions were made, for the import summary and log. */
  describeDateOrder(): string {
    if (this.forcedDateOrder) return `${this.forcedDateOrder} (forced)`;
    if (this.dateOrder) return `${this.dateOrder.value} (from "${this.dateOrder.raw}" on line ${this.dateOrder.line})`;
    return 'unambiguous';
  }
}

function describe(order: DateOrder): string {
  return order === 'MDY' ? 'month first' : order === 'DMY' ? 'day first' : 'year first';
}
