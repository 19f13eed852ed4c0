/**
 * Errors that stop reading an input file, each naming where the problem is and how to fix it.
 *
 * Lower layers (the CSV parser, the text decoder) do not know the file name: they throw a
 * {@link LocatedProblem} (e.g. `CsvSyntaxError`, `EncodingError`) and the file layer turns it into
 * an {@link IngestError} with {@link IngestError.fromProblem}.
 */

export type IngestErrorCode =
  | 'file-unreadable'
  | 'file-empty'
  | 'encoding-invalid'
  | 'csv-unclosed-quote'
  | 'csv-text-after-quote'
  | 'csv-field-too-long'
  | 'bad-option';

/** A problem located in a text by line (1-based) and field number (1-based), without a file name. */
export interface LocatedProblem {
  readonly what: string;
  readonly hint: string;
  readonly code: IngestErrorCode;
  readonly line?: number;
  readonly column?: number;
  readonly columnName?: string;
}

export interface IngestErrorOptions {
  file: string;
  hint: string;
  code: IngestErrorCode;
  /** 1-based physical line in the file. */
  line?: number;
  /** 1-based field number within the record. */
  column?: number;
  /** The header of that field, when known. */
  columnName?: string;
  cause?: unknown;
}

/** `file:line:column` — the parts that are known. */
export function formatLocation(file: string, line?: number, column?: number): string {
  if (line === undefined) return file;
  return column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
}

export class IngestError extends Error {
  override readonly name = 'IngestError';
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly columnName: string | undefined;
  readonly hint: string;
  readonly code: IngestErrorCode;
  /** What is wrong, without the location prefix. */
  readonly what: string;
  /** Process exit code: the command could not run on this input. */
  readonly exitCode = 2;

  constructor(what: string, options: IngestErrorOptions) {
    const where = formatLocation(options.file, options.line, options.column);
    const named = options.columnName === undefined ? '' : ` (column "${options.columnName}")`;
    super(`${where}: ${what}${named}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
    this.columnName = options.columnName;
    this.hint = options.hint;
    this.code = options.code;
    this.what = what;
  }

  /** Attach a file name to a problem found by a lower layer. */
  static fromProblem(file: string, problem: LocatedProblem, cause?: unknown): IngestError {
    return new IngestError(problem.what, {
      file,
      hint: problem.hint,
      code: problem.code,
      ...(problem.line === undefined ? {} : { line: problem.line }),
      ...(problem.column === undefined ? {} : { column: problem.column }),
      ...(problem.columnName === undefined ? {} : { columnName: problem.columnName }),
      cause,
    });
  }
}

/** Two lines for a terminal: `file:line:column: what` then `  hint: how to fix`. */
export function formatIngestError(error: IngestError): string {
  return `${error.message}\n  hint: ${error.hint}`;
}

/**
 * Base class for the errors lower layers throw: a located problem without a file name.
 * The message is `what`, followed by `(line L, field F)` unless `what` already names the line.
 */
export class LocatedError extends Error implements LocatedProblem {
  readonly what: string;
  readonly hint: string;
  readonly code: IngestErrorCode;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(what: string, hint: string, code: IngestErrorCode, line?: number, column?: number) {
    const named = line === undefined || what.includes(`line ${line}`);
    super(named ? what : `${what} (line ${line}${column === undefined ? '' : `, field ${column}`})`);
    this.what = what;
    this.hint = hint;
    this.code = code;
    this.line = line;
    this.column = column;
  }
}
