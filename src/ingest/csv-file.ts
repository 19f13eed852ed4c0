/**
 * Open a CSV file: sniff its encoding and delimiter from the first 1 MiB, then stream its records
 * in batches, reading the file once (1 MiB at a time, constant memory) while hashing it.
 */

import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { CsvParser, CsvSyntaxError, DEFAULT_MAX_FIELD_CHARS } from './csv-parser.js';
import { IngestError, LocatedError } from './ingest-error.js';
import { createDecoder, detectEncoding, ENCODING_SAMPLE_BYTES, type EncodingHow, type TextEncodingName } from './text-decode.js';

export type CsvEncodingOption = TextEncodingName | 'auto';

export interface CsvFileOptions {
  /** Default `auto`: BOM, else valid UTF-8, else Windows-1252 (see `detectEncoding`). */
  encoding?: CsvEncodingOption;
  /** One character, or `tab` / `\t`. Default: detected among `,` `;` tab `|`. */
  delimiter?: string;
  /** Bytes per read, default 1 MiB (tests use tiny chunks to exercise boundaries). */
  chunkSize?: number;
  /** Records per batch, default 2,000. */
  batchSize?: number;
  maxFieldChars?: number;
}

export interface CsvBatch {
  rows: string[][];
  /** `lines[i]` is the 1-based physical line where `rows[i]` starts. */
  lines: number[];
}

export interface CsvReadSummary {
  /** Hex SHA-256 of the raw file, BOM included. */
  sha256: string;
  records: number;
  emptyLinesSkipped: number;
}

export interface CsvFileInfo {
  path: string;
  encoding: TextEncodingName;
  encodingHow: EncodingHow;
  delimiter: string;
  delimiterHow: 'forced' | 'detected';
  sizeBytes: number;
  /**
   * Stream the records (the header row included, as the first record). Each call reads the file
   * again from the start; a syntax or encoding problem throws an {@link IngestError}.
   */
  records(): AsyncGenerator<CsvBatch, void, undefined>;
  /** Known once `records()` has read the whole file (before its last batch); throws before that. */
  summary(): CsvReadSummary;
  /** Same as `summary().sha256`. */
  sha256(): string;
}

export const DELIMITER_CANDIDATES: readonly string[] = [',', ';', '\t', '|'];
const DEFAULT_CHUNK = 1_048_576;
const DEFAULT_BATCH = 2_000;
const SNIFF_CHARS = 65_536;
const SNIFF_RECORDS = 20;

export async function openCsvFile(path: string, options: CsvFileOptions = {}): Promise<CsvFileInfo> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const maxFieldChars = options.maxFieldChars ?? DEFAULT_MAX_FIELD_CHARS;
  const forcedDelimiter = options.delimiter === undefined ? undefined : normalizeDelimiter(path, options.delimiter);

  const { sample, sizeBytes } = await readSample(path);
  if (sizeBytes === 0) throw emptyFile(path);
  const detected = located(path, () => detectEncoding(sample, options.encoding === 'auto' ? undefined : options.encoding));
  const wholeFile = sample.length === sizeBytes;
  const text = located(path, () => {
    const decoder = createDecoder(detected.encoding, { byteOffset: detected.bomLength });
    const head = decoder.write(sample.subarray(detected.bomLength));
    return wholeFile ? head + decoder.end() : head;
  });
  if (wholeFile && text.trim() === '') throw emptyFile(path);

  const delimiter = forcedDelimiter ?? sniffDelimiter(text.slice(0, SNIFF_CHARS), wholeFile && text.length <= SNIFF_CHARS);
  let summary: CsvReadSummary | undefined;

  async function* records(): AsyncGenerator<CsvBatch, void, undefined> {
    const handle = await openForReading(path);
    try {
      const hash = createHash('sha256');
      const parser = new CsvParser({ delimiter, maxFieldChars });
      const decoder = createDecoder(detected.encoding, { currentLine: () => parser.currentLine, byteOffset: detected.bomLength });
      const buffer = Buffer.allocUnsafe(chunkSize);
      let batch: CsvBatch = { rows: [], lines: [] };
      let ready: CsvBatch[] = [];
      let count = 0; // records in batches already yielded
      const onRecord = (fields: string[], line: number): void => {
        batch.rows.push(fields);
        batch.lines.push(line);
        if (batch.rows.length === batchSize) {
          ready.push(batch);
          batch = { rows: [], lines: [] };
        }
      };
      let position = 0;
      for (;;) {
        const bytesRead = await readAt(path, handle, buffer, position);
        if (bytesRead === 0) break;
        const bytes = buffer.subarray(0, bytesRead);
        hash.update(bytes);
        const skip = Math.min(bytesRead, Math.max(0, detected.bomLength - position));
        position += bytesRead;
        located(path, () => parser.push(decoder.write(bytes.subarray(skip)), onRecord));
        if (ready.length > 0) {
          const full = ready;
          ready = [];
          for (const b of full) {
            count += b.rows.length;
            yield b;
          }
        }
      }
      located(path, () => {
        parser.push(decoder.end(), onRecord);
        parser.end(onRecord);
      });
      if (batch.rows.length > 0) ready.push(batch);
      // Everything is read and parsed: the summary is known before the last batches go out.
      for (const b of ready) count += b.rows.length;
      summary = { sha256: hash.digest('hex'), records: count, emptyLinesSkipped: parser.emptyLinesSkipped };
      yield* ready;
    } finally {
      await handle.close();
    }
  }

  function getSummary(): CsvReadSummary {
    if (summary === undefined) throw new Error('the file summary is known once records() has been read to the end');
    return summary;
  }

  return {
    path,
    encoding: detected.encoding,
    encodingHow: detected.how,
    delimiter,
    delimiterHow: forcedDelimiter === undefined ? 'detected' : 'forced',
    sizeBytes,
    records,
    summary: getSummary,
    sha256: () => getSummary().sha256,
  };
}

