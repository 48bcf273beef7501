import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv';

describe('csvCell', () => {
  it('leaves plain text as it is', () => {
    expect(csvCell('Token revoked')).toBe('Token revoked');
  });

  it('writes null and undefined as an empty cell, numbers as digits', () => {
    expect([csvCell(null), csvCell(undefined), csvCell(3)]).toEqual(['', '', '3']);
  });

  it('quotes a cell with a comma, doubling any quotes inside', () => {
    expect(csvCell('Mozilla/5.0 (X11, Linux) "quoted"')).toBe('"Mozilla/5.0 (X11, Linux) ""quoted"""');
  });

  it('quotes a cell with a line break and keeps the break', () => {
    expect(csvCell('first\nsecond')).toBe('"first\nsecond"');
    expect(csvCell('first\r\nsecond')).toBe('"first\r\nsecond"');
  });

  it.each([
    ['=HYPERLINK("http://evil.example")', `"'=HYPERLINK(""http://evil.example"")"`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
  ])('defuses a cell a spreadsheet would run as a formula: %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('leaves formula characters alone when they are not first', () => {
    expect(csvCell('a=b+c-d@e')).toBe('a=b+c-d@e');
  });
});

describe('toCsv', () => {
  it('writes the header and each row as a CRLF-terminated line', () => {
    expect(
      toCsv(
        ['time', 'note'],
        [
          ['2026-01-15T12:00:00.000Z', 'a, b'],
          ['2026-01-14T12:00:00.000Z', null],
        ],
      ),
    ).toBe('time,note\r\n2026-01-15T12:00:00.000Z,"a, b"\r\n2026-01-14T12:00:00.000Z,\r\n');
  });
});
