import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCsvFile, sniffDelimiter, type CsvFileOptions } from '../src/ingest/csv-file.js';
import { IngestError, formatIngestError } from '../src/ingest/ingest-error.js';
import { createDecoder, detectEncoding, EncodingError } from '../src/ingest/text-decode.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-csv-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
async function file(content: string | Buffer): Promise<string> {
  const path = join(dir, `input-${++counter}.csv`);
  await writeFile(path, content);
  return path;
}

async function readAll(path: string, options: CsvFileOptions = {}): Promise<{ rows: string[][]; lines: number[]; batches: number }> {
  const info = await openCsvFile(path, options);
  const rows: string[][] = [];
  const lines: number[] = [];
  let batches = 0;
  for await (const batch of info.records()) {
    expect(batch.rows.length).toBe(batch.lines.length);
    rows.push(...batch.rows);
    lines.push(...batch.lines);
    batches++;
  }
  return { rows, lines, batches };
}

async function ingestError(promise: Promise<unknown>): Promise<IngestError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof IngestError) return err;
    throw err;
  }
  throw new Error('expected an IngestError');
}

const DEALS = 'Deal ID,Owner,Amount\nD-1,Maria Garcia,1200\nD-2,Wei Zhang,800\n';

describe('openCsvFile: encodings', () => {
  it('reads UTF-8 and strips its BOM', async () => {
    const path = await file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(DEALS)]));
    const info = await openCsvFile(path);
    expect([info.encoding, info.encodingHow]).toEqual(['utf-8', 'bom']);
    const { rows } = await readAll(path);
    expect(rows[0]).toEqual(['Deal ID', 'Owner', 'Amount']);
  });

  it('reads UTF-16LE and UTF-16BE with a BOM', async () => {
    const text = 'Name,City\nJosé Müller,Zürich\n李雷,北京\n';
    const le = await file(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const be = await file(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]));
    for (const [path, encoding] of [[le, 'utf-16le'], [be, 'utf-16be']] as const) {
      expect((await openCsvFile(path)).encoding).toBe(encoding);
      for (const chunkSize of [undefined, 3]) {
        const { rows } = await readAll(path, chunkSize === undefined ? {} : { chunkSize });
        expect(rows).toEqual([['Name', 'City'], ['José Müller', 'Zürich'], ['李雷', '北京']]);
      }
    }
  });

  it('recognises Windows-1252 (Excel on Windows) and decodes € correctly', async () => {
    const path = await file(iconv.encode('Owner;Amount\nJosé Müller;€ 1.234,56\nFrançois;€ 80\n', 'windows-1252'));
    const info = await openCsvFile(path);
    expect([info.encoding, info.encodingHow, info.delimiter]).toEqual(['windows-1252', 'cp1252-heuristic', ';']);
    const { rows } = await readAll(path);
    expect(rows).toEqual([['Owner', 'Amount'], ['José Müller', '€ 1.234,56'], ['François', '€ 80']]);
  });

  it('refuses invalid UTF-8 in an otherwise UTF-8 file, naming the line', async () => {
    // Line 3 holds "Zürich" in UTF-8, line 4 a Windows-1252 "é" (0xE9).
    const bytes = Buffer.concat([Buffer.from('Owner,City\nWei,Berlin\nAnna,Zürich\nJos'), Buffer.from([0xe9]), Buffer.from(',Paris\n')]);
    const path = await file(bytes);
    const err = await ingestError(openCsvFile(path));
    expect(err.code).toBe('encoding-invalid');
    expect(err.line).toBe(4);
    expect(err.message).toBe(`${path}:4: byte 0xE9 is not valid UTF-8, yet other characters in the file are UTF-8 (mixed encodings) at line 4, character 4 (byte offset ${bytes.indexOf(0xe9)})`);
    expect(err.hint).toContain('--encoding windows-1252');
  });

  it('finds invalid UTF-8 after the first MiB while streaming, at the right line', async () => {
    // 30,000 ASCII lines of 40 bytes (1.2 MB: past the 1 MiB sample), then a bad byte on line 30,002.
    const head = 'id,name,amount\n' + Array.from({ length: 30_000 }, (_, i) => `${String(i).padStart(6, '0')},Deal name padded to size,100.00`).join('\n') + '\n';
    const path = await file(Buffer.concat([Buffer.from(head), Buffer.from('999999,Caf'), Buffer.from([0xe9]), Buffer.from(',1\n')]));
    for (const chunkSize of [undefined, 4_096]) {
      const info = await openCsvFile(path, chunkSize === undefined ? {} : { chunkSize });
      expect(info.encodingHow).toBe('valid-utf8');
      const err = await ingestError(readAll(path, chunkSize === undefined ? {} : { chunkSize }));
      expect(err.code).toBe('encoding-invalid');
      expect(err.line).toBe(30_002);
      expect(err.what).toContain('at line 30002, character 11 (byte offset');
    }
  });

  it('honours a forced encoding', async () => {
    const path = await file(iconv.encode('Name\nJosé\n', 'windows-1252'));
    const info = await openCsvFile(path, { encoding: 'windows-1252' });
    expect([info.encoding, info.encodingHow]).toEqual(['windows-1252', 'forced']);
    const err = await ingestError(openCsvFile(path, { encoding: 'utf-8' }));
    expect([err.code, err.line]).toEqual(['encoding-invalid', 2]);
  });
});

