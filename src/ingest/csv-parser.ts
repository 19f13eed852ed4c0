/**
 * A streaming RFC 4180 CSV parser over decoded string chunks: a hand-written state machine that
 * finds field boundaries with `indexOf` (memchr speed) and slices fields straight out of the
 * chunk (no loop over every character; strings are only joined across chunks and for `""`).
 *
 * Rules:
 * - Records end at CRLF, LF or a lone CR. `line` is the 1-based physical line where a record
 *   starts; line breaks inside quoted fields are counted.
 * - A field that starts with `"` is quoted: it may contain the delimiter and line breaks, and `""`
 *   stands for one quote. The closing quote must be followed by the delimiter, a line break or the
 *   end of the input; anything else is a {@link CsvSyntaxError}.
 * - A quote inside an unquoted field (`5" pipe`) is kept literally, as Excel does.
 * - A quoted field still open at the end of the input is a {@link CsvSyntaxError} naming the line
 *   and field where it opened. A field longer than `maxFieldChars` is an error too (usually a
 *   missing quote swallowing the rest of the file).
 * - Empty lines (no characters at all between two line breaks) are skipped and counted in
 *   {@link CsvParser.emptyLinesSkipped}; a line of delimiters (`,,,`) is a record of empty fields,
 *   and a line holding `""` is a record with one empty field.
 * - A BOM is not removed here: the decoder strips it.
 * - Field strings may be slices sharing memory with the chunk they came from; copy one
 *   (e.g. `Buffer.from(s).toString()`) before keeping it for the whole import.
 *
 * After an error the parser is in an undefined state; create a new one.
 */

import { LocatedError, type IngestErrorCode } from './ingest-error.js';

export interface CsvParserOptions {
  /** One character, not `"`, CR or LF. */
  delimiter: string;
  /** Longest field accepted, in UTF-16 code units. Default 1 MiB (1,048,576). */
  maxFieldChars?: number;
}

/** Receives each record; the array is the caller's to keep. */
export type CsvRecordHandler = (fields: string[], line: number) => void;

/** `line` and `column` (the 1-based field number) locate the problem. */
export class CsvSyntaxError extends LocatedError {
  override readonly name = 'CsvSyntaxError';
  declare readonly line: number;
  declare readonly column: number;

  constructor(what: string, hint: string, code: IngestErrorCode, line: number, column: number) {
    super(what, hint, code, line, column);
  }
}

export const DEFAULT_MAX_FIELD_CHARS = 1_048_576;

const QUOTE = 34;
const LF = 10;
const CR = 13;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const AFTER_QUOTE = 3;

export class CsvParser {
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private readonly maxFieldChars: number;
  private state = FIELD_START;
  private fields: string[] = [];
  /** Text of the current field carried over from earlier chunks (or before a `""`). */
  private partial = '';
  /** Physical line of the next character. */
  private line = 1;
  private recordLine = 1;
  /** Line where the open quoted field started. */
  private quoteLine = 1;
  /** The previous chunk ended with CR (so a leading LF completes a CRLF). */
  private lastWasCr = false;
  private emptyLines = 0;

