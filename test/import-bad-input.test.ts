/**
 * Bad input: every case gives one clear message naming the file, the line (and column where
 * there is one) and the fix, exits non-zero, and leaves the database byte-for-byte as it was.
 */
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileHash, REPO, spm, tempDir } from './helpers/run-spm.js';

let dir: string;
let dbPath: string;

const HEADER = 'deal_id,name,owner,amount,currency,stage,close_date';
const good = (n: number, start = 1): string[] =>
  Array.from({ length: n }, (_, i) => `D${start + i},Deal ${start + i},R001,${1000 + i}.50,USD,Closed Won,2026-03-${String((i % 28) + 1).padStart(2, '0')}`);

beforeAll(() => {
  dir = tempDir();
  dbPath = join(dir, 'spm.db');
  copyFileSync(join(REPO, 'fixtures', 'import', 'reps.csv'), join(dir, 'reps.csv'));
  expect(spm(['--db', dbPath, 'import', 'reps', 'reps.csv'], { cwd: dir }).code).toBe(0);
  writeFileSync(join(dir, 'base.csv'), [HEADER, ...good(3)].join('\n') + '\n');
  expect(spm(['--db', dbPath, 'import', 'deals', 'base.csv'], { cwd: dir }).code).toBe(0);
});

interface Case {
  name: string;
  file: string;
  content: string | Buffer;
  args?: string[];
  code: number;
  /** what the message must say: the location and the problem */
  message: RegExp;
}

const unclosedLate = [HEADER, ...good(9000, 100), 'D9999,"Unclosed deal,R001,10.00,USD,Closed Won,2026-03-01', ...good(5, 20000)].join('\n');

const cases: Case[] = [
  { name: 'unclosed quote late in the file', file: 'unclosed.csv', content: unclosedLate, code: 2, message: /unclosed\.csv:9002:2: .*unclosed quote/i },
  { name: 'ragged row', file: 'ragged.csv', content: [HEADER, ...good(2), 'D9,Ragged,R001,5.00,USD,Closed Won,2026-03-01,extra,more'].join('\n'), code: 1, message: /ragged\.csv:4:8: row has 9 fields but the header has 7/ },
  { name: 'unparseable amount', file: 'amount.csv', content: [HEADER, 'D9,Bad,R001,"12,3x",USD,Closed Won,2026-03-01'].join('\n'), code: 1, message: /amount\.csv:2:4: "12,3x" is not an amount/ },
  { name: 'impossible date', file: 'date.csv', content: [HEADER, 'D9,Bad,R001,10.00,USD,Closed Won,2/30/2026'].join('\n'), code: 1, message: /date\.csv:2:7: "2\/30\/2026" is not a valid date/ },
  { name: 'empty file', file: 'empty.csv', content: '', code: 2, message: /empty\.csv.*empty/ },
  { name: 'header-only file', file: 'header-only.csv', content: HEADER + '\n', code: 2, message: /header-only\.csv: the file has a header but no data rows/ },
  { name: 'duplicate header', file: 'dup-header.csv', content: 'deal_id,amount,stage,amount\nD9,10.00,Closed Won,20.00\n', code: 2, message: /dup-header\.csv:1:2: duplicate column header "amount"/ },
  { name: 'unknown columns with no mapping', file: 'unknown.csv', content: 'opp,who,value\nX1,Ada,10\n', code: 2, message: /unknown\.csv:1: cannot find the deal_id, stage columns/ },
  { name: '__proto__ and SQL-looking headers', file: 'proto.csv', content: '__proto__,"""); DROP TABLE deals;--",toString\nX1,Ada,10\n', code: 2, message: /proto\.csv:1: cannot find the deal_id, stage columns.*"__proto__".*DROP TABLE/ },
  { name: 'a 5 MB field', file: 'huge.csv', content: [HEADER, `D9,"${'x'.repeat(5 * 1024 * 1024)}",R001,1.00,USD,Closed Won,2026-03-01`].join('\n'), code: 2, message: /huge\.csv:2:2: .*1 MiB/ },
  {
    name: 'invalid UTF-8 without --encoding',
    file: 'bad-utf8.csv',
    content: Buffer.concat([Buffer.from(`${HEADER}\nD9,Café Müller,R001,1.00,USD,Closed Won,2026-03-01\nD10,`), Buffer.from([0xc3, 0x28]), Buffer.from(',R001,1.00,USD,Closed Won,2026-03-01\n')]),
    code: 2,
    message: /bad-utf8\.csv:3(:\d+)?: .*UTF-8/,
  },
];

describe('bad input leaves the database as it was', () => {
  for (const c of cases) {
    it(c.name, () => {
      writeFileSync(join(dir, c.file), c.content);
      const before = fileHash(dbPath);
      const r = spm(['--db', dbPath, 'import', 'deals', c.file, ...(c.args ?? [])], { cwd: dir });
      expect(r.code, r.stderr).toBe(c.code);
      expect(r.stderr).toMatch(c.message);
      expect(r.stderr).toMatch(/fix:|hint:/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.stdout).toBe(c.code === 1 ? r.stdout : '');
      expect(fileHash(dbPath)).toBe(before);
    });
  }

  it('--allow-partial imports the good rows and writes every reject to a 0600 file', () => {
    writeFileSync(join(dir, 'partial.csv'), [HEADER, 'P1,Good,R001,10.00,USD,Closed Won,2026-03-01', 'P2,Bad,R001,"12,3x",USD,Closed Won,2026-03-01', 'P3,Good,R001,30.00,USD,Closed Won,2026-03-02'].join('\n'));
    const r = spm(['--db', dbPath, 'import', 'deals', 'partial.csv', '--allow-partial', '--rejects', 'rejects.csv'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/partial\.csv,generic,3,2,0,0,0,1,0/);
    expect(statSync(join(dir, 'rejects.csv')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'rejects.csv'), 'utf8')).toMatch(/partial\.csv,3,4,amount,"""12,3x"" is not an amount/);
  });

  it('--dry-run counts but writes nothing', () => {
    writeFileSync(join(dir, 'dry.csv'), [HEADER, ...good(4, 500)].join('\n'));
    const before = fileHash(dbPath);
    const r = spm(['--db', dbPath, 'import', 'deals', 'dry.csv', '--dry-run'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/dry\.csv,generic,4,4,0,0,0,0,0/);
    expect(fileHash(dbPath)).toBe(before);
  });
});
