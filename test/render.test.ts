import { describe, expect, it } from 'vitest';
import { colorLevel, createPalette, isColorEnabled } from '../src/render/color.js';
import { neutraliseFormula, renderCsv } from '../src/render/csv.js';
import {
  canonicalDecimal,
  exactNumber,
  formatRatioFraction,
  formatRatioPercent,
  groupThousands,
} from '../src/render/format-cell.js';
import { escapeHtml, renderHtml } from '../src/render/html.js';
import { render } from '../src/render/index.js';
import { loadRenderer } from '../src/render/load.js';
import { renderJson } from '../src/render/json.js';
import { escapeMarkdownCell, renderMarkdown } from '../src/render/markdown.js';
import { formatFromPath, OUTPUT_FORMATS, resolveFormat, type Column, type Report, type Row } from '../src/render/report.js';
import { renderTable, terminalSafe } from '../src/render/table.js';

const GENERATED_AT = '2026-10-05T08:00:00.000Z';
const ESC = '\u001b';

/**
 * A quarter of attainment for three reps. Ratios are computed the way the attainment command
 * computes them (credited / quota as floats):
 *   Ana   102000.00 / 120000.00 = 0.85          → "85.0%",  CSV 0.85
 *   Björn  99450.50 /  90000.00 = 1.1050055…    → "110.5%", CSV 1.105006
 *   Chen   quota 0.00 → no attainment (null)    → empty
 *   Total 202685.00 / 210000.00 = 0.9651666…    → "96.5%",  JSON 0.965167
 * Totals: credited 102000.00 + 99450.50 + 1234.50 = 202685.00; gap -18000.00 + 9450.50 + 1234.50
 * = -7315.00; deals 7 + 12 + 1 = 20.
 */
function attainmentReport(): Report {
  return {
    command: 'report attainment',
    title: 'Attainment 2026-Q3',
    params: { period: '2026-Q3', by: 'rep', currency: 'USD' },
    columns: [
      { key: 'period', label: 'Period', type: 'text' },
      { key: 'group', label: 'Rep', type: 'id' },
      { key: 'name', label: 'Name', type: 'text' },
      { key: 'quota', label: 'Quota', type: 'money' },
      { key: 'credited', label: 'Credited', type: 'money' },
      { key: 'attainment', label: 'Attainment', type: 'ratio' },
      { key: 'gap', label: 'Gap', type: 'money' },
      { key: 'deals', label: 'Deals', type: 'int' },
      { key: 'currency', label: 'Currency', type: 'text' },
    ],
    rows: [
      { period: '2026-Q3', group: 'rep-001', name: 'Ana Souza', quota: '120000.00', credited: '102000.00',
        attainment: 102000 / 120000, gap: '-18000.00', deals: 7, currency: 'USD' },
      { period: '2026-Q3', group: 'rep-002', name: 'Björn Lind', quota: '90000.00', credited: '99450.50',
        attainment: 99450.5 / 90000, gap: '9450.50', deals: 12, currency: 'USD' },
      { period: '2026-Q3', group: 'rep-003', name: 'Chen, Wei', quota: '0.00', credited: '1234.50',
        attainment: null, gap: '1234.50', deals: 1, currency: 'USD' },
    ],
    totals: { quota: '210000.00', credited: '202685.00', attainment: 202685 / 210000, gap: '-7315.00', deals: 20 },
    notes: ['Quotas prorated for 92 days.'],
    warnings: ['rep-003 has no quota for 2026-Q3'],
  };
}

/** A one-column report of `type` holding the given cells, for per-cell checks. */
function oneColumn(type: Column['type'], cells: Row['x'][]): Report {
  return {
    command: 'test',
    params: {},
    columns: [{ key: 'x', label: 'X', type }],
    rows: cells.map((x) => ({ x })),
    warnings: [],
  };
}

/** CSV data lines (header dropped) for a one-column report. */
function csvCells(type: Column['type'], cells: Row['x'][]): string[] {
  return renderCsv(oneColumn(type, cells)).split('\n').slice(1, -1);
}

