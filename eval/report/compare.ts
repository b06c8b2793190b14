/**
 * Difference between two evaluation runs' metrics, so a researcher sees whether a change helped.
 * Each headline figure is shown for A and B with its interval, and the change B − A.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError, summariseZodError } from "../../pipeline/errors.ts";
import { fmt } from "./render.ts";
import { type MetricsJson, MetricsJsonSchema } from "./schema.ts";

/** The metrics file of a report folder (or the path itself when it names a .json file). */
export function metricsFile(path: string): string {
  return path.endsWith(".json") ? path : join(path, "metrics.json");
}

/** Loads `metrics.json` from a report folder (or the file itself). */
export function loadMetrics(path: string): MetricsJson {
  const file = metricsFile(path);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === "ENOENT" ? "E_NOT_FOUND" : "E_DATA", code === "ENOENT" ? "no metrics.json here; run `send-findings eval --out DIR` first" : "not valid JSON", { file });
  }
  const parsed = MetricsJsonSchema.safeParse(json);
  if (!parsed.success) throw new InputError("E_DATA", `not an eval metrics file: ${summariseZodError(parsed.error)}`, { file });
  return parsed.data;
}

export interface CompareRow {
  metric: string;
  a: number | null;
  a_ci: string;
  b: number | null;
  b_ci: string;
  delta: number | null;
}

/** Headline metrics of two runs side by side. */
export function compareMetrics(a: MetricsJson, b: MetricsJson): CompareRow[] {
  const rows: CompareRow[] = [];
  const ci = (i?: { lo: number | null; hi: number | null }) => (i && i.lo !== null && i.hi !== null ? `${fmt(i.lo)}–${fmt(i.hi)}` : "");
  const push = (metric: string, x: number | null | undefined, y: number | null | undefined, xi?: { lo: number | null; hi: number | null }, yi?: { lo: number | null; hi: number | null }) =>
    rows.push({ metric, a: x ?? null, a_ci: ci(xi), b: y ?? null, b_ci: ci(yi), delta: x !== null && x !== undefined && y !== null && y !== undefined ? y - x : null });
  const fws = [...new Set([...Object.keys(a.sentiment.by_framework), ...Object.keys(b.sentiment.by_framework)])];
  for (const fw of fws) {
    const sa = a.sentiment.by_framework[fw];
    const sb = b.sentiment.by_framework[fw];
    push(`sentiment macro-F1 [${fw}]`, sa?.macro_f1, sb?.macro_f1, sa?.macro_f1_ci, sb?.macro_f1_ci);
    push(`sentiment accuracy [${fw}]`, sa?.accuracy, sb?.accuracy);
    for (const c of ["strength", "weakness", "neutral"]) push(`F1 ${c} [${fw}]`, sa?.per_class[c]?.f1, sb?.per_class[c]?.f1, sa?.per_class[c]?.f1_ci, sb?.per_class[c]?.f1_ci);
    push(`ECE [${fw}]`, sa?.calibration.ece, sb?.calibration.ece);
    const ta = a.themes.by_framework[fw];
    const tb = b.themes.by_framework[fw];
    push(`theme micro-F1 [${fw}]`, ta?.micro.f1, tb?.micro.f1);
    push(`theme macro-F1 [${fw}]`, ta?.macro_f1, tb?.macro_f1);
  }
  return rows;
}

/** Plain-text rendering of a comparison. */
export function formatComparison(rows: readonly CompareRow[], nameA: string, nameB: string, sameData: boolean): string {
  const w = Math.max(...rows.map((r) => r.metric.length), 6);
  const lines = [
    `A: ${nameA}`,
    `B: ${nameB}`,
    sameData ? "same labelled data in both runs" : "WARNING: the runs used different labelled data (data_sha256 differs); differences mix data and method",
    "",
    `${"metric".padEnd(w)}  ${"A".padStart(6)}  ${"A 95% CI".padEnd(11)}  ${"B".padStart(6)}  ${"B 95% CI".padEnd(11)}  ${"B − A".padStart(7)}`,
  ];
  for (const r of rows) {
    const d = r.delta === null ? "n/a" : `${r.delta >= 0 ? "+" : ""}${r.delta.toFixed(3)}`;
    lines.push(`${r.metric.padEnd(w)}  ${fmt(r.a).padStart(6)}  ${r.a_ci.padEnd(11)}  ${fmt(r.b).padStart(6)}  ${r.b_ci.padEnd(11)}  ${d.padStart(7)}`);
  }
  return `${lines.join("\n")}\n`;
}
