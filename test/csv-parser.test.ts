import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser, CsvSyntaxError, type CsvParserOptions } from '../src/ingest/csv-parser.js';

interface Parsed {
  records: string[][];
  lines: number[];
  emptyLinesSkipped: number;
}

/** Parse `text` pushed in pieces of `chunk` characters (whole when undefined). */
function parse(text: string, chunk?: number, options: Partial<CsvParserOptions> = {}): Parsed {
  const parser = new CsvParser({ delimiter: ',', ...options });
  const records: string[][] = [];
  const lines: number[] = [];
  const onRecord = (fields: string[], line: number): void => {
    records.push(fields);
    lines.push(line);
  };
  const size = chunk ?? Math.max(1, text.length);
  for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size), onRecord);
  parser.end(onRecord);
  return { records, lines, emptyLinesSkipped: parser.emptyLinesSkipped };
}

/** Same result whole and split at every boundary width that matters (1, 2, 3, 7 characters). */
function parseEverywhere(text: string, options: Partial<CsvParserOptions> = {}): Parsed {
  const whole = parse(text, undefined, options);
  for (const size of [1, 2, 3, 7]) expect(parse(text, size, options), `chunks of ${size}`).toEqual(whole);
  return whole;
}

function syntaxError(text: string, chunk?: number, options: Partial<CsvParserOptions> = {}): CsvSyntaxError {
  try {
    parse(text, chunk, options);
  } catch (err) {
    if (err instanceof CsvSyntaxError) return err;
    throw err;
  }
  throw new Error('expected a CsvSyntaxError');
}

