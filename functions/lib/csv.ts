/**
 * CSV (RFC 4180) for admin exports. Cells are quoted when needed, and cells a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR) get a leading
 * apostrophe: exported answers come from the public and must not execute.
 * Text is cleaned of invisible and direction-changing characters first (data
 * stored before sign-ups were cleaned still has them), so a hidden character
 * cannot disguise a cell or put itself in front of a formula.
 */
import { cleanText } from './clean-text';

export type Cell = string | number | boolean | null | undefined;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? cleanText(value) : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** Reading CSV failed: an unclosed quote, or text after a closing quote. `row`: 1-based line of the record. */
export class CsvSyntaxError extends Error {
  override name = 'CsvSyntaxError' as const;
  constructor(
    readonly row: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Parses RFC 4180 CSV (comma-separated, `"` quoting with `""` escapes, CRLF or
 * LF line ends, an optional BOM) into records of cells; blank lines are
 * skipped. Stops with `tooMany` once more than `maxRecords` records are read,
 * so an oversized file costs no more than the records allowed. One pass,
 * linear in the text. Written here rather than taken from a library: it is
 * the mirror of `csvLine` above, a few lines long, and the imports it serves
 * are bounded by the request size.
 */
export function parseCsv(text: string, maxRecords = Infinity): { records: { row: number; cells: string[] }[]; tooMany: boolean } {
  const records: { row: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let recordLine = 1;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === '')) records.push({ row: recordLine, cells });
    cells = [];
    cell = '';
    afterQuote = false;
  };
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
          afterQuote = true;
        }
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === ',') {
      cells.push(cell);
      cell = '';
      afterQuote = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      endRecord();
      if (records.length > maxRecords) return { records: records.slice(0, maxRecords), tooMany: true };
      line++;
      recordLine = line;
    } else if (afterQuote) {
      throw new CsvSyntaxError(recordLine, 'text after a closing quote: quote the whole cell, and double any quote inside it');
    } else if (ch === '"' && cell === '') {
      quoted = true;
    } else {
      cell += ch;
    }
  }
  if (quoted) throw new CsvSyntaxError(recordLine, 'a quoted cell is never closed');
  endRecord();
  if (records.length > maxRecords) return { records: records.slice(0, maxRecords), tooMany: true };
  return { records, tooMany: false };
}
