/**
 * Encoding detection and strict streaming decoding of raw file bytes.
 *
 * Decoding never substitutes U+FFFD: a byte sequence that is invalid in the file's encoding is an
 * {@link EncodingError} naming its line. UTF-8 is validated with `buffer.isUtf8` (the same rules
 * as `TextDecoder('utf-8', { fatal: true })`) and decoded with `latin1` when a chunk is pure
 * ASCII: 4–6× faster than the TextDecoder on a 195 MB export. Windows-1252 is decoded as Latin-1 plus the 0x80–0x9F table of iconv-lite
 * (Node 20's own `TextDecoder('windows-1252')` gets `€` wrong).
 */

import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { LocatedError } from './ingest-error.js';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type EncodingHow = 'bom' | 'valid-utf8' | 'cp1252-heuristic' | 'forced';

export interface EncodingDetection {
  encoding: TextEncodingName;
  /** Bytes of byte-order mark to skip before decoding. */
  bomLength: number;
  how: EncodingHow;
}

/** How many leading bytes {@link detectEncoding} should be given. */
export const ENCODING_SAMPLE_BYTES = 1_048_576;

const NOT_CP1252_HINT = 'the file is neither UTF-8 nor Windows-1252: re-save it as UTF-8 (Excel: "CSV UTF-8") and import it with --encoding utf-8';

export const ENCODING_HINT =
  'if the file was saved by Excel on Windows, import it with --encoding windows-1252; ' +
  'otherwise re-save it as UTF-8 (Excel: "CSV UTF-8") and import it with --encoding utf-8';

/** `line` is the physical line; `character` the 1-based position within it. */
export class EncodingError extends LocatedError {
  override readonly name = 'EncodingError';
  /** Offset of the first bad byte from the start of the file. */
  readonly byteOffset: number;
  readonly character: number;

  constructor(what: string, hint: string, line: number, character: number, byteOffset: number) {
    super(`${what} at line ${line}, character ${character} (byte offset ${byteOffset})`, hint, 'encoding-invalid', line);
    this.byteOffset = byteOffset;
    this.character = character;
  }
}

const BOMS: ReadonlyArray<readonly [TextEncodingName, readonly number[]]> = [
  ['utf-8', [0xef, 0xbb, 0xbf]],
  ['utf-16le', [0xff, 0xfe]],
  ['utf-16be', [0xfe, 0xff]],
];

function bomOf(bytes: Uint8Array): { encoding: TextEncodingName; length: number } | undefined {
  for (const [encoding, bom] of BOMS) {
    if (bom.every((b, i) => bytes[i] === b)) return { encoding, length: bom.length };
  }
  return undefined;
}

/** Bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D have no character in Windows-1252. */
function isCp1252Undefined(b: number): boolean {
  return b === 0x81 || b === 0x8d || b === 0x8f || b === 0x90 || b === 0x9d;
}

/**
 * Decide the encoding from the first bytes of a file (up to {@link ENCODING_SAMPLE_BYTES}):
 * a BOM wins; else valid UTF-8; else Windows-1252 if the sample has no valid UTF-8 multi-byte
 * sequence and no byte undefined in Windows-1252; else an {@link EncodingError} at the first
 * invalid byte. Many NUL bytes (a quarter of the sample or more) mean UTF-16 without a BOM: an
 * error asking for the encoding.
 * A forced encoding is used as given; its BOM, if present, is still skipped.
 */
export function detectEncoding(firstBytes: Uint8Array, forced?: TextEncodingName): EncodingDetection {
  const bom = bomOf(firstBytes);
  if (forced !== undefined) {
    return { encoding: forced, bomLength: bom?.encoding === forced ? bom.length : 0, how: 'forced' };
  }
  if (bom) return { encoding: bom.encoding, bomLength: bom.length, how: 'bom' };

  const nul = firstBytes.indexOf(0);
  if (nul !== -1 && countZeros(firstBytes, nul) * 4 >= firstBytes.length) {
    const where = locateInBytes(firstBytes, nul);
    const guess = nul % 2 === 1 ? 'utf-16le' : 'utf-16be';
    throw new EncodingError('the file contains NUL bytes: it looks like UTF-16 without a byte-order mark',
      `import it with --encoding ${guess}`, where.line, where.character, nul);
  }

  const complete = firstBytes.subarray(0, firstBytes.length - incompleteUtf8Tail(firstBytes));
  if (isUtf8(complete)) return { encoding: 'utf-8', bomLength: 0, how: 'valid-utf8' };

  const scan = scanUtf8(firstBytes);
  const undefinedAt = firstBytes.findIndex(isCp1252Undefined);
  if (scan.multiByteSequences === 0 && undefinedAt === -1) {
    return { encoding: 'windows-1252', bomLength: 0, how: 'cp1252-heuristic' };
  }
  const at = scan.firstInvalid;
  const where = locateInBytes(firstBytes, at);
  const what = `byte ${hex(firstBytes[at] ?? 0)} is not valid UTF-8`;
  if (scan.multiByteSequences > 0) {
    throw new EncodingError(`${what}, yet other characters in the file are UTF-8 (mixed encodings)`, ENCODING_HINT, where.line, where.character, at);
  }
  const odd = locateInBytes(firstBytes, undefinedAt);
  throw new EncodingError(`${what}, and byte ${hex(firstBytes[undefinedAt] ?? 0)} on line ${odd.line} is not Windows-1252 either`,
    NOT_CP1252_HINT, where.line, where.character, at);
}

