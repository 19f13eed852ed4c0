/**
 * Typed errors, caught once in the CLI. Each carries the process exit code it maps to
 * (see README "Exit codes").
 */
export const EXIT = {
  ok: 0,
  problems: 1,
  usage: 2,
  busy: 75,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A problem found in input: where it is and how to fix it. Problems are data, not exceptions. */
export interface Problem {
  file?: string;
  line?: number;
  column?: number;
  columnName?: string;
  code: string;
  message: string;
  hint?: string;
}

export function formatProblem(p: Problem): string {
  const where = [p.file, p.line, p.column].filter((x) => x !== undefined && x !== '').join(':');
  const col = p.columnName !== undefined ? ` (column "${p.columnName}")` : '';
  const head = where ? `${where}: ${p.message}${col}` : `${p.message}${col}`;
  return p.hint ? `${head}\n  fix: ${p.hint}` : head;
}

export class SpmError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly hint?: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Could not run: bad flags, invalid config, unreadable or malformed file (exit 2). */
export class UsageError extends SpmError {
  constructor(message: string, hint?: string, problems: Problem[] = []) {
    super(message, EXIT.usage, hint, problems);
  }
}

/** Ran, but found blocking problems: rejected rows, failed checks, a locked period (exit 1). */
export class ProblemsError extends SpmError {
  constructor(message: string, problems: Problem[] = [], hint?: string) {
    super(message, EXIT.problems, hint, problems);
  }
}

/** The database stayed locked past the busy timeout (exit 75: a scheduler may retry). */
export class BusyError extends SpmError {
  constructor(message: string) {
    super(message, EXIT.busy, 'another spm process is writing; retry later or raise busyTimeoutMs');
  }
}
