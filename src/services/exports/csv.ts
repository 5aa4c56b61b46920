/** A cell value; null and undefined become empty cells. */
export type CsvValue = string | number | null | undefined;

// Spreadsheets run a cell starting with one of these as a formula (OWASP "CSV injection").
const FORMULA_START = new Set(["=", "+", "-", "@", "\t", "\r"]);

/**
 * One CSV cell: a cell a spreadsheet would run as a formula gets a leading apostrophe, then a
 * cell holding a comma, a quote, CR or LF is quoted with its quotes doubled (RFC 4180).
 */
export function csvCell(value: CsvValue): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (FORMULA_START.has(text.charAt(0))) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line, CRLF-terminated: a file is a header line, then lines written as rows are read. */
export function csvLine(cells: readonly CsvValue[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}