export interface StreamDecoder {
  /** Decode the next bytes; an incomplete character at the end is kept for the next call. */
  write(bytes: Buffer): string;
  /** Finish; a character left incomplete at the end of the file is an error. */
  end(): string;
}

export interface DecoderOptions {
  /**
   * The 1-based line of the first character of the text the next `write` returns — e.g. the CSV
   * parser's `currentLine` after it consumed everything decoded so far. Without it the decoder
   * counts line breaks itself (slower: it scans all text once more).
   */
  currentLine?: () => number;
  /** File offset of the first byte given to `write` (the BOM length), for error messages. */
  byteOffset?: number;
}

/** A strict streaming decoder: invalid bytes throw an {@link EncodingError} naming the line. */
export function createDecoder(encoding: TextEncodingName, options: DecoderOptions = {}): StreamDecoder {
  const isUtf16 = encoding === 'utf-16le' || encoding === 'utf-16be';
  const convert = encoding === 'utf-8' ? utf8Piece : encoding === 'windows-1252' ? cp1252Piece : utf16Piece(encoding === 'utf-16be');
  const tailLength = (bytes: Uint8Array): number =>
    encoding === 'utf-8' ? incompleteUtf8Tail(bytes) : isUtf16 ? incompleteUtf16Tail(bytes, encoding === 'utf-16be') : 0;
  let carry: Buffer | undefined; // an incomplete character from the previous write
  let offset = options.byteOffset ?? 0; // file offset of the first byte not yet decoded
  let lineBreaks = 0; // counted only without options.currentLine
  let previous = ''; // the last non-empty text returned, for positions on a line that began there
  const hint = encoding === 'utf-8' ? ENCODING_HINT : encoding === 'windows-1252' ? NOT_CP1252_HINT
    : `the file is not valid ${encoding.toUpperCase()}: re-save it as UTF-8 (Excel: "CSV UTF-8") and import it with --encoding utf-8`;

  function fail(before: string, badByte: number, what: string): never {
    const base = options.currentLine === undefined ? lineBreaks + 1 : options.currentLine();
    const lastBreak = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
    const lineText = lastBreak !== -1 ? before.slice(lastBreak + 1)
      : previous.slice(Math.max(previous.lastIndexOf('\n'), previous.lastIndexOf('\r')) + 1) + before;
    throw new EncodingError(what, hint, base + countLineBreaks(before, previous), codePoints(lineText) + 1, offset + badByte);
  }

  function decode(bytes: Buffer, atEnd: boolean): string {
    const all = carry === undefined ? bytes : Buffer.concat([carry, bytes]);
    const tail = tailLength(all);
    const body = all.subarray(0, all.length - tail);
    const text = convert(body);
    if (typeof text !== 'string') fail(text.before, text.badByte, text.what);
    if (atEnd && tail > 0) fail(text, body.length, 'the file ends in the middle of a character');
    carry = tail > 0 ? Buffer.from(all.subarray(body.length)) : undefined;
    offset += body.length;
    if (options.currentLine === undefined) lineBreaks += countLineBreaks(text, previous);
    if (text.length > 0) previous = text;
    return text;
  }

  return {
    write: (bytes) => decode(bytes, false),
    end: () => decode(Buffer.alloc(0), true),
  };
}

interface PieceFailure {
  /** The valid text before the bad bytes. */
  before: string;
  /** Offset of the bad bytes within the piece. */
  badByte: number;
  what: string;
}

function utf8Piece(bytes: Buffer): string | PieceFailure {
  if (isAscii(bytes)) return bytes.toString('latin1');
  if (isUtf8(bytes)) return bytes.toString('utf8');
  const at = scanUtf8(bytes).firstInvalid;
  return { before: bytes.subarray(0, at).toString('utf8'), badByte: at, what: `byte ${hex(bytes[at] ?? 0)} is not valid UTF-8` };
}

