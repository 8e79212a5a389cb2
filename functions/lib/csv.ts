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
