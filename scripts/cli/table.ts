/** Formats rows as an aligned plain-text table (numbers right-aligned; whole numbers as they are, others to 3 decimals), for terminal output. */
export function formatTable(columns: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const cells = rows.map((r) => r.map((c) => (c === null ? "—" : typeof c === "number" ? formatNumber(c) : c)));
  const widths = columns.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)));
  // Right-aligned: columns of numbers, including numbers already formatted ("19.7%").
  const numeric = columns.map((_, i) => rows.every((r) => typeof r[i] === "number" || r[i] === null || /^[-+]?\d[\d.,]*%?$/.test(String(r[i]))));
  const line = (r: readonly string[]) =>
    r.map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join("  ").trimEnd();
  return [line(columns), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(3);
}

/** Terminal width used when standard output is not a terminal (a pipe, a file). */
export const DEFAULT_COLUMNS = 100;

/**
 * Returns `text` broken into lines of at most `width` characters at spaces; a word longer than the
 * width is cut into pieces (a URL in a finding must not push the line past the terminal edge).
 * Nothing is dropped: joining the lines with single spaces gives the text with its runs of white
 * space collapsed.
 *
 * @example wrapText("Leaders know the area well and act on it.", 16) // ["Leaders know the", "area well and", "act on it."]
 */
export function wrapText(text: string, width: number): string[] {
  const w = Math.max(1, Math.floor(width));
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((x) => x !== "")) {
    let rest = word;
    if (line !== "" && line.length + 1 + rest.length <= w) {
      line += ` ${rest}`;
      continue;
    }
    if (line !== "") lines.push(line);
    while (rest.length > w) {
      lines.push(rest.slice(0, w));
      rest = rest.slice(w);
    }
    line = rest;
  }
  if (line !== "" || lines.length === 0) lines.push(line);
  return lines;
}