  constructor(options: CsvParserOptions) {
    const { delimiter } = options;
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
      throw new RangeError(`CSV delimiter must be one character other than a quote or line break, got ${JSON.stringify(delimiter)}`);
    }
    this.delimiter = delimiter;
    this.delimiterCode = delimiter.charCodeAt(0);
    this.maxFieldChars = options.maxFieldChars ?? DEFAULT_MAX_FIELD_CHARS;
  }

  /** Empty lines skipped so far. */
  get emptyLinesSkipped(): number {
    return this.emptyLines;
  }

  /** Physical line of the next character to be read (1 + line breaks seen so far). */
  get currentLine(): number {
    return this.line;
  }

  push(chunk: string, onRecord: CsvRecordHandler): void {
    const n = chunk.length;
    const delimiter = this.delimiter;
    const max = this.maxFieldChars;
    let state = this.state;
    let fields = this.fields;
    let partial = this.partial;
    let line = this.line;
    let recordLine = this.recordLine;
    let i = 0;
    let start = 0;
    // Next position of each special character at or after `i` (n when there is none): fields are
    // found with indexOf (memchr speed) rather than a loop over every character.
    // Never search for a character the chunk does not contain, not even in code that should not
    // run: optimised code was measured running such a guarded search once per field (a CR-only
    // file parsed after LF files: 100× slower, each search scanning to the end of the chunk). A
    // missing character's position is n from the start, and its searches look for a character
    // the chunk does have.
    const hasLF = chunk.indexOf('\n') !== -1;
    const hasCR = chunk.indexOf('\r') !== -1;
    const hasD = chunk.indexOf(delimiter) !== -1;
    const hasQuote = chunk.indexOf('"') !== -1;
    const present = hasLF ? '\n' : hasCR ? '\r' : hasD ? delimiter : '"';
    const lf = hasLF ? '\n' : present;
    const cr = hasCR ? '\r' : present;
    const d = hasD ? delimiter : present;
    let nextD = hasD ? -1 : n;
    let nextLF = hasLF ? -1 : n;
    let nextCR = hasCR ? -1 : n;

    outer: while (i < n) {
      if (state === FIELD_START) {
        if (chunk.charCodeAt(i) === QUOTE) {
          state = QUOTED;
          this.quoteLine = line;
          start = ++i;
          continue;
        }
        state = UNQUOTED;
        start = i;
      }

      if (state === UNQUOTED) {
        if (nextD < i) nextD = indexOrEnd(chunk, d, i);
        if (nextLF < i) nextLF = indexOrEnd(chunk, lf, i);
        if (nextCR < i) nextCR = indexOrEnd(chunk, cr, i);
        let end = nextD < nextLF ? nextD : nextLF;
        if (nextCR < end) end = nextCR;
        if (end === n) {
          partial += chunk.slice(start, n);
          if (partial.length > max) this.tooLong(line, fields.length + 1);
          break;
        }
        i = end;
        if (end === nextD) {
          if (i - start + partial.length > max) this.tooLong(line, fields.length + 1);
          fields.push(partial === '' ? chunk.slice(start, i) : partial + chunk.slice(start, i));
          partial = '';
          state = FIELD_START;
          i++;
          continue;
        }
        // A line break at i.
        if (i === start && fields.length === 0 && partial === '') {
          // An empty line, or the LF completing a CRLF that ended the previous line.
          if (end === nextCR || (i > 0 ? chunk.charCodeAt(i - 1) !== CR : !this.lastWasCr)) {
            line++;
            this.emptyLines++;
            recordLine = line;
          }
          state = FIELD_START;
          i++;
          continue;
        }
        if (i - start + partial.length > max) this.tooLong(line, fields.length + 1);
        fields.push(partial === '' ? chunk.slice(start, i) : partial + chunk.slice(start, i));
        partial = '';
        onRecord(fields, recordLine);
        fields = [];
        recordLine = ++line;
        state = FIELD_START;
        i++;
        continue;
      }

      if (state === QUOTED) {
        const q = hasQuote ? indexOrEnd(chunk, '"', i) : n;
        // Count the line breaks inside the quoted text.
        if (nextLF < i) nextLF = indexOrEnd(chunk, lf, i);
        while (nextLF < q) {
          if (nextLF > 0 ? chunk.charCodeAt(nextLF - 1) !== CR : !this.lastWasCr) line++;
          nextLF = indexOrEnd(chunk, lf, nextLF + 1);
        }
        if (nextCR < i) nextCR = indexOrEnd(chunk, cr, i);
        while (nextCR < q) {
          line++;
          nextCR = indexOrEnd(chunk, cr, nextCR + 1);
        }
        if (q === n) {
          partial += chunk.slice(start, n);
          if (partial.length > max) this.tooLong(this.quoteLine, fields.length + 1);
          break;
        }
        partial = partial === '' ? chunk.slice(start, q) : partial + chunk.slice(start, q);
        i = q + 1;
        state = AFTER_QUOTE;
      }

      // AFTER_QUOTE: the quote just read either closes the field or starts a `""` pair.
      if (i === n) break;
      const c = chunk.charCodeAt(i);
      if (c === QUOTE) {
        partial += '"';
        state = QUOTED;
        start = ++i;
        continue;
      }
      if (partial.length > max) this.tooLong(this.quoteLine, fields.length + 1);
      if (c === this.delimiterCode) {
        fields.push(partial);
        partial = '';
        state = FIELD_START;
        i++;
        continue;
      }
      if (c === LF || c === CR) {
        fields.push(partial);
        partial = '';
        onRecord(fields, recordLine);
        fields = [];
        recordLine = ++line;
        state = FIELD_START;
        i++;
        continue;
      }
      throw new CsvSyntaxError(
        `unexpected character ${JSON.stringify(chunk.charAt(i))} after the closing quote of field ${fields.length + 1}`,
        'inside a quoted field write a quote as two quotes (""); a closing quote must be followed by the delimiter or the end of the line',
        'csv-text-after-quote',
        line,
        fields.length + 1,
      );
    }

    this.state = state;
    this.fields = fields;
    this.partial = partial;
    this.line = line;
    this.recordLine = recordLine;
    if (n > 0) this.lastWasCr = chunk.charCodeAt(n - 1) === CR;
  }

  /** Flush the last record (a final line without a line break) and check nothing is left open. */
  end(onRecord: CsvRecordHandler): void {
    const fields = this.fields;
    if (this.state === QUOTED) {
      throw new CsvSyntaxError(
        `unclosed quote starting at line ${this.quoteLine}, column ${fields.length + 1}`,
        'a field starting with " must end with "; check for a stray quote character',
        'csv-unclosed-quote',
        this.quoteLine,
        fields.length + 1,
      );
    }
    if (this.state !== FIELD_START || fields.length > 0) {
      fields.push(this.partial);
      onRecord(fields, this.recordLine);
    }
    this.state = FIELD_START;
    this.fields = [];
    this.partial = '';
  }

  private tooLong(line: number, column: number): never {
    const max = this.maxFieldChars;
    const size = max % 1_048_576 === 0 ? `${max / 1_048_576} MiB` : `${max.toLocaleString('en-US')} characters`;
    throw new CsvSyntaxError(
      `field is over ${size}; is a quote missing?`,
      'a quote character that is never closed makes the rest of the file one field: find the stray " on or after this line',
      'csv-field-too-long',
      line,
      column,
    );
  }
}

/** Position of `char` at or after `from`, or the text's length when there is none. */
function indexOrEnd(text: string, char: string, from: number): number {
  const at = text.indexOf(char, from);
  return at === -1 ? text.length : at;
}