describe('attainment report in every format', () => {
  it('table: grouped money, percents, right-aligned numbers, separated Total row, no ANSI', () => {
    const expected = [
      'Attainment 2026-Q3',
      '┌─────────┬─────────┬────────────┬────────────┬────────────┬────────────┬────────────┬───────┬──────────┐',
      '│ Period  │ Rep     │ Name       │      Quota │   Credited │ Attainment │        Gap │ Deals │ Currency │',
      '├─────────┼─────────┼────────────┼────────────┼────────────┼────────────┼────────────┼───────┼──────────┤',
      '│ 2026-Q3 │ rep-001 │ Ana Souza  │ 120,000.00 │ 102,000.00 │      85.0% │ -18,000.00 │     7 │ USD      │',
      '│ 2026-Q3 │ rep-002 │ Björn Lind │  90,000.00 │  99,450.50 │     110.5% │   9,450.50 │    12 │ USD      │',
      '│ 2026-Q3 │ rep-003 │ Chen, Wei  │       0.00 │   1,234.50 │            │   1,234.50 │     1 │ USD      │',
      '├─────────┼─────────┼────────────┼────────────┼────────────┼────────────┼────────────┼───────┼──────────┤',
      '│ Total   │         │            │ 210,000.00 │ 202,685.00 │      96.5% │  -7,315.00 │    20 │          │',
      '└─────────┴─────────┴────────────┴────────────┴────────────┴────────────┴────────────┴───────┴──────────┘',
      '',
      'Quotas prorated for 92 days.',
      '',
    ].join('\n');
    expect(render(attainmentReport(), 'table', { color: false, generatedAt: GENERATED_AT })).toBe(expected);
  });

  it('csv: keys as headers, plain numbers, ratio fractions, quoted comma, no totals or notes', () => {
    const expected =
      'period,group,name,quota,credited,attainment,gap,deals,currency\n' +
      '2026-Q3,rep-001,Ana Souza,120000.00,102000.00,0.85,-18000.00,7,USD\n' +
      '2026-Q3,rep-002,Björn Lind,90000.00,99450.50,1.105006,9450.50,12,USD\n' +
      '2026-Q3,rep-003,"Chen, Wei",0.00,1234.50,,1234.50,1,USD\n';
    expect(render(attainmentReport(), 'csv', { color: false, generatedAt: GENERATED_AT })).toBe(expected);
  });

  it('csv: --bom puts a UTF-8 byte order mark first and nothing else changes', () => {
    const plain = renderCsv(attainmentReport());
    const withBom = render(attainmentReport(), 'csv', { color: false, bom: true, generatedAt: GENERATED_AT });
    expect(withBom).toBe(`\uFEFF${plain}`);
    expect(Buffer.from(withBom, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('json: schema fields in order, money as major-unit numbers, generatedAt from the caller', () => {
    const expected = {
      schemaVersion: 1,
      command: 'report attainment',
      generatedAt: GENERATED_AT,
      params: { period: '2026-Q3', by: 'rep', currency: 'USD' },
      rows: [
        { period: '2026-Q3', group: 'rep-001', name: 'Ana Souza', quota: 120000, credited: 102000,
          attainment: 0.85, gap: -18000, deals: 7, currency: 'USD' },
        { period: '2026-Q3', group: 'rep-002', name: 'Björn Lind', quota: 90000, credited: 99450.5,
          attainment: 1.105006, gap: 9450.5, deals: 12, currency: 'USD' },
        { period: '2026-Q3', group: 'rep-003', name: 'Chen, Wei', quota: 0, credited: 1234.5,
          attainment: null, gap: 1234.5, deals: 1, currency: 'USD' },
      ],
      totals: { quota: 210000, credited: 202685, attainment: 0.965167, gap: -7315, deals: 20 },
      notes: ['Quotas prorated for 92 days.'],
      warnings: ['rep-003 has no quota for 2026-Q3'],
    };
    const text = render(attainmentReport(), 'json', { color: false, generatedAt: GENERATED_AT });
    // Exact text: key order as above, two-space indentation, trailing newline.
    expect(text).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    expect(text).toContain('\n  "schemaVersion": 1,\n  "command": "report attainment",\n');
    expect(text).toContain('"credited": 99450.5,');
  });

  it('markdown: GitHub table, right-aligned numbers, bold totals, title and notes', () => {
    const expected = [
      '## Attainment 2026-Q3',
      '',
      '| Period | Rep | Name | Quota | Credited | Attainment | Gap | Deals | Currency |',
      '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
      '| 2026-Q3 | rep-001 | Ana Souza | 120,000.00 | 102,000.00 | 85.0% | -18,000.00 | 7 | USD |',
      '| 2026-Q3 | rep-002 | Björn Lind | 90,000.00 | 99,450.50 | 110.5% | 9,450.50 | 12 | USD |',
      '| 2026-Q3 | rep-003 | Chen, Wei | 0.00 | 1,234.50 |  | 1,234.50 | 1 | USD |',
      '| **Total** |  |  | **210,000.00** | **202,685.00** | **96.5%** | **-7,315.00** | **20** |  |',
      '',
      '- Quotas prorated for 92 days.',
      '',
    ].join('\n');
    expect(render(attainmentReport(), 'md', { color: false, generatedAt: GENERATED_AT })).toBe(expected);
  });

  it('html: standalone document with CSP, right-aligned numbers, totals, notes and warnings', () => {
    const html = render(attainmentReport(), 'html', { color: false, generatedAt: GENERATED_AT });
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')).toBe(true);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    );
    expect(html).toContain('<title>Attainment 2026-Q3</title>');
    expect(html).toContain(`<p class="meta">spm report attainment · generated ${GENERATED_AT}</p>`);
    const body = html.slice(html.indexOf('<table>'));
    expect(body).toBe(
      [
        '<table>',
        '<thead><tr><th scope="col">Period</th><th scope="col">Rep</th><th scope="col">Name</th>' +
          '<th scope="col" class="num">Quota</th><th scope="col" class="num">Credited</th>' +
          '<th scope="col" class="num">Attainment</th><th scope="col" class="num">Gap</th>' +
          '<th scope="col" class="num">Deals</th><th scope="col">Currency</th></tr></thead>',
        '<tbody>',
        '<tr><td>2026-Q3</td><td>rep-001</td><td>Ana Souza</td><td class="num">120,000.00</td>' +
          '<td class="num">102,000.00</td><td class="num">85.0%</td><td class="num">-18,000.00</td>' +
          '<td class="num">7</td><td>USD</td></tr>',
        '<tr><td>2026-Q3</td><td>rep-002</td><td>Björn Lind</td><td class="num">90,000.00</td>' +
          '<td class="num">99,450.50</td><td class="num">110.5%</td><td class="num">9,450.50</td>' +
          '<td class="num">12</td><td>USD</td></tr>',
        '<tr><td>2026-Q3</td><td>rep-003</td><td>Chen, Wei</td><td class="num">0.00</td>' +
          '<td class="num">1,234.50</td><td class="num"></td><td class="num">1,234.50</td>' +
          '<td class="num">1</td><td>USD</td></tr>',
        '</tbody>',
        '<tfoot><tr><td>Total</td><td></td><td></td><td class="num">210,000.00</td>' +
          '<td class="num">202,685.00</td><td class="num">96.5%</td><td class="num">-7,315.00</td>' +
          '<td class="num">20</td><td></td></tr></tfoot>',
        '</table>',
        '<section class="notes">',
        '<h2>Notes</h2>',
        '<ul>',
        '<li>Quotas prorated for 92 days.</li>',
        '</ul>',
        '</section>',
        '<section class="warnings">',
        '<h2>Warnings</h2>',
        '<ul>',
        '<li>rep-003 has no quota for 2026-Q3</li>',
        '</ul>',
        '</section>',
        '</body>',
        '</html>',
        '',
      ].join('\n'),
    );
  });

  it('html loads nothing from the network', () => {
    const html = renderHtml(attainmentReport(), { generatedAt: GENERATED_AT });
    expect(html).not.toMatch(/\b(src|href)\s*=|url\(|@import|<script|<link/i);
  });
});

describe('CSV formula-injection neutralisation (by column type)', () => {
  it('prefixes text cells that a spreadsheet would run', () => {
    expect(csvCells('text', ['=1+1', '+1', '-5', '@SUM(A1)', 'Ana', '5-2'])).toEqual([
      "'=1+1",
      "'+1",
      "'-5",
      "'@SUM(A1)",
      'Ana',
      '5-2',
    ]);
  });

  it('prefixes a leading tab, NUL, CR or LF (the last two are then quoted per RFC 4180)', () => {
    const csv = renderCsv(oneColumn('text', ['\tx', '\0x', '\rx', '\nx']));
    expect(csv).toBe("x\n'\tx\n'\0x\n\"'\rx\"\n\"'\nx\"\n");
  });

  it('a number written in a text column is text: -5 gets the prefix', () => {
    expect(csvCells('text', [-5])).toEqual(["'-5"]);
  });

  it('id and date columns are neutralised too', () => {
    expect(csvCells('id', ['=cmd|"/c calc"!A1'])).toEqual([`"'=cmd|""/c calc""!A1"`]);
    expect(csvCells('date', ['=1+1', '2026-03-31'])).toEqual(["'=1+1", '2026-03-31']);
  });

  it('money, int, decimal and ratio values are never prefixed', () => {
    expect(csvCells('money', ['-5.00', '-1234.50'])).toEqual(['-5.00', '-1234.50']);
    expect(csvCells('int', [-5])).toEqual(['-5']);
    expect(csvCells('decimal', ['-0.075'])).toEqual(['-0.075']);
    expect(csvCells('ratio', [-0.25])).toEqual(['-0.25']);
  });

  it('a string that is not a number in a money column is treated as text and neutralised', () => {
    expect(csvCells('money', ['=2+3', '-'])).toEqual(["'=2+3", "'-"]);
  });

  it('booleans are true/false and null is empty', () => {
    expect(csvCells('bool', [true, false, null])).toEqual(['true', 'false', '']);
  });

  it('neutraliseFormula leaves ordinary text alone', () => {
    expect(neutraliseFormula('Acme = Corp')).toBe('Acme = Corp');
    expect(neutraliseFormula('')).toBe('');
  });

  it('a report with no rows is the header line only', () => {
    expect(renderCsv(oneColumn('text', []))).toBe('x\n');
  });
});

describe('keys such as __proto__ and toString', () => {
  const columns: Column[] = [
    { key: '__proto__', label: 'Proto', type: 'text' },
    { key: 'toString', label: 'To string', type: 'text' },
    { key: 'constructor', label: 'Constructor', type: 'money' },
  ];
  // JSON.parse makes "__proto__" an own property, as a CSV header mapped naively would.
  const parsed: Row = JSON.parse('{"__proto__": "polluted?", "constructor": "12.50"}');
  const report: Report = { command: 'test', params: {}, columns, rows: [parsed, {}], warnings: [] };

  it('are read as own properties only, never from Object.prototype', () => {
    expect(renderCsv(report)).toBe('__proto__,toString,constructor\npolluted?,,12.50\n,,\n');
  });

  it('survive into JSON as plain keys without touching any prototype', () => {
    const text = renderJson(report, { generatedAt: GENERATED_AT });
    const rows: unknown = JSON.parse(text).rows;
    expect(text).toContain('"__proto__": "polluted?"');
    expect(JSON.stringify(rows)).toBe(
      '[{"__proto__":"polluted?","toString":null,"constructor":12.5},' +
        '{"__proto__":null,"toString":null,"constructor":null}]',
    );
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  it('a value inherited through the prototype chain is not a cell', () => {
    const inherited: Row = Object.create({ __proto__: null, toString: 'from the prototype' });
    expect(renderCsv({ ...report, rows: [inherited] })).toBe('__proto__,toString,constructor\n,,\n');
  });

  it('render in the table, Markdown and HTML views', () => {
    expect(renderTable(report, { color: false })).toContain('│ polluted? │           │       12.50 │');
    expect(renderMarkdown(report)).toContain('| polluted? |  | 12.50 |');
    expect(renderHtml(report, { generatedAt: GENERATED_AT })).toContain('<td>polluted?</td><td></td>');
  });
});

describe('escaping for HTML, Markdown and the terminal', () => {
  const hostile = `<script>alert("x")</script> & 'y'`;

  it('HTML entity-encodes every value, the title, notes and warnings', () => {
    const report: Report = {
      ...oneColumn('text', [hostile]),
      title: hostile,
      notes: [hostile],
      warnings: [hostile],
    };
    const html = renderHtml(report, { generatedAt: GENERATED_AT });
    const encoded = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;';
    expect(escapeHtml(hostile)).toBe(encoded);
    expect(html).not.toContain('<script');
    expect(html).toContain(`<title>${encoded}</title>`);
    expect(html).toContain(`<td>${encoded}</td>`);
    expect(html.split(`<li>${encoded}</li>`)).toHaveLength(3); // one note + one warning
  });

  it('Markdown escapes pipes, markup and line breaks in cells', () => {
    expect(escapeMarkdownCell('a|b')).toBe('a\\|b');
    expect(escapeMarkdownCell('line 1\nline 2\r\nline 3')).toBe('line 1<br>line 2<br>line 3');
    expect(escapeMarkdownCell('<b>*x*</b>')).toBe('\\<b\\>\\*x\\*\\</b\\>');
    expect(renderMarkdown(oneColumn('text', ['Acme | Co']))).toBe('| X |\n| --- |\n| Acme \\| Co |\n');
  });

  it('the terminal view turns control characters into harmless text', () => {
    expect(terminalSafe(`a${ESC}[2Jb\nc\td`)).toBe('a\uFFFD[2Jb c d');
    expect(renderTable(oneColumn('text', [`${ESC}[31mred`]), { color: false })).not.toContain(ESC);
  });
});

describe('colour switch', () => {
  it('NO_COLOR (any non-empty value) turns colour off, even on a terminal and over FORCE_COLOR', () => {
    expect(colorLevel({ env: { NO_COLOR: '1' }, isTTY: true })).toBe(0);
    expect(colorLevel({ env: { NO_COLOR: 'yes', FORCE_COLOR: '3' }, isTTY: true })).toBe(0);
    expect(colorLevel({ env: { NO_COLOR: '' }, isTTY: true })).toBe(1);
  });

  it('FORCE_COLOR 0 disables and 1-3 enable whatever the TTY; otherwise the TTY decides', () => {
    expect(colorLevel({ env: { FORCE_COLOR: '0' }, isTTY: true })).toBe(0);
    expect(colorLevel({ env: { FORCE_COLOR: '1' }, isTTY: false })).toBe(1);
    expect(colorLevel({ env: { FORCE_COLOR: '3' }, isTTY: false })).toBe(3);
    expect(colorLevel({ env: {}, isTTY: true })).toBe(1);
    expect(colorLevel({ env: {}, isTTY: false })).toBe(0);
  });

  it('NO_COLOR produces a table without a single ANSI code; colour on does use them', () => {
    const color = isColorEnabled({ env: { NO_COLOR: '1' }, isTTY: true });
    const off = render(attainmentReport(), 'table', { color, generatedAt: GENERATED_AT });
    expect(off).not.toContain(ESC);
    const on = render(attainmentReport(), 'table', { color: true, generatedAt: GENERATED_AT });
    expect(on).toContain(`${ESC}[1mAttainment 2026-Q3${ESC}[22m`); // bold title
    expect(on).toContain(`${ESC}[31m-18,000.00${ESC}[39m`); // negative gap in red
  });

  it('a palette with colour off returns its input unchanged', () => {
    const palette = createPalette(false);
    expect(palette.enabled).toBe(false);
    expect(palette.bold('x') + palette.red('y') + palette.dim('z') + palette.yellow('w')).toBe('xyzw');
    expect(createPalette(1).yellow('w')).toBe(`${ESC}[33mw${ESC}[39m`);
  });
});

describe('the renderer of one format, loaded on its own', () => {
  it('writes exactly what render writes, in every format and with every option', async () => {
    for (const format of OUTPUT_FORMATS) {
      const renderer = await loadRenderer(format);
      for (const options of [{ color: false, generatedAt: GENERATED_AT }, { color: true, bom: true, generatedAt: GENERATED_AT }]) {
        expect(renderer(attainmentReport(), options)).toBe(render(attainmentReport(), format, options));
      }
    }
    expect((await loadRenderer('csv'))(attainmentReport(), { color: false, bom: true, generatedAt: GENERATED_AT }).startsWith('\uFEFF')).toBe(true);
  });
});

describe('number formatting', () => {
  it('ratios as fractions: at most 6 decimals, no float noise', () => {
    expect(formatRatioFraction(0.85)).toBe('0.85');
    expect(formatRatioFraction(0.1 + 0.2)).toBe('0.3'); // 0.30000000000000004 in binary
    expect(formatRatioFraction(1 / 3)).toBe('0.333333');
    expect(formatRatioFraction(2 / 3)).toBe('0.666667');
    expect(formatRatioFraction(1)).toBe('1');
    expect(formatRatioFraction(0)).toBe('0');
    expect(formatRatioFraction(-0.0000001)).toBe('0'); // rounds to -0.000000: no "-0"
    expect(formatRatioFraction(Number.NaN)).toBe('');
  });

  it('ratios as percents with one decimal', () => {
    expect(formatRatioPercent(0.85)).toBe('85.0%');
    expect(formatRatioPercent(1.234)).toBe('123.4%');
    expect(formatRatioPercent(0)).toBe('0.0%');
    expect(formatRatioPercent(-0.0001)).toBe('0.0%');
    expect(formatRatioPercent(-0.25)).toBe('-25.0%');
  });

  it('money groups thousands and keeps the minor digits as given', () => {
    expect(groupThousands('-1234567.50')).toBe('-1,234,567.50');
    expect(groupThousands('999.999')).toBe('999.999');
    expect(groupThousands('1000')).toBe('1,000');
    expect(groupThousands('0.00')).toBe('0.00');
  });

  it('exact decimals become JSON numbers only when they read back unchanged', () => {
    expect(canonicalDecimal('0012.500')).toBe('12.5');
    expect(canonicalDecimal('-0.00')).toBe('0');
    expect(exactNumber('1234.50')).toBe(1234.5);
    expect(exactNumber('-0.10')).toBe(-0.1);
    expect(exactNumber('12345678901234567.89')).toBeUndefined(); // 19 significant digits
  });

  it('JSON keeps an amount it cannot represent exactly as a string and warns', () => {
    const report = oneColumn('money', ['12345678901234567.89', '5.00', 'n/a']);
    const parsed: { rows: unknown; warnings: unknown } = JSON.parse(
      renderJson({ ...report, warnings: ['from the command'] }, { generatedAt: GENERATED_AT }),
    );
    expect(parsed.rows).toEqual([{ x: '12345678901234567.89' }, { x: 5 }, { x: 'n/a' }]);
    expect(parsed.warnings).toEqual([
      'from the command',
      'row 1, x: 12345678901234567.89 has too many digits for an exact JSON number; written as a string',
      'row 3, x: "n/a" is not a number; written as a string',
    ]);
  });
});

describe('totals that are not row columns (pareto-style)', () => {
  const report: Report = {
    command: 'report pareto',
    params: {},
    columns: [
      { key: 'item', label: 'Item', type: 'text' },
      { key: 'value', label: 'Value', type: 'money' },
    ],
    rows: [{ item: 'Acme', value: '800.00' }],
    totals: { items: 1, gini: '0.4213' },
    totalsColumns: [
      { key: 'items', label: 'Items', type: 'int' },
      { key: 'gini', label: 'Gini', type: 'decimal' },
    ],
    warnings: [],
  };

  it('are listed under the table instead of a Total row', () => {
    expect(renderTable(report, { color: false })).toBe(
      ['┌──────┬────────┐', '│ Item │  Value │', '├──────┼────────┤', '│ Acme │ 800.00 │',
        '└──────┴────────┘', 'Items: 1', 'Gini: 0.4213', ''].join('\n'),
    );
    expect(renderMarkdown(report)).toBe(
      '| Item | Value |\n| --- | ---: |\n| Acme | 800.00 |\n\n- **Items:** 1\n- **Gini:** 0.4213\n',
    );
  });

  it('are typed in JSON', () => {
    const parsed: { totals: unknown } = JSON.parse(renderJson(report, { generatedAt: GENERATED_AT }));
    expect(parsed.totals).toEqual({ items: 1, gini: 0.4213 });
  });
});

describe('output format resolution (SPEC §2)', () => {
  it('an explicit --format wins over the -o extension and the TTY', () => {
    expect(resolveFormat({ format: 'json', output: 'payout.csv', isTTY: true })).toBe('json');
    expect(resolveFormat({ format: 'MD', isTTY: false })).toBe('md');
  });

  it('without --format the -o extension decides', () => {
    expect(resolveFormat({ output: 'q3/attainment.HTML', isTTY: true })).toBe('html');
    expect(resolveFormat({ output: 'notes.markdown', isTTY: true })).toBe('md');
    expect(resolveFormat({ output: 'summary.txt', isTTY: false })).toBe('table');
    expect(resolveFormat({ output: 'payout-2026-10', isTTY: true })).toBe('csv'); // a file is not a terminal
  });

  it('otherwise table on a terminal and csv when piped', () => {
    expect(resolveFormat({ isTTY: true })).toBe('table');
    expect(resolveFormat({ isTTY: false })).toBe('csv');
  });

  it('an unknown format is an error that lists the accepted values', () => {
    expect(() => resolveFormat({ format: 'xlsx', isTTY: true })).toThrow(
      'Unknown output format "xlsx". Use --format with one of: table, csv, json, md, html.',
    );
  });

  it('formatFromPath reads only the file name extension', () => {
    expect(formatFromPath('out.json')).toBe('json');
    expect(formatFromPath('out.htm')).toBe('html');
    expect(formatFromPath('reports.csv/out')).toBeUndefined();
    expect(formatFromPath('out.xlsx')).toBeUndefined();
  });
});