let cp1252High: readonly string[] | undefined;
const C1 = /[\x80-\x9f]/;
const C1_ALL = /[\x80-\x9f]/g;
const CP1252_UNDEFINED = /[\x81\x8d\x8f\x90\x9d]/;

/** Latin-1 equals Windows-1252 outside 0x80–0x9F; those 32 bytes come from iconv-lite's table. */
function cp1252Piece(bytes: Buffer): string | PieceFailure {
  const latin1 = bytes.toString('latin1');
  if (!C1.test(latin1)) return latin1;
  const table = (cp1252High ??= Array.from(iconv.decode(Buffer.from(Array.from({ length: 32 }, (_, i) => 0x80 + i)), 'windows-1252')));
  const map = (s: string): string => s.replace(C1_ALL, (ch) => table[ch.charCodeAt(0) - 0x80] ?? ch);
  const bad = latin1.search(CP1252_UNDEFINED);
  if (bad !== -1) {
    return { before: map(latin1.slice(0, bad)), badByte: bad, what: `byte ${hex(latin1.charCodeAt(bad))} is not a Windows-1252 character` };
  }
  return map(latin1);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function utf16Piece(bigEndian: boolean): (bytes: Buffer) => string | PieceFailure {
  return (bytes) => {
    const text = (bigEndian ? Buffer.from(bytes).swap16() : bytes).toString('utf16le');
    const bad = text.search(LONE_SURROGATE);
    if (bad === -1) return text;
    return { before: text.slice(0, bad), badByte: bad * 2, what: `unpaired surrogate ${hex(text.charCodeAt(bad))} is not valid UTF-16` };
  };
}

/** Length (0–3) of a UTF-8 sequence cut off at the end of `bytes`. */
export function incompleteUtf8Tail(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const b = bytes[n - k] ?? 0;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    if (b < 0xc2 || b > 0xf4) return 0; // ASCII, or a byte that never starts a sequence
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return length > k ? k : 0;
  }
  return 0;
}

/** An odd byte, plus a high surrogate waiting for its pair. */
function incompleteUtf16Tail(bytes: Uint8Array, bigEndian: boolean): number {
  const odd = bytes.length % 2;
  const end = bytes.length - odd;
  if (end < 2) return odd;
  const hi = bytes[bigEndian ? end - 2 : end - 1] ?? 0;
  return hi >= 0xd8 && hi <= 0xdb ? odd + 2 : odd;
}

/**
 * Walk UTF-8 by the WHATWG rules: the offset of the first invalid (or truncated) sequence, or
 * -1, and how many valid multi-byte sequences there are (invalid bytes are stepped over).
 */
export function scanUtf8(bytes: Uint8Array): { firstInvalid: number; multiByteSequences: number } {
  let firstInvalid = -1;
  let multiByteSequences = 0;
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    }
    let ok = need > 0 && i + need < n;
    for (let k = 1; ok && k <= need; k++) {
      const c = bytes[i + k] ?? 0;
      if (c < lo || c > hi) ok = false;
      lo = 0x80;
      hi = 0xbf;
    }
    if (ok) {
      multiByteSequences++;
      i += need + 1;
    } else {
      if (firstInvalid === -1) firstInvalid = i;
      i++;
    }
  }
  return { firstInvalid, multiByteSequences };
}

/** Line breaks in `text`: CR, LF, or CRLF counted once (also when `previous` ended with the CR). */
function countLineBreaks(text: string, previous: string): number {
  let count = 0;
  let i = -1;
  while ((i = text.indexOf('\n', i + 1)) !== -1) {
    if (i > 0 ? text.charCodeAt(i - 1) !== 13 : !previous.endsWith('\r')) count++;
  }
  i = -1;
  while ((i = text.indexOf('\r', i + 1)) !== -1) count++;
  return count;
}

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Line and character of a byte offset in a sample that is UTF-8 up to that offset. */
function locateInBytes(bytes: Uint8Array, offset: number): { line: number; character: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const b = bytes[i];
    if (b === 13 || (b === 10 && bytes[i - 1] !== 13)) line++;
    if (b === 13 || b === 10) lineStart = i + 1;
  }
  return { line, character: codePoints(Buffer.from(bytes.subarray(lineStart, offset)).toString('utf8')) + 1 };
}

function countZeros(bytes: Uint8Array, first: number): number {
  let count = 0;
  for (let i = first; i !== -1; i = bytes.indexOf(0, i + 1)) count++;
  return count;
}

function hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}