/**
 * The candidate giving the most consistent field count above 1 over the first records (the
 * share of records having the most common count; ties go to more fields, then to the order
 * `,` `;` tab `|`). Quotes are respected. One column, or nothing better, gives `,`.
 */
export function sniffDelimiter(text: string, isWholeText: boolean): string {
  let best = { delimiter: ',', consistency: 0, fields: 1 };
  for (const delimiter of DELIMITER_CANDIDATES) {
    const counts = sampleFieldCounts(text, delimiter, isWholeText);
    if (counts.length === 0) continue;
    const frequency = new Map<number, number>();
    for (const c of counts) frequency.set(c, (frequency.get(c) ?? 0) + 1);
    let fields = 0;
    let times = 0;
    for (const [c, t] of frequency) {
      if (t > times || (t === times && c > fields)) [fields, times] = [c, t];
    }
    const consistency = times / counts.length;
    if (fields > 1 && (consistency > best.consistency || (consistency === best.consistency && fields > best.fields))) {
      best = { delimiter, consistency, fields };
    }
  }
  return best.delimiter;
}

function sampleFieldCounts(text: string, delimiter: string, isWholeText: boolean): number[] {
  const counts: number[] = [];
  const parser = new CsvParser({ delimiter });
  const onRecord = (fields: string[]): void => {
    if (counts.length < SNIFF_RECORDS) counts.push(fields.length);
  };
  try {
    parser.push(text, onRecord);
    if (isWholeText) parser.end(onRecord);
  } catch (err) {
    // Text after a closing quote within the sampled records means the quote was not at a field
    // boundary: this is not the delimiter. (An unclosed quote at the end proves nothing.)
    if (err instanceof CsvSyntaxError && err.code === 'csv-text-after-quote' && counts.length < SNIFF_RECORDS) return [];
    if (!(err instanceof CsvSyntaxError)) throw err;
  }
  return counts;
}

function normalizeDelimiter(path: string, raw: string): string {
  const value = raw === 'tab' || raw === '\\t' ? '\t' : raw;
  if (value.length === 1 && value !== '"' && value !== '\r' && value !== '\n') return value;
  throw new IngestError(`delimiter ${JSON.stringify(raw)} is not one character`, {
    file: path,
    hint: 'use --delimiter with one character, e.g. ";" or "|", or "tab"',
    code: 'bad-option',
  });
}

async function readSample(path: string): Promise<{ sample: Buffer; sizeBytes: number }> {
  const handle = await openForReading(path);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw unreadable(path, 'is not a regular file', undefined);
    const sample = Buffer.alloc(Math.min(stat.size, ENCODING_SAMPLE_BYTES));
    let filled = 0;
    while (filled < sample.length) {
      const n = await readAt(path, handle, sample.subarray(filled), filled);
      if (n === 0) break;
      filled += n;
    }
    return { sample: sample.subarray(0, filled), sizeBytes: stat.size };
  } finally {
    await handle.close();
  }
}

async function openForReading(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (err) {
    const code = errnoCode(err);
    const what = code === 'ENOENT' ? 'file not found' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : `cannot open the file (${code ?? String(err)})`;
    throw unreadable(path, what, err);
  }
}

async function readAt(path: string, handle: FileHandle, into: Buffer, position: number): Promise<number> {
  try {
    return (await handle.read(into, 0, into.length, position)).bytesRead;
  } catch (err) {
    const code = errnoCode(err);
    throw unreadable(path, code === 'EISDIR' ? 'is a directory, not a CSV file' : `cannot read the file (${code ?? String(err)})`, err);
  }
}

function errnoCode(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

function unreadable(path: string, what: string, cause: unknown): IngestError {
  return new IngestError(what, { file: path, code: 'file-unreadable', hint: 'check the path and that the file can be read', cause });
}

function emptyFile(path: string): IngestError {
  return new IngestError('file is empty', { file: path, code: 'file-empty', hint: 'export the data again: the file has no header row and no records' });
}

/** Run `fn`, turning a parser or decoder problem into an IngestError for this file. */
function located<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof LocatedError) throw IngestError.fromProblem(path, err, err);
    throw err;
  }
}
