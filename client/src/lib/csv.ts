/**
 * Spreadsheets run a cell that starts with one of these as a formula (CSV injection); a user agent or a token
 * name is whatever the client sent, so such a cell gets a leading single quote and is read as text.
 */
const FORMULA_TRIGGERS = ['=', '+', '-', '@', '\t', '\r'];

/** One cell, safe to open in a spreadsheet and quoted as RFC 4180 asks when it holds a comma, quote or line break. */
export function csvCell(value: string | number | null | undefined): string {
  let text = value == null ? '' : String(value);
  if (FORMULA_TRIGGERS.some((trigger) => text.startsWith(trigger))) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180: a header row, then one record per row, every line ending in CRLF. */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return [header, ...rows].map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}
