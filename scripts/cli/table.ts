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