describe('detectEncoding and createDecoder', () => {
  it('detects by BOM, validity and the Windows-1252 heuristic', () => {
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x41]))).toEqual({ encoding: 'utf-8', bomLength: 3, how: 'bom' });
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x41, 0]))).toEqual({ encoding: 'utf-16le', bomLength: 2, how: 'bom' });
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0, 0x41]))).toEqual({ encoding: 'utf-16be', bomLength: 2, how: 'bom' });
    expect(detectEncoding(Buffer.from('Zürich'))).toEqual({ encoding: 'utf-8', bomLength: 0, how: 'valid-utf8' });
    expect(detectEncoding(Buffer.from([0x5a, 0xfc, 0x72]))).toEqual({ encoding: 'windows-1252', bomLength: 0, how: 'cp1252-heuristic' });
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x41]), 'windows-1252')).toEqual({ encoding: 'windows-1252', bomLength: 0, how: 'forced' });
  });

  it('accepts a sample cut in the middle of a UTF-8 character', () => {
    const euro = Buffer.from('price €'); // € is E2 82 AC
    expect(detectEncoding(euro.subarray(0, euro.length - 1)).encoding).toBe('utf-8');
  });

  it('refuses bytes that are neither UTF-8 nor Windows-1252', () => {
    // 0xE9 is not UTF-8 here, and 0x81 has no Windows-1252 character.
    expect(() => detectEncoding(Buffer.from([0x41, 0x0a, 0x42, 0xe9, 0x0a, 0x81]))).toThrow(/byte 0xE9 is not valid UTF-8, and byte 0x81 on line 3 is not Windows-1252 either/);
  });

  it('asks for the encoding of UTF-16 without a BOM', () => {
    expect(() => detectEncoding(Buffer.from('Name,City\n', 'utf16le'))).toThrow(EncodingError);
    try {
      detectEncoding(Buffer.from('Name,City\n', 'utf16le'));
    } catch (err) {
      expect(err instanceof EncodingError && err.hint).toBe('import it with --encoding utf-16le');
    }
  });

  it('keeps a stray NUL in an otherwise UTF-8 file', () => {
    expect(detectEncoding(Buffer.from('Name,City\nAnna,Ber\u0000lin\n')).encoding).toBe('utf-8');
  });

  it('decodes characters split across writes and counts lines by itself', () => {
    const decoder = createDecoder('utf-8');
    const bytes = Buffer.from('a\r\nb\nü€😀');
    let text = '';
    for (const byte of bytes) text += decoder.write(Buffer.from([byte]));
    expect(text + decoder.end()).toBe('a\r\nb\nü€😀');

    const bad = createDecoder('utf-8');
    bad.write(Buffer.from('x\r'));
    expect(() => bad.write(Buffer.from([0x0a, 0x79, 0xff]))).toThrow(/^byte 0xFF is not valid UTF-8 at line 2, character 2 \(byte offset 4\)$/);
  });

  it('refuses a file that ends inside a character, and undefined Windows-1252 bytes', () => {
    const cut = createDecoder('utf-8');
    expect(cut.write(Buffer.from([0x61, 0xe2, 0x82]))).toBe('a');
    expect(() => cut.end()).toThrow(/the file ends in the middle of a character/);
    expect(() => createDecoder('windows-1252').write(Buffer.from([0x41, 0x8d]))).toThrow(/byte 0x8D is not a Windows-1252 character/);
    expect(createDecoder('windows-1252').write(Buffer.from([0x80, 0x9f, 0xe9]))).toBe('€Ÿé');
  });
});

