/**
 * CSV cells and lines written as they go, escaped exactly as papaparse's `unparse` escapes them
 * with its defaults (the rules of RFC 4180): a cell is quoted when it holds a double quote, a
 * comma, a CR or LF, or a byte-order mark (U+FEFF), or when it starts or ends with a space; a
 * double quote inside is doubled. Nothing else is changed: no formula escaping (papaparse's
 * `escapeFormulae` is off by default), empty cells stay empty. Written by hand rather than calling
 * `Papa.unparse` per row because a stream needs one line at a time, and unparse's per-call set-up
 * and per-cell generic checks cost a fifth of a large `classify` (issue 17); `csv.test.ts` checks
 * the two agree on every row of the corpus and on adversarial cells.
 */

/** papaparse's BAD_DELIMITERS (`\r`, `\n`, `"`, BOM), the delimiter, or a space at either end. */
const NEEDS_QUOTES = /[",\r\n\ufeff]|^ | $/;

/**
 * One CSV cell.
 *
 * @example csvCell('He said "no", then left') // '"He said ""no"", then left"'
 */
export function csvCell(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * One CSV line, without its line end.
 *
 * @example csvLine(["a", "b,c", ""]) // 'a,"b,c",'
 */
export function csvLine(cells: readonly string[]): string {
  let line = "";
  for (let i = 0; i < cells.length; i++) line += (i === 0 ? "" : ",") + csvCell(cells[i]!);
  return line;
}
