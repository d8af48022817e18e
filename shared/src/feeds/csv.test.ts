import { parse as csvParse } from 'csv-parse/sync';
import fc from 'fast-check';
import { CsvSyntaxError, parseCsvRecords } from './csv';

const fields = (text: string) => parseCsvRecords(text).map((r) => r.fields);

/** RFC 4180 writing: quote what needs it (and what would read as a comment or a blank line). */
function toCsv(rows: string[][], eol: string): string {
  const cell = (s: string, i: number, row: string[]) =>
    /[",\r\n]/.test(s) || (i === 0 && s.startsWith('#')) || (row.length === 1 && s === '') ? `"${s.replace(/"/g, '""')}"` : s;
  return rows.map((r) => r.map(cell).join(',')).join(eol);
}

describe('parseCsvRecords', () => {
  it('reads quoted fields, escaped quotes, embedded commas and line breaks, CRLF', () => {
    expect(fields('a,b,c\n1,"two, ""2""",3\r\n"multi\nline",,"end"\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', 'two, "2"', '3'],
      ['multi\nline', '', 'end'],
    ]);
  });

  it('skips comment and blank lines and numbers records by their first line', () => {
    expect(parseCsvRecords('# synthetic\n\nh1,h2\n"x\ny",1\nz,2')).toEqual([
      { fields: ['h1', 'h2'], line: 3 },
      { fields: ['x\ny', '1'], line: 4 },
      { fields: ['z', '2'], line: 6 },
    ]);
  });

  it('keeps a stray quote inside an unquoted field, and a trailing empty field', () => {
    expect(fields('5" gun,b,\n')).toEqual([['5" gun', 'b', '']]);
  });

  it('says on which line an unclosed or misplaced quote starts', () => {
    expect(() => parseCsvRecords('a,b\n1,"open\n2,3\n')).toThrow(
      expect.objectContaining({ line: 2, message: expect.stringContaining('never closed') }),
    );
    expect(() => parseCsvRecords('a,b\n\n"x"y,1')).toThrow(CsvSyntaxError);
  });

  it('reads what csv-parse reads, for any table (csv-parse as the oracle)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r\n', '#', 'é'), maxLength: 12 });
    fc.assert(
      fc.property(
        fc.array(fc.array(text, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        (rows, eol) => {
          const csv = toCsv(rows, eol);
          const oracle = csvParse(csv, {
            relax_column_count: true,
            skip_empty_lines: true,
            comment: '#',
            comment_no_infix: true,
          }) as string[][];
          expect(fields(csv)).toEqual(oracle);
          expect(fields(csv)).toEqual(rows);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('parseCsvRecords on lines without commas (issue 21)', () => {
  it('reads each such line as one field', () => {
    const records = parseCsvRecords('a\n'.repeat(50_000) + 'x,y\n');
    expect(records).toHaveLength(50_001);
    expect(records[49_999]).toEqual({ fields: ['a'], line: 50_000 });
    expect(records[50_000]).toEqual({ fields: ['x', 'y'], line: 50_001 });
  });
});
