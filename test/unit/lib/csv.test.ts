import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../../../functions/lib/csv';

describe('CSV export cells', () => {
  it('quotes separators, quotes and line breaks', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', 3, null, undefined, true])).toBe('a,"b,c","say ""hi""","two\nlines",3,,,true\r\n');
  });

  it('neutralises spreadsheet formulas in text from the public', () => {
    for (const attack of ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd'])
      expect(csvCell(attack).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('plain')).toBe('plain');
  });
});