describe('CsvParser: RFC 4180 records', () => {
  it('splits plain records and numbers their lines', () => {
    const r = parseEverywhere('Owner,Amount,Stage\nMaria Garcia,1200,Closed Won\nWei Zhang,800,Prospecting\n');
    expect(r.records).toEqual([
      ['Owner', 'Amount', 'Stage'],
      ['Maria Garcia', '1200', 'Closed Won'],
      ['Wei Zhang', '800', 'Prospecting'],
    ]);
    expect(r.lines).toEqual([1, 2, 3]);
  });

  it('reads a last record without a line break', () => {
    expect(parseEverywhere('a,b\n1,2').records).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('treats CRLF, LF and a lone CR as one line break each', () => {
    const r = parseEverywhere('a,b\r\n1,2\n3,4\r5,6\r\n');
    expect(r.records).toEqual([['a', 'b'], ['1', '2'], ['3', '4'], ['5', '6']]);
    expect(r.lines).toEqual([1, 2, 3, 4]);
  });

  it('keeps delimiters, escaped quotes and line breaks inside quoted fields', () => {
    const r = parseEverywhere('id,account,note\n1,"Globex, Inc.","said ""yes"""\n2,"Acme","line one\nline two\r\nline three"\n3,Initech,ok\n');
    expect(r.records).toEqual([
      ['id', 'account', 'note'],
      ['1', 'Globex, Inc.', 'said "yes"'],
      ['2', 'Acme', 'line one\nline two\r\nline three'],
      ['3', 'Initech', 'ok'],
    ]);
    // Record 3 starts on line 3 and spans lines 3–5 (LF, then CRLF counted once), so record 4 is on line 6.
    expect(r.lines).toEqual([1, 2, 3, 6]);
  });

  it('reads empty fields, quoted empty fields and a trailing delimiter', () => {
    const r = parseEverywhere('a,,c\n,,\n"",x\n1,2,');
    expect(r.records).toEqual([['a', '', 'c'], ['', '', ''], ['', 'x'], ['1', '2', '']]);
  });

  it('skips empty lines, counts them, and keeps line numbers physical', () => {
    const r = parseEverywhere('a\n\n\nb\r\n\r\nc\n\n');
    expect(r.records).toEqual([['a'], ['b'], ['c']]);
    expect(r.lines).toEqual([1, 4, 6]);
    expect(r.emptyLinesSkipped).toBe(4); // lines 2, 3, 5 and 7
  });

  it('keeps a line holding only "" as a record with one empty field', () => {
    expect(parseEverywhere('x\n""\ny\n').records).toEqual([['x'], [''], ['y']]);
  });

  it('keeps a quote inside an unquoted field literally, as Excel does', () => {
    expect(parseEverywhere('item,size\npipe,5" wide\nrod,a "b" c\n').records).toEqual([
      ['item', 'size'],
      ['pipe', '5" wide'],
      ['rod', 'a "b" c'],
    ]);
  });

  it('does not strip a BOM (the decoder does)', () => {
    expect(parse('\ufeffName,Amount\n').records[0]?.[0]).toBe('\ufeffName');
  });

  it.each([
    [';', 'Name;Betrag\nJosé;"1.234,56"\n', [['Name', 'Betrag'], ['José', '1.234,56']]],
    ['\t', 'Name\tAmount\n"Smith, John"\t12\n', [['Name', 'Amount'], ['Smith, John', '12']]],
    ['|', 'a|b\n1|"x|y"\n', [['a', 'b'], ['1', 'x|y']]],
  ])('reads the %j delimiter', (delimiter, text, expected) => {
    expect(parseEverywhere(text, { delimiter }).records).toEqual(expected);
  });

  it('refuses a delimiter that is not one plain character', () => {
    expect(() => new CsvParser({ delimiter: ',,' })).toThrow(RangeError);
    expect(() => new CsvParser({ delimiter: '"' })).toThrow(RangeError);
    expect(() => new CsvParser({ delimiter: '\n' })).toThrow(RangeError);
  });

  it('gives each record its own array', () => {
    const r = parse('a,b\nc,d\n');
    expect(r.records[0]).not.toBe(r.records[1]);
  });
});

describe('CsvParser: errors', () => {
  it('reports text after a closing quote with its line and field', () => {
    const err = syntaxError('a,b,c\n1,2,3\nx,"abc"x,3\n');
    expect(err.code).toBe('csv-text-after-quote');
    expect([err.line, err.column]).toEqual([3, 2]);
    expect(err.message).toBe('unexpected character "x" after the closing quote of field 2 (line 3, field 2)');
  });

  it('reports an unclosed quote at the line and field where it opened', () => {
    for (const chunk of [undefined, 1, 5]) {
      const err = syntaxError('id,note\n1,"never closed\n2,more\n3,text\n', chunk);
      expect(err.code).toBe('csv-unclosed-quote');
      expect([err.line, err.column]).toEqual([2, 2]);
      expect(err.message).toBe('unclosed quote starting at line 2, column 2');
      expect(err.hint).toBe('a field starting with " must end with "; check for a stray quote character');
    }
  });

  it('finds an unclosed quote late in a file (line 9,000)', () => {
    const rows = Array.from({ length: 8_998 }, (_, i) => `${i},"Deal ${i}, renewal",1000.00`);
    // header = line 1, rows = lines 2–8,999, the broken row is line 9,000, then more rows.
    const text = ['id,name,amount', ...rows, '9000,"Stray quote,5', '9001,x,1', '9002,y,2'].join('\n');
    const err = syntaxError(text, 65_536);
    expect([err.line, err.column]).toEqual([9_000, 2]);
  });

  it('refuses a 5 MB field, naming where it starts', () => {
    const big = 'x'.repeat(5 * 1_048_576);
    const unquoted = syntaxError(`a,b\n1,${big}\n`);
    expect(unquoted.code).toBe('csv-field-too-long');
    expect([unquoted.line, unquoted.column]).toEqual([2, 2]);
    expect(unquoted.what).toBe('field is over 1 MiB; is a quote missing?');
    // A stray quote swallowing the rest of the file is stopped at the limit, pushed 1 MiB at a time.
    const swallowed = syntaxError(`a,b\n1,2\n3,"${big}`, 1_048_576);
    expect(swallowed.code).toBe('csv-field-too-long');
    expect([swallowed.line, swallowed.column]).toEqual([3, 2]);
  });

  it('accepts a field of exactly the limit and names a custom limit in characters', () => {
    expect(parse('0123456789,b\n', undefined, { maxFieldChars: 10 }).records).toEqual([['0123456789', 'b']]);
    const err = syntaxError('a,"01234567890"\n', 4, { maxFieldChars: 10 });
    expect(err.what).toBe('field is over 10 characters; is a quote missing?');
    expect([err.line, err.column]).toEqual([1, 2]);
  });
});

describe('CsvParser: speed', () => {
  /** Milliseconds per million characters, parsing `text` in 1 MiB chunks. */
  function msPerMillion(text: string): number {
    const parser = new CsvParser({ delimiter: ',' });
    let records = 0;
    const onRecord = (): void => {
      records++;
    };
    const started = performance.now();
    for (let i = 0; i < text.length; i += 1_048_576) parser.push(text.slice(i, i + 1_048_576), onRecord);
    parser.end(onRecord);
    expect(records).toBeGreaterThan(0);
    return ((performance.now() - started) * 1_000_000) / text.length;
  }

  it('stays linear for CR-only line ends after LF and quoted files (no search for a missing character)', () => {
    // Measured before the fix: a CR-only file parsed after these took 40–130× longer per
    // character than the LF file (each field searched the rest of the chunk for an absent LF).
    const rows = Array.from({ length: 15_000 }, (_, i) => `00600000${i},Acme ${i} renewal,Acme Corp,Maria Garcia,1200.00,5/1/2026,2025-09-17,Closed Won,90,New Business,Web,Call back`);
    const lf = rows.join('\n');
    const quoted = rows.map((r) => r.split(',').map((f) => `"${f}"`).join(',')).join('\n');
    const crOnly = rows.join('\r');
    for (const text of [lf, lf, quoted, quoted]) msPerMillion(text);
    const lfSpeed = Math.min(msPerMillion(lf), msPerMillion(lf));
    const crSpeed = Math.max(msPerMillion(crOnly), msPerMillion(crOnly));
    expect(crSpeed).toBeLessThan(Math.max(10 * lfSpeed, 50));
  });
});

describe('CsvParser: property', () => {
  const field = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r', 'é', ';'), maxLength: 8 });
  const record = fc.array(field, { minLength: 1, maxLength: 5 });

  /** RFC 4180 writer: quote a field holding a special character (and a lone empty field). */
  function write(records: string[][], eol: string): string {
    return records
      .map((r) => r.map((f) => (/[",\r\n]/.test(f) || (r.length === 1 && f === '') ? `"${f.replace(/"/g, '""')}"` : f)).join(','))
      .join(eol);
  }

  it('reads back whatever an RFC 4180 writer wrote, at any chunking, with physical line numbers', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n', '\r'), fc.integer({ min: 1, max: 9 }), (records, eol, chunk) => {
        const text = write(records, eol);
        const r = parse(text, chunk);
        expect(r.records).toEqual(records);
        // Expected line of each record: 1 + line breaks written before it (CRLF counts once).
        let line = 1;
        const expected = records.map((rec) => {
          const at = line;
          line += (rec.join(',').match(/\r\n|\r|\n/g) ?? []).length + 1;
          return at;
        });
        expect(r.lines).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
