/**
 * The --rejects file: every rejected row with its file, line, column, reason and the original
 * record, written as it is found (constant memory) to a file created 0600.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Problem } from '../errors.js';

const HEADER = ['file', 'line', 'column', 'field', 'reason', 'hint', 'record'];

function csvField(s: string): string {
  const needsFormulaGuard = /^[=+\-@\t\r\n\0]/.test(s);
  const v = needsFormulaGuard ? `'${s}` : s;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export class RejectsFile {
  private fd: number | undefined;
  private buffer: string[] = [];
  count = 0;

  constructor(readonly path: string) {}

  add(problems: Problem[], record: string[]): void {
    const raw = record.map(csvField).join(',');
    for (const p of problems) {
      this.buffer.push(
        [p.file ?? '', String(p.line ?? ''), String(p.column ?? ''), p.columnName ?? '', p.message, p.hint ?? '', raw].map(csvField).join(','),
      );
    }
    this.count++;
    if (this.buffer.length >= 1000) this.flush();
  }

  private flush(): void {
    if (this.fd === undefined) {
      this.fd = openSync(this.path, 'w', 0o600);
      writeSync(this.fd, HEADER.join(',') + '\n');
    }
    if (this.buffer.length > 0) writeSync(this.fd, this.buffer.join('\n') + '\n');
    this.buffer = [];
  }

  close(): void {
    if (this.count > 0 || this.fd !== undefined) this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
