/**
 * CSV (RFC 4180) for admin exports. Cells are quoted when needed, and cells a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR) get a leading
 * apostrophe: exported answers come from the public and must not execute.
 */
export type Cell = string | number | boolean | null | undefined;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