describe('openCsvFile: delimiters', () => {
  it.each([
    ['semicolon', 'Name;Amount;Close Date\nMaria;1.234,56;31.03.2026\nWei;80,00;01.04.2026\n', ';'],
    ['tab', 'Name\tAmount\tNote\nMaria\t1,234.56\tsaid "hi"; ok\nWei\t80\tx\n', '\t'],
    ['pipe', 'Name|Amount\nMaria|1200\nWei|80\n', '|'],
    ['comma with semicolons in text', 'Name,Note,Amount\nMaria,"a; b; c",1\nWei,"d; e",2\n', ','],
    ['one column', 'Name\nMaria\nWei\n', ','],
  ])('detects %s', async (_, text, delimiter) => {
    const info = await openCsvFile(await file(text));
    expect([info.delimiter, info.delimiterHow]).toEqual([delimiter, 'detected']);
  });

  it('prefers the consistent delimiter over a title block', () => {
    const text = 'Acme Corp\nProfit and Loss\n\nDate,Type,Num,Amount\n01/02/2026,Invoice,1001,"1,200.00"\n01/03/2026,Invoice,1002,80.00\n';
    expect(sniffDelimiter(text, true)).toBe(',');
  });

  it('uses a forced delimiter, including the word "tab"', async () => {
    const path = await file('a;b\tc\n1;2\t3\n');
    const info = await openCsvFile(path, { delimiter: 'tab' });
    expect([info.delimiter, info.delimiterHow]).toEqual(['\t', 'forced']);
    expect((await readAll(path, { delimiter: 'tab' })).rows).toEqual([['a;b', 'c'], ['1;2', '3']]);
    expect((await ingestError(openCsvFile(path, { delimiter: ';;' }))).code).toBe('bad-option');
  });
});

describe('openCsvFile: streaming', () => {
  it('keeps line numbers right across tiny chunks and batches', async () => {
    const text = 'id,note\r\n1,"two\r\nlines"\r\n\r\n2,plain\r\n3,"a ""quoted"" word"\r\n4,"x\ny\nz"\r\n5,last';
    const path = await file(text);
    const expected = {
      rows: [['id', 'note'], ['1', 'two\r\nlines'], ['2', 'plain'], ['3', 'a "quoted" word'], ['4', 'x\ny\nz'], ['5', 'last']],
      lines: [1, 2, 5, 6, 7, 10], // record 1 spans lines 2–3, line 4 is empty, record 4 spans 7–9
    };
    for (const chunkSize of [1, 2, 5, 7, 1_048_576]) {
      const got = await readAll(path, { chunkSize, batchSize: 4 });
      expect({ rows: got.rows, lines: got.lines }, `chunk ${chunkSize}`).toEqual(expected);
      expect(got.batches).toBe(2); // 6 records in batches of 4
    }
  });

  it('hashes the whole raw file once it has been read', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(DEALS)]);
    const path = await file(bytes);
    const info = await openCsvFile(path, { chunkSize: 8 });
    expect(() => info.sha256()).toThrow(/known once records\(\) has been read/);
    for await (const batch of info.records()) expect(batch.rows.length).toBe(3);
    expect(info.sha256()).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(info.summary()).toMatchObject({ records: 3, emptyLinesSkipped: 0 });
    expect(info.sizeBytes).toBe(bytes.length);
  });

  it('reports syntax errors with the file name, line and field', async () => {
    const rows = Array.from({ length: 8_998 }, (_, i) => `D-${i},"Owner ${i}",100`);
    const path = await file(['id,owner,amount', ...rows, 'D-x,"Stray,100', 'D-y,ok,1'].join('\n'));
    const err = await ingestError(readAll(path, { chunkSize: 4_096 }));
    expect(err.code).toBe('csv-unclosed-quote');
    expect(err.message).toBe(`${path}:9000:2: unclosed quote starting at line 9000, column 2`);
    expect(formatIngestError(err)).toBe(`${err.message}\n  hint: a field starting with " must end with "; check for a stray quote character`);
  });

  it('refuses a 5 MB field', async () => {
    const path = await file(`a,b\n1,"${'x'.repeat(5_000_000)}"\n`);
    const err = await ingestError(readAll(path));
    expect([err.code, err.line, err.column]).toEqual(['csv-field-too-long', 2, 2]);
  });
});

describe('openCsvFile: unusable files', () => {
  it.each([
    ['0 bytes', Buffer.alloc(0)],
    ['only a BOM', Buffer.from([0xef, 0xbb, 0xbf])],
    ['only whitespace', Buffer.from('\r\n  \n\t\n')],
  ])('says a file with %s is empty', async (_, bytes) => {
    const err = await ingestError(openCsvFile(await file(bytes)));
    expect([err.code, err.what]).toEqual(['file-empty', 'file is empty']);
  });

  it('says a missing file is not found, and a directory cannot be read', async () => {
    const missing = await ingestError(openCsvFile(join(dir, 'nope.csv')));
    expect([missing.code, missing.message]).toEqual(['file-unreadable', `${join(dir, 'nope.csv')}: file not found`]);
    expect((await ingestError(openCsvFile(dir))).code).toBe('file-unreadable');
  });
});

const maven = resolve(__dirname, '../../shared/data/maven-crm/sales_pipeline.csv');
describe.skipIf(!existsSync(maven))('openCsvFile: real export (maven-crm, CRLF)', () => {
  it('reads all 8,800 opportunities plus the header', async () => {
    const { rows, lines } = await readAll(maven);
    expect(rows.length).toBe(8_801);
    expect(rows[0]).toEqual(['opportunity_id', 'sales_agent', 'product', 'account', 'deal_stage', 'engage_date', 'close_date', 'close_value']);
    expect(lines[8_800]).toBe(8_801);
  });
});
